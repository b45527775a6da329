"""Shared fixtures: the real Kiên Giang directive, and one user for each role.

Fixed users in the healthchecks manner: `board` (Ban Tuyên giáo), `committee` (Ban Thường vụ),
`admin_user`, and staff of two bodies: `ubnd_staff` (Ban cán sự đảng UBND tỉnh, lead of
assignment 1) and `rachgia_staff` (Thành ủy Rạch Giá, a member of the group that leads
assignment 4).
"""

import os

import pytest

from assignments.loading import SHIPPED_DIRECTIVE, directive_load, parse_directive_file
from assignments.models import Body, User

from .factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only against PostgreSQL (the second CI run); on SQLite they are
    deselected rather than skipped. Under CI any other skip is a failure, not a quiet pass."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    # `sqlite` marks the SQLite variant of a test that has a PostgreSQL twin (backup, restore).
    other_database = "sqlite" if on_postgres else "postgres"
    deselected = [item for item in items if item.get_closest_marker(other_database)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other_database)]
    if os.environ.get("CI"):
        config.pluginmanager.register(_FailSkipsInCI(), "fail-skips-in-ci")


class _FailSkipsInCI:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.skipped:
            report.outcome = "failed"
            report.longrepr = f"skipped under CI, which must run every test: {report.longrepr}"


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The hashed-manifest storage needs collectstatic; tests serve the source files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run at once in the test's process, so no test needs a broker (the Celery
    integration test starts its own worker)."""
    from directive_tracker.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 costs most of a second per password on a busy machine, and every factory user has
    one; tests that are about hashing set PASSWORD_HASHERS themselves."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def directive(db):
    return directive_load(data=parse_directive_file(SHIPPED_DIRECTIVE)).directive


@pytest.fixture
def board(directive):
    return UserFactory(
        username="bantuyengiao",
        role=User.Role.BOARD,
        bodies=[Body.objects.get(code="ban-tuyen-giao")],
    )


@pytest.fixture
def committee(db):
    return UserFactory(username="thuongvu", role=User.Role.COMMITTEE)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="quantri", role=User.Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def ubnd_staff(directive):
    return UserFactory(username="ubnd", bodies=[Body.objects.get(code="bcsd-ubnd")])


@pytest.fixture
def rachgia_staff(directive):
    return UserFactory(username="rachgia", bodies=[Body.objects.get(code="thanh-uy-rach-gia")])
