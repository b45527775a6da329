"""Fills the database with synthetic data at a scale: `small` or `decade` (ten years).

    manage.py seed_scale small|decade [--seed N] [--flush]

Deterministic (the same scale and seed give the same rows) and written with bulk inserts. The
database must hold no directive yet; `--flush` empties it first (every row, users included).
Every user it creates has the password of SCALE_PASSWORD (printed when it was not set).
"""

import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from assignments.models import Directive
from reports.scale.generate import SCALES, seed_scale

DEFAULT_PASSWORD = "do-hieu-nang-2026"


class Command(BaseCommand):
    help = "Fills an empty database with synthetic data: small or decade (ten years)."

    def add_arguments(self, parser):
        parser.add_argument("scale", choices=sorted(SCALES))
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--flush", action="store_true", help="empty the database first (every row)"
        )

    def handle(self, *args, scale: str, seed: int, flush: bool, **options):
        if flush:
            call_command("flush", interactive=False, verbosity=0)
        elif Directive.objects.exists():
            raise CommandError(
                "The database already holds data; seed_scale fills an empty one. "
                "Run it with --flush to empty it first (this deletes every row)."
            )
        password = os.environ.get("SCALE_PASSWORD") or DEFAULT_PASSWORD
        start = time.perf_counter()
        result = seed_scale(scale=SCALES[scale], seed=seed, password=password)
        elapsed = time.perf_counter() - start
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for name, count in sorted(result.counts.items()):
            self.stdout.write(f"{name:<28} {count:>8}")
        self.stdout.write(self.style.SUCCESS(f"Seeded '{scale}' (seed {seed}) in {elapsed:.1f} s."))
        if not os.environ.get("SCALE_PASSWORD"):
            self.stdout.write(f"Every user's password: {password} (set SCALE_PASSWORD to choose)")
