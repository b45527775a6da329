"""The admin's own words that Django's Vietnamese catalogue lacks come from the project's."""

import ast
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

STRINGS = Path(settings.BASE_DIR) / "directive_tracker" / "django_strings.py"


def _listed() -> list[str]:
    """The msgids directive_tracker/django_strings.py lists (the first argument of each call)."""
    tree = ast.parse(STRINGS.read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
    ]


def _django_msgids() -> set[str]:
    root = Path(django.__file__).parent
    msgids = set()
    for po in root.glob("**/locale/en/LC_MESSAGES/django.po"):
        msgids |= {entry.msgid for entry in polib.pofile(str(po))}
    return msgids


def test_every_listed_string_is_one_of_djangos_own():
    # A Django upgrade that rewords one leaves it untranslated again: this says which.
    assert sorted(set(_listed()) - _django_msgids()) == []


def test_every_listed_string_reads_in_vietnamese():
    with translation.override("vi"):
        untranslated = [msgid for msgid in _listed() if translation.gettext(msgid) == msgid]
    assert untranslated == []


def test_the_admin_pages_speak_vietnamese_where_django_did_not(client, admin_user):
    client.force_login(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Chuyển đến nội dung chính" in index
    assert "Skip to main content" not in index
    changelist = client.get(reverse("admin:reports_progressreport_changelist")).content.decode()
    assert "Đường dẫn trang" in changelist
    assert "Breadcrumbs" not in changelist


JS_PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "djangojs.po"


def test_the_admin_date_picker_names_the_days_in_vietnamese(client, admin_user):
    client.force_login(admin_user)
    catalogue = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # The catalogue is JSON with ASCII escapes: "Chủ nhật" is written "Ch\u1ee7 nh\u1eadt".
    assert '"Sunday": "Ch\\u1ee7 nh\\u1eadt"' in catalogue


def test_the_admin_script_strings_are_djangos_translated_and_compiled():
    po = polib.pofile(str(JS_PO))
    root = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    django_keys = {(e.msgctxt, e.msgid) for e in polib.pofile(str(root))}
    assert sorted(str(k) for k in {(e.msgctxt, e.msgid) for e in po} - django_keys) == []
    assert [e.msgid for e in po if not e.translated()] == []
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(JS_PO.with_suffix(".mo")))
    }
    assert compiled == {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po}


def test_the_history_count_and_the_report_entry_field_each_keep_their_own_words(
    client, admin_user, directive
):
    from reports.models import Evidence

    with translation.override("vi"):
        assert translation.ngettext("entry", "entries", 3) == "mục"
        assert str(Evidence._meta.get_field("entry").verbose_name) == "nội dung báo cáo"
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=admin_user,
        content_type=ContentType.objects.get_for_model(directive),
        object_id=str(directive.pk),
        object_repr=str(directive)[:200],
        action_flag=CHANGE,
        change_message="",
    )
    client.force_login(admin_user)
    history = client.get(reverse("admin:assignments_directive_history", args=[directive.pk]))
    html = " ".join(history.content.decode().split())
    assert "1 mục" in html
    assert "1 entry" not in html
