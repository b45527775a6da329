import datetime
import os
import secrets

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assignments.models import Body, Membership, User

# (username, full name, role, body codes)
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống", User.Role.ADMIN, []),
    ("bantuyengiao", "Nguyễn Văn Tuyên", User.Role.BOARD, ["ban-tuyen-giao"]),
    ("thuongvu", "Trần Thị Thường", User.Role.COMMITTEE, []),
    ("ubnd", "Lê Văn Ủy", User.Role.BODY_STAFF, ["bcsd-ubnd"]),
    ("sotttt", "Phạm Thị Thông", User.Role.BODY_STAFF, ["so-tttt"]),
    ("hoinhabao", "Võ Văn Báo", User.Role.BODY_STAFF, ["hoi-nha-bao"]),
    ("baokiengiang", "Đặng Thị Kiên", User.Role.BODY_STAFF, ["bao-kien-giang"]),
    ("rachgia", "Huỳnh Văn Rạch", User.Role.BODY_STAFF, ["thanh-uy-rach-gia"]),
    ("phuquoc", "Ngô Thị Phú", User.Role.BODY_STAFF, ["thanh-uy-phu-quoc", "thanh-uy-ha-tien"]),
]


class Command(BaseCommand):
    help = (
        "Creates demo users, one per role and staff for a few bodies. Run load_directive first. "
        "With --history, on a fresh database, also the periods since the directive's date with "
        "reports in mixed states, chases and issued summaries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            action="store_true",
            help="also build the demo history (only on a database where no report was sent yet)",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="the day the history runs up to (YYYY-MM-DD); today by default",
        )

    def handle(self, *args, history=False, today=None, **options):
        self.seed_users()
        if history:
            # The history is the reports app's (`demo_history`); called by name, since
            # assignments never imports reports.
            call_command("demo_history", today=today or timezone.localdate(), stdout=self.stdout)

    def seed_users(self):
        password = os.environ.get("DEMO_PASSWORD") or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(9)
        created = self.create_users(password)
        if not created:
            self.stdout.write("Demo users already exist; their passwords are unchanged.")
            return
        self.stdout.write(self.style.SUCCESS(f"Created demo users: {', '.join(created)}"))
        if generated:
            self.stdout.write(f"Their password (set DEMO_PASSWORD to choose one): {password}")

    @transaction.atomic
    def create_users(self, password: str) -> list[str]:
        bodies = {b.code: b for b in Body.objects.all()}
        created = []
        for username, full_name, role, codes in DEMO_USERS:
            missing = [code for code in codes if code not in bodies]
            if missing:
                raise CommandError(
                    f"Body {', '.join(missing)} is not loaded: "
                    "run 'manage.py load_directive' first."
                )
            if User.objects.filter(username=username).exists():
                continue
            first, _, last = full_name.rpartition(" ")
            user = User(
                username=username,
                first_name=last,
                last_name=first,
                role=role,
                email=f"{username}@example.invalid",
                is_staff=role == User.Role.ADMIN,
                is_superuser=role == User.Role.ADMIN,
            )
            user.set_password(password)
            user.save()
            Membership.objects.bulk_create(Membership(user=user, body=bodies[c]) for c in codes)
            created.append(username)
        return created
