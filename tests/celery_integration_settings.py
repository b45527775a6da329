"""Settings for the Celery processes the integration test starts (tests/test_celery_integration.py):
the real settings, with a mail backend the test can slow down, and Redis sweeping unacknowledged
messages every second so a task of a killed worker comes back within the test's time."""

from directive_tracker.settings import *  # noqa: F403
from directive_tracker.settings import CELERY_BROKER_TRANSPORT_OPTIONS

EMAIL_BACKEND = "tests.celery_integration_mail.SlowFileBackend"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
