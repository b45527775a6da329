import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directive_tracker.settings")

app = Celery("directive_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def schedule(sender, **kwargs):
    """The whole beat schedule, in this one place. Each entry expires just before its next run,
    so a copy that waited in the queue behind a stopped worker is dropped, not run twice."""
    from django.conf import settings

    every = settings.REMINDER_SCAN_MINUTES * 60
    sender.add_periodic_task(
        every,
        sender.signature("reports.reminders_scan"),
        name="reminders-scan",
        expires=every * 0.9,
    )
    sweep = settings.WEBHOOK_SWEEP_SECONDS
    sender.add_periodic_task(
        sweep,
        sender.signature("api.webhooks_sweep"),
        name="webhooks-sweep",
        expires=sweep * 0.9,
    )


@beat_init.connect
def scan_at_start(sender, **kwargs):
    # Beat's first interval run comes one interval after it starts; a scan right away makes a
    # restarted scheduler catch up (and /healthz turn fresh) at once.
    app.send_task("reports.reminders_scan", expires=60)
