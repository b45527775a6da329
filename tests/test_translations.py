"""The Vietnamese catalogue is complete, composed (NFC), compiled, and matches the sources."""

import shutil
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_vietnamese_string_is_translated_and_composed():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == []
    for entry in po:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            assert text == unicodedata.normalize("NFC", text), entry.msgid


def test_the_compiled_catalogue_matches_the_source():
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO))}
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(PO))
        if e.translated()
    }
    assert compiled == source


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_the_catalogue_holds_every_string_of_the_sources(tmp_path):
    root = Path(settings.BASE_DIR)
    work = tmp_path / "tree"
    for name in [
        "assignments",
        "reports",
        "signatures",
        "api",
        "operations",
        "directive_tracker",
        "templates",
        "locale",
    ]:
        shutil.copytree(root / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", work / "manage.py")
    subprocess.run(
        [
            str(root / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=work,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var")},
    )
    fresh = {e.msgid for e in polib.pofile(str(work / "locale/vi/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert sorted(fresh - committed) == [], "run script/translate"


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}
SOURCE_PACKAGES = ("assignments", "reports", "api", "signatures", "operations", "directive_tracker")


def test_no_string_is_translated_inside_an_f_string():
    # xgettext does not read the expressions of an f-string: a string translated there never
    # reaches the catalogue, and the page shows it in English.
    import ast

    found = []
    for package in SOURCE_PACKAGES:
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in GETTEXT_NAMES
                    ):
                        found.append(f"{path.relative_to(settings.BASE_DIR)}:{inner.lineno}")
    assert found == []
