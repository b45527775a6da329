"""Folding Vietnamese for search: lower case, no diacritics, đ → d.

NFD decomposition strips the tone and vowel marks but leaves đ/Đ alone (it is a letter of its
own, not d with a mark), so it is mapped by hand, as PostgreSQL's `unaccent` does.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+")
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})
# Longest query the page accepts, and the most words of it that count.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12


def fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    return "".join(fold_char(c) for c in text)


def query_words(query: str) -> list[str]:
    """The folded words a query asks for, each once, in order."""
    words: list[str] = []
    for word in WORD.findall(fold(query)):
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def text_matches(text: str | None, words: list[str]) -> bool:
    """Every word of the query is a whole word of the text (PostgreSQL's `simple` parser with
    an AND query does the same)."""
    if not text or not words:
        return False
    found = set(WORD.findall(fold(text)))
    return all(word in found for word in words)


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original one."""
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for c in fold_char(char):
            folded.append(c)
            origin.append(i)
    return "".join(folded), origin


def highlight(text: str, words: list[str], *, context: int = 120) -> SafeString:
    """An escaped excerpt of the text around its first match, the matching words in <mark>.
    Only whole words are marked; everything the text holds is escaped first."""
    folded, origin = _folded_with_positions(text)
    spans = []
    for match in WORD.finditer(folded):
        if match.group() in words:
            start = origin[match.start()]
            end = origin[match.end() - 1] + 1
            spans.append((start, end))
    if not spans:
        start, end = 0, min(len(text), 2 * context)
    else:
        start = max(0, spans[0][0] - context)
        end = min(len(text), spans[0][1] + 2 * context)
        # Cut at a space, so no word is shown in half.
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[0][0] else start
        if end < len(text):
            space = text.rfind(" ", spans[0][1], end)
            end = space if space > 0 else end
    parts = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))
