"""Fills the Vietnamese catalogue from JSON files and lists what is still untranslated."""

import json
import sys
import unicodedata
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def main(paths: list[str]) -> int:
    po = polib.pofile(str(PO), wrapwidth=100)
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "vi"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    translations: dict = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    for entry in po:
        # A string with a context is keyed "context\u0004msgid", as gettext itself keys it.
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if key in translations:
            value = translations[key]
            if entry.msgid_plural:
                value = value[0] if isinstance(value, list) else value
                entry.msgstr_plural = {0: unicodedata.normalize("NFC", value)}
            else:
                entry.msgstr = unicodedata.normalize("NFC", value)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save()
    missing = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
