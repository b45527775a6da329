"""The words of an assembled draft: a synthesis of the period's data, never each body's text.

What a board clerk would write by hand (summary-model.md): counts of bodies by status, totals
against the previous period in words, a few passages the board marked, difficulties and
proposals said once with how many bodies raised them. Every word comes from layout()["prefill"];
the data is the dict of `reports.selectors.summaries.period_data`.
"""

import re
import unicodedata

from .layout import vn_number, vn_percent

OUTCOME_ORDER = [
    "done_on_time",
    "done_late",
    "in_progress_on_time",
    "in_progress_late",
    "not_accepted",
    "not_sent",
]
# Statuses the board has nothing to act on: counted, the bodies not named.
QUIET_OUTCOMES = {"done_on_time", "done_late"}
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ỹ0-9\"“(])")
_WORD = re.compile(r"\w+")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(" .;,:")
    return text[:1].upper() + text[1:]


def _full_stop(text: str) -> str:
    return text if text.endswith(("…", ".")) else text + "."


def names_text(names: list[str], words: dict) -> str:
    limit = words["names_limit"]
    if len(names) <= limit:
        return ", ".join(names)
    return words["names_more"].format(names=", ".join(names[:limit]))


def comparison(indicator: dict, *, previous_label: str, words: dict) -> str:
    """'tăng 28 tài khoản (2,3%) so với 6 tháng đầu năm 2025', 'giảm …', 'tương đương …'."""
    before, change = indicator["previous"], indicator["change"]
    if before is None or not previous_label:
        return ""
    if change == 0:
        return words["same"].format(previous=previous_label)
    percent = (
        words["percent"].format(percent=vn_percent(abs(change) * 100 / before)) if before else ""
    )
    key = "increase" if change > 0 else "decrease"
    return words[key].format(
        change=vn_number(abs(change)),
        unit=indicator["unit"],
        percent=percent,
        previous=previous_label,
    )


def indicator_phrase(indicator: dict, *, previous_label: str, words: dict) -> str:
    phrase = words["indicator_total"].format(
        name=lower_first(indicator["name"]),
        total=vn_number(indicator["total"]),
        unit=indicator["unit"],
    )
    compared = comparison(indicator, previous_label=previous_label, words=words)
    return f"{phrase}, {compared}" if compared else phrase


def status_sentence(assignment: dict, words: dict) -> str:
    """'18/22 cơ quan, đơn vị hoàn thành đúng hạn; 4 đơn vị đang thực hiện trong hạn (…)'."""
    parts = []
    for key in OUTCOME_ORDER:
        names = assignment["outcomes"].get(key)
        if not names:
            continue
        template = words["status_next"] if parts else words["status_first"]
        part = template.format(
            count=len(names), total=assignment["tasked"], label=words["status_words"][key]
        )
        if key not in QUIET_OUTCOMES:
            part += f" ({names_text(names, words)})"
        parts.append(part)
    return _sentence("; ".join(parts)) + "." if parts else ""


def _normalised_words(text: str) -> frozenset[str]:
    text = unicodedata.normalize("NFC", text).lower()
    return frozenset(_WORD.findall(text))


def _statements_of(text: str) -> list[str]:
    """A passage split into its statements (lines, then sentences), each grouped on its own."""
    statements = []
    for line in text.splitlines():
        line = line.strip().lstrip("-–•+* ").strip()
        statements += [part for part in _SENTENCE_END.split(line) if part.strip()]
    return statements


def group_statements(rows: list[dict], *, marked: list[dict], similarity: float) -> list[dict]:
    """The same or nearly the same statement by several bodies becomes one group.

    Nearly the same: the two statements share at least `similarity` of their words (Jaccard),
    which joins "Lực lượng còn mỏng, chủ yếu kiêm nhiệm" with "Lực lượng còn mỏng, phần lớn
    kiêm nhiệm" and keeps two different difficulties apart. Marked passages come first."""
    groups: list[dict] = []

    def place(text: str, body: str, *, is_marked: bool) -> None:
        words_of = _normalised_words(text)
        if not words_of:
            return
        for group in groups:
            shared = len(words_of & group["words"]) / len(words_of | group["words"])
            if shared >= similarity:
                if body not in group["bodies"]:
                    group["bodies"].append(body)
                group["marked"] = group["marked"] or is_marked
                return
        groups.append({"text": _sentence(text), "words": words_of, "bodies": [body]})
        groups[-1]["marked"] = is_marked

    for highlight in marked:
        place(highlight["text"], highlight["body"], is_marked=True)
    for row in rows:
        for statement in _statements_of(row["text"]):
            place(statement, row["body"], is_marked=False)
    ordered = sorted(
        enumerate(groups),
        key=lambda pair: (not pair[1]["marked"], -len(pair[1]["bodies"]), pair[0]),
    )
    return [
        {"text": group["text"], "bodies": group["bodies"], "marked": group["marked"]}
        for _, group in ordered
    ]


def grouped_section(data: dict, key: str, *, field: str, words: dict) -> str:
    marked = [h for h in data.get("highlights", []) if h["field"] == field]
    groups = group_statements(data.get(key, []), marked=marked, similarity=words["similarity"])
    if not groups:
        return words["none_raised"].format(what=words["none_what"][key])
    limit = words["groups_limit"]
    lines = []
    for number, group in enumerate(groups[:limit], start=1):
        bodies = group["bodies"]
        if len(bodies) == 1:
            raised = words["raised_one"].format(body=bodies[0])
        else:
            counted = words["raised"][key].format(count=len(bodies))
            template = (
                words["raised_few"] if len(bodies) <= words["names_limit"] else words["raised_many"]
            )
            raised = template.format(
                counted=counted, names=", ".join(bodies[: words["names_limit"]])
            )
        lines.append(words["group_line"].format(number=number, text=group["text"], raised=raised))
    if len(groups) > limit:
        lines.append(words["groups_rest"].format(count=len(groups) - limit))
    return "\n".join(lines)


def deployment_section(data: dict, *, words: dict) -> str:
    bodies = data["bodies"]
    sent = [b for b in bodies if b.get("sent")]
    late = [b for b in sent if b.get("late")]
    not_sent = [b["name"] for b in bodies if not b.get("sent")]
    if sent:
        timing = [
            words[key].format(count=count)
            for key, count in (
                ("deployment_on_time", len(sent) - len(late)),
                ("deployment_late", len(late)),
            )
            if count
        ]
        first = words["deployment_sent"].format(
            sent=len(sent), total=len(bodies), timing=", ".join(timing)
        )
    else:
        first = words["deployment_none_sent"]
    if not_sent and sent:
        first += words["deployment_missing"].format(
            count=len(not_sent), names=names_text(not_sent, words)
        )
    elif not not_sent:
        first += words["deployment_all_sent"]
    lines = [_full_stop(first)]
    accepted = data["accepted_count"]
    pending = len(sent) - accepted
    if accepted or pending:
        template = words["deployment_accepted"] if pending else words["deployment_accepted_all"]
        lines.append(template.format(accepted=accepted, pending=pending))
    signals = [word.lower() for word in words["deployment_indicator_words"]]
    # The same indicator under several duties (meetings held for each) is one total here.
    merged: dict[tuple[str, str], dict] = {}
    for indicator in data["indicators"]:
        if not any(word in indicator["name"].lower() for word in signals):
            continue
        key = (indicator["name"].lower(), indicator["unit"])
        if key not in merged:
            merged[key] = {**indicator}
            continue
        total = merged[key]
        total["total"] += indicator["total"]
        if total["previous"] is None or indicator["previous"] is None:
            total["previous"] = total["change"] = None
        else:
            total["previous"] += indicator["previous"]
            total["change"] = total["total"] - total["previous"]
    meetings = [indicator for indicator in merged.values() if indicator["total"]]
    if meetings:
        items = "; ".join(
            indicator_phrase(i, previous_label=data["previous_period"], words=words)
            for i in meetings
        )
        lines.append(words["deployment_indicators"].format(items=items))
    return "\n".join(lines)


def assignment_heading(assignment: dict, words: dict) -> str:
    heading = words["assignment"].format(
        number=assignment["number"], title=_sentence(assignment["title"])
    )
    parts = []
    if assignment.get("lead"):
        parts.append(words["lead"].format(names=", ".join(assignment["lead"])))
    if assignment.get("coordinating"):
        parts.append(words["coordinating"].format(names=", ".join(assignment["coordinating"])))
    if parts:
        heading += words["assignment_bodies"].format(bodies="; ".join(parts))
    return heading


def results_section(data: dict, *, words: dict) -> str:
    lines = []
    previous_label = data["previous_period"]
    for assignment in data["assignments"]:
        lines.append(assignment_heading(assignment, words))
        status = status_sentence(assignment, words)
        if status:
            lines.append(status)
        reported = [i for i in assignment["indicators"] if i["total"] or i["previous"]]
        if reported:
            items = "; ".join(
                indicator_phrase(i, previous_label=previous_label, words=words) for i in reported
            )
            lines.append(words["totals"].format(items=items))
        if not any(key in assignment["outcomes"] for key in OUTCOME_ORDER[:4]):
            lines.append(words["no_report"])
        marked = [
            h
            for h in data.get("highlights", [])
            if h["field"] == "results" and h["assignment"] == assignment["number"]
        ]
        if marked:
            items = "; ".join(
                words["highlight"].format(body=h["body"], text=h["text"].rstrip(" .;"))
                for h in marked
            )
            lines.append(words["highlights"].format(items=items))
    return "\n".join(lines)


def direction_section(data: dict, *, reference: str, words: dict) -> str:
    lines = [
        words["direction_line"].format(
            number=assignment["number"], title=lower_first(assignment["title"]).rstrip(" .")
        )
        for assignment in data["assignments"]
    ]
    lines.append(words["direction"].format(reference=reference))
    return "\n".join(lines)


def narrative(data: dict, *, common: dict, words: dict) -> dict:
    """The draft's title, opening and sections I–V."""
    return {
        "title": words["title"].format(**common),
        "opening": words["opening"].format(**common),
        "deployment": deployment_section(data, words=words),
        "results": results_section(data, words=words),
        "limitations": grouped_section(data, "limitations", field="difficulties", words=words),
        "direction": direction_section(data, reference=common["reference"], words=words),
        "proposals": grouped_section(data, "proposals", field="proposals", words=words),
    }
