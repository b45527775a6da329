"""Folding Vietnamese for search: lower case, no diacritics, đ → d.

NFD decomposition strips the tone and vowel marks but leaves đ/Đ alone (it is a letter of its
own, not d with a mark), so it is mapped by hand, as PostgreSQL's `unaccent` does.
"""

import functools
import re
import unicodedata
from html import escape  # what Django's escape calls, without its lazy-string check per part

from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+")
# Longest query the page accepts, and the most words of it that count.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12


# The combining diacritical marks: Vietnamese's tone and vowel marks are all in this block.
_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Done on whole strings by C code: SQLite's search folds every document of every query."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return _MARKS.sub("", unicodedata.normalize("NFD", text)).lower()


@functools.lru_cache(maxsize=64)
def _query_words(query: str) -> tuple[str, ...]:
    words: list[str] = []
    for word in WORD.findall(fold(query)):
        if word not in words:
            words.append(word)
    return tuple(words[:MAX_QUERY_WORDS])


def query_words(query: str) -> list[str]:
    """The folded words a query asks for, each once, in order."""
    return list(_query_words(query))


def text_matches(text: str | None, words: list[str]) -> bool:
    """Every word of the query is a whole word of the text (PostgreSQL's `simple` parser with
    an AND query does the same)."""
    if not text or not words:
        return False
    folded = fold(text)
    # A plain substring test first, in C: most documents lack a word and stop here.
    if not all(word in folded for word in words):
        return False
    found = set(WORD.findall(folded))
    return all(word in found for word in words)


# fold() of each character met, as a str.translate() table: folding an excerpt's text one
# character at a time (NFD and a regex per character) was most of the time of highlighting it.
# Bounded, whatever texts people paste.
_FOLD_TABLE: dict[int, str] = {}
_FOLD_TABLE_MAX = 4096
_KNOWN: set[str] = set()
# The characters whose folding is not exactly one character (none in Vietnamese text).
_UNEVEN: set[str] = set()


def _learn(chars: set[str]) -> bool:
    """Put the characters' foldings in the table; False when it is full."""
    # The set difference, in C: a text's characters are almost all known already.
    for char in chars - _KNOWN:
        if len(_FOLD_TABLE) >= _FOLD_TABLE_MAX:
            return False
        folded = _FOLD_TABLE[ord(char)] = fold(char)
        _KNOWN.add(char)
        if len(folded) != 1:
            _UNEVEN.add(char)
    return True


def _folded_with_positions(text: str) -> tuple[str, list[int] | range]:
    """The folded text, and for each of its characters the index of the original one."""
    chars = set(text)
    if _learn(chars) and _UNEVEN.isdisjoint(chars):
        # One character for one: the positions are the original ones.
        return text.translate(_FOLD_TABLE), range(len(text))
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for c in fold(char):
            folded.append(c)
            origin.append(i)
    return "".join(folded), origin


@functools.lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern:
    """The words as whole words (a maximal run of WORD), found by one regex: reading every word
    of a long text to compare each with the query's was most of the time of an excerpt."""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")


def highlight(text: str, words: list[str], *, context: int = 120) -> SafeString:
    """An escaped excerpt of the text around its first match, the matching words in <mark>.
    Only whole words are marked; everything the text holds is escaped first."""
    return excerpt(text, words, context=context, always=True)


def excerpt(
    text: str | None, words: list[str], *, context: int = 120, always: bool = False
) -> SafeString | None:
    """highlight(), or None when no word of the query is in the text (unless always)."""
    if not text or not words:
        if not always:
            return None
        text, matches, first = text or "", iter(()), None
    else:
        folded, origin = _folded_with_positions(text)
        matches = _words_pattern(tuple(words)).finditer(folded)
        first = next(matches, None)
    if first is None:
        if not always:
            return None
        start, end = 0, min(len(text), 2 * context)
        spans = []
    else:
        first_start, first_end = origin[first.start()], origin[first.end() - 1] + 1
        start = max(0, first_start - context)
        end = min(len(text), first_end + 2 * context)
        # Cut at a space, so no word is shown in half.
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first_start else start
        if end < len(text):
            space = text.rfind(" ", first_end, end)
            end = space if space > 0 else end
        spans = [(first_start, first_end)]
        # Only the matches the excerpt shows: the rest of a long text is not read.
        for match in matches:
            span_end = origin[match.end() - 1] + 1
            if span_end > end:
                break
            spans.append((origin[match.start()], span_end))
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
