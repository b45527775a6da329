"""Deterministic synthetic data at a chosen scale, written with bulk inserts.

The rows are those the application writes itself (reports with entries, figures, evidence,
history, reviews, chases, notifications, reminders, issued summaries with frozen content), in the
mixed states ten years of use leave behind: most past reports accepted, a few never sent, some
returned or sent late; the current period still open. Everything comes from one
`random.Random(seed)`, so the same scale and seed give the same data.
"""

import contextlib
import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from assignments.models import (
    Assignment,
    AssignmentRecipient,
    Body,
    Directive,
    Duty,
    Indicator,
    Membership,
    Role,
    Task,
    User,
)

from ..models import (
    Chase,
    Evidence,
    IndicatorFigure,
    Notification,
    ProgressEntry,
    ProgressReport,
    Reminder,
    ReportingPeriod,
    Summary,
)
from ..selectors.summaries import period_data, summary_document
from ..services.periods import period_dates, periods_create_upcoming

State = ProgressReport.State

# The data end with this year's annual period still open; fixed, so a seed gives the same data
# whatever the day it runs.
LAST_YEAR = 2026
BATCH = 2000

BOARD_BODY_CODE = "ban-tuyen-giao"


@dataclass(frozen=True)
class Scale:
    name: str
    directives: int
    bodies_min: int
    bodies_max: int
    body_pool: int
    years: int
    notifications_per_user: int
    assignments: int = 4
    duties_per_assignment: int = 4

    @property
    def first_year(self) -> int:
        return LAST_YEAR - self.years + 1


SCALES = {
    "small": Scale(
        "small",
        directives=1,
        bodies_min=25,
        bodies_max=25,
        body_pool=25,
        years=2,
        notifications_per_user=5,
    ),
    "decade": Scale(
        "decade",
        directives=20,
        bodies_min=25,
        bodies_max=40,
        body_pool=45,
        years=10,
        notifications_per_user=80,
    ),
}

PLACES = [
    "Rạch Giá",
    "Hà Tiên",
    "Phú Quốc",
    "Kiên Lương",
    "Hòn Đất",
    "Tân Hiệp",
    "Châu Thành",
    "Giồng Riềng",
    "Gò Quao",
    "An Biên",
    "An Minh",
    "Vĩnh Thuận",
    "U Minh Thượng",
    "Giang Thành",
    "Kiên Hải",
    "Long Xuyên",
    "Châu Đốc",
    "Tân Châu",
    "Tịnh Biên",
    "Tri Tôn",
    "Thoại Sơn",
    "Chợ Mới",
    "Phú Tân",
    "An Phú",
]
AGENCIES = [
    "Sở Thông tin và Truyền thông",
    "Công an tỉnh",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa và Thể thao",
    "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Hội Nông dân tỉnh",
    "Ủy ban Mặt trận Tổ quốc tỉnh",
    "Liên đoàn Lao động tỉnh",
    "Đảng ủy Khối cơ quan",
    "Hội Cựu chiến binh tỉnh",
    "Trường Chính trị tỉnh",
    "Sở Nội vụ",
    "Sở Tư pháp",
]
PRESS = [
    "Báo Kiên Giang",
    "Đài Phát thanh và Truyền hình",
    "Hội Nhà báo tỉnh",
    "Tạp chí Văn nghệ",
    "Cổng Thông tin điện tử tỉnh",
    "Trung tâm Truyền thông",
]
TOPICS = [
    "tăng cường quản lý thông tin trên mạng xã hội",
    "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái",
    "chuyển đổi số trong cơ quan Đảng",
    "công tác tuyên truyền biển, đảo",
    "phòng, chống tham nhũng, tiêu cực",
    "xây dựng nông thôn mới nâng cao",
    "phát triển văn hóa đọc trong cộng đồng",
]
DUTY_TEXTS = [
    "Quán triệt, phổ biến nội dung văn bản đến toàn thể cán bộ, đảng viên",
    "Rà soát, xử lý thông tin xấu, độc trên các trang mạng xã hội của địa phương",
    "Xây dựng lực lượng nòng cốt tham gia đấu tranh trên không gian mạng",
    "Tổ chức tập huấn kỹ năng sử dụng mạng xã hội an toàn, có trách nhiệm",
    "Định hướng dư luận, cung cấp thông tin chính thống kịp thời",
    "Kiểm tra, giám sát việc thực hiện của các tổ chức cơ sở đảng",
    "Phối hợp với cơ quan báo chí tuyên truyền gương người tốt, việc tốt",
    "Sơ kết, đánh giá kết quả và đề xuất giải pháp",
]
SENTENCES = [
    "Đã tổ chức {n} hội nghị quán triệt cho cán bộ, đảng viên và người lao động.",
    "Rà soát {n} tài khoản mạng xã hội, phối hợp xử lý các trường hợp đăng tải thông tin sai "
    "sự thật, xúc phạm uy tín tổ chức, cá nhân.",
    "Phát hành {n} tin, bài định hướng trên các nhóm Zalo, Facebook của địa phương; kịp thời "
    "phản bác các luận điệu xuyên tạc.",
    "Mở {n} lớp tập huấn kỹ năng nhận diện và xử lý thông tin xấu, độc cho cán bộ cơ sở.",
    "Kiểm tra {n} chi bộ, đảng bộ cơ sở về việc chấp hành quy định phát ngôn trên mạng xã hội.",
    "Phối hợp với Công an tỉnh xác minh {n} vụ việc có dấu hiệu vi phạm pháp luật trên không "
    "gian mạng.",
]
DIFFICULTIES = [
    "Lực lượng làm công tác an ninh mạng còn mỏng, thiếu trang thiết bị chuyên dụng.",
    "Một số cán bộ, đảng viên chưa nhận thức đầy đủ trách nhiệm khi tham gia mạng xã hội.",
    "Kinh phí cho công tác tuyên truyền trên không gian mạng còn hạn chế.",
]
PROPOSALS = [
    "Đề nghị tổ chức tập huấn kỹ năng xử lý thông tin xấu, độc cho cán bộ cơ sở.",
    "Đề nghị bổ sung biên chế cho lực lượng chuyên trách về an ninh mạng.",
    "Đề nghị Ban Tuyên giáo Tỉnh ủy cung cấp thêm tài liệu định hướng tuyên truyền.",
]
RETURN_COMMENTS = [
    "Đề nghị bổ sung số liệu cụ thể cho từng nhiệm vụ.",
    "Báo cáo chưa nêu khó khăn, vướng mắc; đề nghị hoàn chỉnh và gửi lại.",
]


@dataclass
class SeedResult:
    scale: Scale
    counts: dict
    password: str


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextlib.contextmanager
def _own_timestamps(*models):
    """Bulk inserts keep the times the generator chose, not the moment of the insert."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class _Generator:
    def __init__(self, *, scale: Scale, seed: int, password: str):
        self.scale = scale
        self.rng = random.Random(seed)
        self.password_hash = make_password(password)
        self.counts = defaultdict(int)

    def _bulk(self, model, objects: list) -> list:
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.counts[model._meta.label] += len(created)
        return created

    def text(self, sentences: int) -> str:
        picked = self.rng.sample(SENTENCES, sentences)
        return " ".join(s.format(n=self.rng.randint(2, 480)) for s in picked)

    # ---- people and bodies -----------------------------------------------------------------

    def bodies(self):
        self.board_body = Body.objects.create(
            code=BOARD_BODY_CODE, name="Ban Tuyên giáo Tỉnh ủy", sort_order=0
        )
        groups = self._bulk(
            Body,
            [
                Body(code="scale-nhom-bao-chi", name="Các cơ quan báo chí", sort_order=1),
                Body(code="scale-nhom-dang-uy", name="Các huyện ủy, thành ủy", sort_order=2),
            ],
        )
        names = [f"Huyện ủy {p}" for p in PLACES] + AGENCIES + PRESS
        pool = []
        for i in range(self.scale.body_pool):
            name = names[i % len(names)] + (f" ({i // len(names) + 1})" if i >= len(names) else "")
            parent = None
            if name.startswith("Huyện ủy"):
                parent = groups[1]
            elif any(name.startswith(p) for p in PRESS):
                parent = groups[0]
            pool.append(
                Body(
                    code=f"scale-co-quan-{i:02d}",
                    name=name,
                    parent=parent,
                    email=f"co-quan-{i:02d}@example.invalid",
                    sort_order=10 + i,
                )
            )
        self.pool = self._bulk(Body, pool)

    def users(self):
        def user(username, full_name, role, **extra):
            family, _, given = full_name.rpartition(" ")
            return User(
                username=username,
                first_name=given,
                last_name=family,
                email=f"{username}@example.invalid",
                role=role,
                password=self.password_hash,
                **extra,
            )

        people = [
            user("quantri", "Quản Trị Viên", User.Role.ADMIN, is_staff=True, is_superuser=True),
            *[user(f"bantuyengiao{n}", f"Nguyễn Văn Tuyên {n}", User.Role.BOARD) for n in (1, 2)],
            *[user(f"thuongvu{n}", f"Trần Thị Thường {n}", User.Role.COMMITTEE) for n in (1, 2)],
            *[
                user(f"canbo{i:02d}", f"Lê Văn Cán {i:02d}", User.Role.BODY_STAFF)
                for i in range(len(self.pool))
            ],
        ]
        self.users_all = self._bulk(User, people)
        self.board_users = [u for u in self.users_all if u.role == User.Role.BOARD]
        staff = [u for u in self.users_all if u.role == User.Role.BODY_STAFF]
        memberships = [Membership(user=u, body=self.board_body) for u in self.board_users]
        memberships += [Membership(user=u, body=b) for u, b in zip(staff, self.pool, strict=True)]
        self._bulk(Membership, memberships)
        self.staff_of = {b.pk: u for u, b in zip(staff, self.pool, strict=True)}

    # ---- directives ----------------------------------------------------------------------------

    def directives(self):
        scale = self.scale
        self.directive_list = []
        self.tasks_of = {}  # directive pk -> {body pk: [duty pk, ...]}
        self.indicators_of = defaultdict(list)  # duty pk -> [indicator pk]
        for d in range(scale.directives):
            directive = Directive.objects.create(
                issuer="Ban Thường vụ Tỉnh ủy Kiên Giang",
                issuer_header="TỈNH ỦY KIÊN GIANG",
                number=str(100 + d),
                symbol="CV/TU",
                date=datetime.date(scale.first_year - 1, 1 + d % 12, 1 + d % 28),
                place="Kiên Giang",
                summary=f"Về việc {TOPICS[d % len(TOPICS)]} (văn bản {d + 1})",
                monitoring_body=self.board_body,
                tracking_starts=datetime.date(scale.first_year, 1, 1),
            )
            self.counts["assignments.Directive"] += 1
            assignments = self._bulk(
                Assignment,
                [
                    Assignment(
                        directive=directive,
                        number=n,
                        text=f"{DUTY_TEXTS[(n + d) % len(DUTY_TEXTS)]}.\n\n{self.text(2)}",
                    )
                    for n in range(1, scale.assignments + 1)
                ],
            )
            duties = self._bulk(
                Duty,
                [
                    Duty(
                        assignment=a,
                        number=n,
                        text=DUTY_TEXTS[(a.number * 3 + n + d) % len(DUTY_TEXTS)],
                    )
                    for a in assignments
                    for n in range(1, scale.duties_per_assignment + 1)
                ],
            )
            indicators = self._bulk(
                Indicator,
                [
                    Indicator(duty=duty, name=name, unit=unit, sort_order=k)
                    for duty in duties
                    if duty.number <= 2
                    for k, (name, unit) in enumerate(
                        [("Tài khoản được rà soát", "tài khoản"), ("Tin, bài định hướng", "tin")][
                            : 1 + duty.number % 2
                        ]
                    )
                ],
            )
            for indicator in indicators:
                self.indicators_of[indicator.duty_id].append(indicator.pk)

            count = self.rng.randint(scale.bodies_min, scale.bodies_max)
            bodies = [self.pool[0]] + self.rng.sample(self.pool[1:], count - 1)
            wanted = {}
            for body in bodies:
                if body is self.pool[0]:
                    wanted[body.pk] = list(duties)
                else:
                    wanted[body.pk] = sorted(
                        self.rng.sample(duties, self.rng.randint(2, 6)),
                        key=lambda duty: (duty.assignment_id, duty.number),
                    )
            recipients = self._bulk(
                AssignmentRecipient,
                [
                    AssignmentRecipient(
                        assignment_id=assignment_id,
                        body_id=body_pk,
                        role=Role.LEAD if k == 0 else Role.COORDINATING,
                    )
                    for body_pk, body_duties in wanted.items()
                    for k, assignment_id in enumerate(
                        dict.fromkeys(duty.assignment_id for duty in body_duties)
                    )
                ],
            )
            recipient_of = {(r.assignment_id, r.body_id): r for r in recipients}
            self._bulk(
                Task,
                [
                    Task(
                        duty=duty,
                        body_id=body_pk,
                        role=recipient_of[(duty.assignment_id, body_pk)].role,
                        recipient=recipient_of[(duty.assignment_id, body_pk)],
                    )
                    for body_pk, body_duties in wanted.items()
                    for duty in body_duties
                ],
            )
            self.tasks_of[directive.pk] = {
                body_pk: [duty.pk for duty in body_duties]
                for body_pk, body_duties in wanted.items()
            }
            self.directive_list.append(directive)

    # ---- periods and reports ---------------------------------------------------------------

    def periods(self):
        periods = []
        for directive in self.directive_list:
            for year in range(self.scale.first_year, LAST_YEAR + 1):
                for kind in (ReportingPeriod.Kind.HALF_YEAR, ReportingPeriod.Kind.ANNUAL):
                    dates = period_dates(directive=directive, kind=kind, year=year)
                    periods.append(
                        ReportingPeriod(
                            directive=directive, kind=kind, year=year, **dates.as_dict()
                        )
                    )
        self.period_list = self._bulk(ReportingPeriod, periods)
        # The annual period of the last year is the one the bodies are working on now.
        self.open_periods = {
            p.pk for p in self.period_list if p.year == LAST_YEAR and p.kind == "annual"
        }

    def _state(self, period) -> str:
        roll = self.rng.random()
        if period.pk in self.open_periods:
            table = [(0.55, State.NOT_REPORTED), (0.85, State.DRAFT), (0.95, State.SUBMITTED)]
            fallback = State.RETURNED
        else:
            table = [
                (0.05, State.NOT_REPORTED),
                (0.08, State.DRAFT),
                (0.12, State.SUBMITTED),
                (0.15, State.RETURNED),
            ]
            fallback = State.ACCEPTED
        return next((state for limit, state in table if roll < limit), fallback)

    def reports(self):
        board_user = self.board_users[0]
        reports = []
        for period in self.period_list:
            for body_pk in self.tasks_of[period.directive_id]:
                state = self._state(period)
                report = ProgressReport(period=period, body_id=body_pk, state=state)
                if state not in (State.NOT_REPORTED,):
                    report.version = self.rng.randint(1, 4)
                if state in (State.SUBMITTED, State.ACCEPTED, State.RETURNED):
                    late_days = self.rng.choice([-6, -3, -1, 0, 0, 1, 4, 12])
                    report.submitted_at = _at(
                        period.body_due + datetime.timedelta(days=late_days), 8 + late_days % 9
                    )
                    report.submitted_by = self.staff_of[body_pk]
                    # Sent once: the history below records no earlier sending.
                    report.first_sent_at = report.submitted_at
                if state in (State.ACCEPTED, State.RETURNED):
                    report.reviewed_at = report.submitted_at + datetime.timedelta(days=2)
                    report.reviewed_by = board_user
                if state == State.RETURNED:
                    report.review_comment = self.rng.choice(RETURN_COMMENTS)
                    report.times_returned = 1
                report.updated_at = report.submitted_at or _at(period.starts_on)
                reports.append(report)
        with _own_timestamps(ProgressReport):
            self.report_list = self._bulk(ProgressReport, reports)

        entries = []
        for report in self.report_list:
            directive_id = self.period_by_pk[report.period_id].directive_id
            filled = report.state != State.NOT_REPORTED
            for k, duty_pk in enumerate(self.tasks_of[directive_id][report.body_id]):
                entry = ProgressEntry(report=report, duty_id=duty_pk)
                if filled and (report.state != State.DRAFT or k % 2 == 0):
                    entry.status = self.rng.choice(ProgressEntry.Status.values)
                    entry.results = self.text(self.rng.randint(2, 3))
                    if self.rng.random() < 0.4:
                        entry.difficulties = self.rng.choice(DIFFICULTIES)
                    if self.rng.random() < 0.3:
                        entry.proposals = self.rng.choice(PROPOSALS)
                entries.append(entry)
        self.entry_list = self._bulk(ProgressEntry, entries)

        figures, evidence = [], []
        for entry in self.entry_list:
            if not entry.results:
                continue
            for indicator_pk in self.indicators_of.get(entry.duty_id, ()):
                figures.append(
                    IndicatorFigure(
                        entry=entry, indicator_id=indicator_pk, value=self.rng.randint(0, 500)
                    )
                )
            if self.rng.random() < 0.15:
                report = entry.report
                evidence.append(
                    Evidence(
                        entry=entry,
                        file=f"evidence/scale-{entry.pk}.pdf",
                        original_name=f"bien-ban-{entry.duty_id}.pdf",
                        content_type="application/pdf",
                        size=self.rng.randint(40_000, 2_000_000),
                        uploaded_by=self.staff_of[report.body_id],
                        uploaded_at=report.updated_at,
                    )
                )
        self._bulk(IndicatorFigure, figures)
        with _own_timestamps(Evidence):
            self._bulk(Evidence, evidence)

    def history(self):
        """The audit rows the services write: a draft saved, sent, then reviewed."""
        report_history = ProgressReport.history.model
        entry_history = ProgressEntry.history.model
        rows = []
        for report in self.report_list:
            if report.state == State.NOT_REPORTED:
                continue
            staff = self.staff_of[report.body_id]
            steps = [(State.DRAFT, "saved", staff, report.updated_at - datetime.timedelta(days=5))]
            if report.submitted_at:
                steps.append((State.SUBMITTED, "submitted", staff, report.submitted_at))
            if report.reviewed_at:
                reason = "accepted" if report.state == State.ACCEPTED else "returned"
                steps.append((report.state, reason, report.reviewed_by, report.reviewed_at))
            for state, reason, user, when in steps:
                rows.append(
                    report_history(
                        id=report.pk,
                        period_id=report.period_id,
                        body_id=report.body_id,
                        state=state,
                        version=report.version,
                        submitted_at=report.submitted_at if state != State.DRAFT else None,
                        first_sent_at=report.submitted_at if state != State.DRAFT else None,
                        times_returned=int(reason == "returned"),
                        submitted_by_id=report.submitted_by_id,
                        reviewed_at=report.reviewed_at if reason != "submitted" else None,
                        reviewed_by_id=report.reviewed_by_id,
                        review_comment=report.review_comment,
                        updated_at=when,
                        history_date=when,
                        history_type="~",
                        history_change_reason=reason,
                        history_user=user,
                    )
                )
        self._bulk(report_history, rows)
        rows = []
        for entry in self.entry_list:
            if not entry.results:
                continue
            report = entry.report
            rows.append(
                entry_history(
                    id=entry.pk,
                    report_id=report.pk,
                    duty_id=entry.duty_id,
                    status=entry.status,
                    results=entry.results,
                    difficulties=entry.difficulties,
                    proposals=entry.proposals,
                    history_date=report.updated_at - datetime.timedelta(days=5),
                    history_type="~",
                    history_change_reason="saved",
                    history_user=self.staff_of[report.body_id],
                )
            )
        self._bulk(entry_history, rows)

    # ---- the board's work --------------------------------------------------------------------

    def chases_and_reminders(self):
        board = self.board_users[0]
        chases, reminders = [], []
        for report in self.report_list:
            period = self.period_by_pk[report.period_id]
            if period.pk in self.open_periods:
                continue  # not due yet: the first scan of the benchmark sends these
            due = period.body_due
            late = report.submitted_at is None or timezone.localdate(report.submitted_at) > due
            reminders.append((period, report.body_id, Reminder.Kind.REPORT_UPCOMING, due, -7))
            if late:
                reminders.append((period, report.body_id, Reminder.Kind.REPORT_DUE, due, 0))
                reminders.append((period, report.body_id, Reminder.Kind.REPORT_LATE, due, 3))
                chases.append(
                    Chase(
                        period=period,
                        body_id=report.body_id,
                        chased_on=due + datetime.timedelta(days=4),
                        chased_by=board,
                        created_at=_at(due + datetime.timedelta(days=4), 10),
                    )
                )
        for period in self.period_list:
            if period.pk not in self.open_periods:
                for kind, offset in (
                    (Reminder.Kind.SUMMARY_UPCOMING, -7),
                    (Reminder.Kind.SUMMARY_DUE, 0),
                ):
                    reminders.append((period, self.board_body.pk, kind, period.summary_due, offset))
        rows = []
        for period, body_pk, kind, due, offset in reminders:
            occasion = due + datetime.timedelta(days=offset)
            at = _at(occasion, 7, self.rng.randint(0, 59))
            rows.append(
                Reminder(
                    period=period,
                    body_id=body_pk,
                    kind=kind,
                    occasion=occasion,
                    due_on=due,
                    state=Reminder.State.SENT,
                    attempts=1,
                    last_attempt_at=at,
                    notified_at=at,
                    emailed_to="co-quan@example.invalid",
                    created_at=at,
                    sent_at=at,
                )
            )
        with _own_timestamps(Chase, Reminder):
            self._bulk(Chase, chases)
            self._bulk(Reminder, rows)

    def notifications(self):
        kinds = list(Notification.Kind.values)
        first = _at(datetime.date(self.scale.first_year, 1, 10))
        span = (_at(datetime.date(LAST_YEAR, 11, 1)) - first).total_seconds()
        rows = []
        for user in self.users_all:
            n = self.scale.notifications_per_user
            for k in range(n):
                created = first + datetime.timedelta(seconds=span * (k + self.rng.random()) / n)
                kind = kinds[k % len(kinds)]
                rows.append(
                    Notification(
                        user=user,
                        kind=kind,
                        title=f"Thông báo {kind}: báo cáo kỳ {created.year}",
                        message=self.text(1),
                        url="/",
                        created_at=created,
                        read_at=None if k >= n - 3 else created + datetime.timedelta(hours=5),
                    )
                )
        with _own_timestamps(Notification):
            self._bulk(Notification, rows)

    def summaries(self):
        """Every past period's summary issued, a third of them reissued as a second version;
        each keeps its frozen content, as issuing does."""
        board = self.board_users[0]
        content_of = {}
        rows = []
        for period in self.period_list:
            if period.pk in self.open_periods:
                continue
            versions = 2 if self.rng.random() < 1 / 3 else 1
            for version in range(1, versions + 1):
                issued_on = period.summary_due + datetime.timedelta(days=version * 10)
                summary = Summary(
                    period=period,
                    version=version,
                    state=Summary.State.ISSUED,
                    number=str(len(rows) + 1),
                    issued_on=issued_on,
                    issued_at=_at(issued_on, 15),
                    issued_by=board,
                    created_at=_at(period.summary_due, 8),
                    created_by=board,
                    title=f"kết quả thực hiện {period.directive.summary}",
                    opening=self.text(2),
                    deployment=self.text(3),
                    results=self.text(3),
                    limitations=self.rng.choice(DIFFICULTIES),
                    direction=self.text(2),
                    proposals=self.rng.choice(PROPOSALS),
                    parent_body="TỈNH ỦY KIÊN GIANG",
                    issuing_body="BAN TUYÊN GIÁO",
                    symbol="BC/BTGTU",
                    place="Kiên Giang",
                    authority_line="K/T TRƯỞNG BAN",
                    signer_title="PHÓ TRƯỞNG BAN",
                    signer_name="Nguyễn Văn Tuyên",
                    recipients="Thường trực Tỉnh ủy (b/c),\nLưu Văn phòng.",
                )
                # The period's data are read once per directive (the last past period, the
                # largest) and stand in for the others: the size, not the figures, matters here.
                key = period.directive_id
                if key not in content_of:
                    last = max(
                        (
                            p
                            for p in self.period_list
                            if p.directive_id == key and p.pk not in self.open_periods
                        ),
                        key=lambda p: p.ends_on,
                    )
                    content_of[key] = period_data(period=last)
                summary.content = summary_document(summary=summary, data=content_of[key])
                rows.append(summary)
        with _own_timestamps(Summary):
            self._bulk(Summary, rows)

    def run(self) -> dict:
        self.bodies()
        self.users()
        self.directives()
        self.periods()
        self.period_by_pk = {p.pk: p for p in self.period_list}
        self.reports()
        self.history()
        self.chases_and_reminders()
        self.notifications()
        self.summaries()
        # The next six-month period was opened months ago in a real database (the scan opens a
        # period once it ends within a year): open it the way the scan does.
        opened = periods_create_upcoming(today=datetime.date(LAST_YEAR, 11, 1))
        self.counts["reports.ReportingPeriod"] += len(opened)
        return dict(self.counts)


def seed_scale(*, scale: Scale, seed: int = 1, password: str) -> SeedResult:
    """Fills an empty database with `scale`'s data, all or nothing."""
    with transaction.atomic():
        counts = _Generator(scale=scale, seed=seed, password=password).run()
    return SeedResult(scale=scale, counts=counts, password=password)
