"""The session store (directive_tracker/sessions.py): Django's database sessions, read by hand."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from directive_tracker.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _saved(**data) -> str:
    session = SessionStore()
    session.update(data)
    session.create()
    return session.session_key


def test_a_live_session_is_read_back():
    key = _saved(note="Ban Tuyên giáo", number=3)
    session = SessionStore(key)
    assert session.load() == {"note": "Ban Tuyên giáo", "number": 3}
    assert session.session_key == key


@pytest.mark.parametrize("expired", [True, False], ids=["expired", "unknown"])
def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key(expired):
    key = _saved(note="x")
    if expired:
        Session.objects.filter(pk=key).update(
            expire_date=timezone.now() - datetime.timedelta(seconds=1)
        )
    else:
        key = "khong-co-phien-nay-0123456789abcdef"
    session = SessionStore(key)
    assert session.load() == {}
    assert session.session_key is None
    session["note"] = "new"
    session.save()
    assert session.session_key not in (None, key)


def test_a_session_about_to_end_is_still_read():
    key = _saved(note="x")
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=30)
    )
    assert SessionStore(key).load() == {"note": "x"}
