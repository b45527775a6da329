"""Loading a directive from its JSON data file.

The file is checked whole before anything is written, and written in one transaction, so a bad
file changes nothing. Loading is idempotent and never overwrites what is already stored: an
administrator's later edits (the document number, the signer, a body's name) survive a reload.
"""

import datetime
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from .models import (
    Assignment,
    AssignmentRecipient,
    Body,
    Directive,
    DocumentReference,
    Duty,
    Role,
    Task,
)

SHIPPED_DIRECTIVE = Path(__file__).resolve().parent / "data" / "kien-giang-2021-08-03.json"


class DirectiveFileError(Exception):
    """A problem in a directive file, with its place in the file (a JSON path)."""

    def __init__(self, location: str, problem: str):
        self.location = location
        self.problem = problem
        super().__init__(f"{location}: {problem}")


@dataclass
class LoadResult:
    directive: Directive
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, was_created: bool) -> None:
        self.created[kind] = self.created.get(kind, 0) + int(was_created)

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def _nfc(value: Any) -> Any:
    """Vietnamese text must be stored composed (NFC) whatever the file's editor produced."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


class _Checker:
    """Reads the parsed file, raising DirectiveFileError at the first problem."""

    def __init__(self, data: Any):
        self.data = data

    def obj(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise DirectiveFileError(where, "must be an object")
        return value

    def items(self, parent: dict, key: str, where: str, *, required: bool = True) -> list:
        if key not in parent or parent[key] is None:
            if required:
                raise DirectiveFileError(where, f"missing field '{key}'")
            return []
        value = parent[key]
        if not isinstance(value, list):
            raise DirectiveFileError(f"{where}.{key}", "must be a list")
        return value

    def text(self, parent: dict, key: str, where: str, *, required: bool = True) -> str:
        value = parent.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise DirectiveFileError(where, f"missing field '{key}'")
            return ""
        if not isinstance(value, str):
            raise DirectiveFileError(f"{where}.{key}", "must be text")
        return value

    def date(self, parent: dict, key: str, where: str) -> datetime.date:
        raw = self.text(parent, key, where)
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            raise DirectiveFileError(
                f"{where}.{key}", f"'{raw}' is not a date in the form YYYY-MM-DD"
            ) from None


def parse_directive_file(path: Path) -> dict:
    """Reads and checks a directive file; returns the checked, NFC-normalised data."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DirectiveFileError(str(path), "file not found") from None
    except UnicodeDecodeError as exc:
        raise DirectiveFileError(str(path), f"not UTF-8 text ({exc.reason})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DirectiveFileError(
            f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})"
        ) from None
    data = _nfc(data)
    check_directive_data(data)
    return data


def check_directive_data(data: Any) -> None:
    c = _Checker(data)
    root = c.obj(data, "(file)")
    directive = c.obj(root.get("directive"), "directive") if "directive" in root else None
    if directive is None:
        raise DirectiveFileError("(file)", "missing field 'directive'")
    for key in ("issuer", "issuer_header", "symbol", "place", "summary"):
        c.text(directive, key, "directive")
    c.date(directive, "date", "directive")
    for key in ("number", "signer_title", "signer_name"):
        c.text(directive, key, "directive", required=False)

    codes: dict[str, str] = {}

    def add_body(body: Any, where: str) -> None:
        body = c.obj(body, where)
        code = c.text(body, "code", where)
        c.text(body, "name", where)
        if slugify(code) != code:
            raise DirectiveFileError(
                f"{where}.code", f"'{code}' may hold only lower-case letters, digits and '-'"
            )
        if code in codes:
            raise DirectiveFileError(
                f"{where}.code", f"duplicate body code '{code}' (first at {codes[code]})"
            )
        codes[code] = where
        email = body.get("email", "")
        if email:
            if not isinstance(email, str):
                raise DirectiveFileError(f"{where}.email", "must be an e-mail address")
            try:
                validate_email(email)
            except ValidationError:
                raise DirectiveFileError(
                    f"{where}.email", f"'{email}' is not an e-mail address"
                ) from None

    bodies = c.items(root, "bodies", "(file)")
    for i, body in enumerate(bodies):
        add_body(body, f"bodies[{i}]")
        for j, member in enumerate(c.items(body, "members", f"bodies[{i}]", required=False)):
            add_body(member, f"bodies[{i}].members[{j}]")

    def known_code(value: Any, where: str) -> None:
        if not isinstance(value, str):
            raise DirectiveFileError(where, "must be a body code")
        if value not in codes:
            raise DirectiveFileError(where, f"unknown body code '{value}'")

    monitoring = c.obj(directive.get("monitoring"), "directive.monitoring")
    known_code(monitoring.get("body"), "directive.monitoring.body")

    for relation in ("implements", "references"):
        for i, doc in enumerate(c.items(directive, relation, "directive", required=False)):
            where = f"directive.{relation}[{i}]"
            doc = c.obj(doc, where)
            for key in ("number", "issuer", "kind"):
                c.text(doc, key, where)
            c.date(doc, "date", where)
    for i, line in enumerate(c.items(directive, "copies_to", "directive", required=False)):
        if not isinstance(line, str):
            raise DirectiveFileError(f"directive.copies_to[{i}]", "must be text")

    assignments = c.items(root, "assignments", "(file)")
    if not assignments:
        raise DirectiveFileError("assignments", "the directive has no assignment")
    numbers: dict[int, str] = {}
    for i, assignment in enumerate(assignments):
        where = f"assignments[{i}]"
        assignment = c.obj(assignment, where)
        number = assignment.get("number")
        if number is None:
            raise DirectiveFileError(where, "missing field 'number'")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise DirectiveFileError(f"{where}.number", "must be a whole number from 1")
        if number in numbers:
            raise DirectiveFileError(
                f"{where}.number",
                f"duplicate assignment number {number} (first at {numbers[number]})",
            )
        numbers[number] = where
        if "body" not in assignment:
            raise DirectiveFileError(where, "missing field 'body'")
        known_code(assignment["body"], f"{where}.body")
        coordinating = c.items(assignment, "coordinating", where, required=False)
        for j, code in enumerate(coordinating):
            known_code(code, f"{where}.coordinating[{j}]")
            if code == assignment["body"]:
                raise DirectiveFileError(
                    f"{where}.coordinating[{j}]", "the lead body cannot also coordinate"
                )
        paragraphs = c.items(assignment, "text", where)
        if not paragraphs or not all(isinstance(p, str) and p for p in paragraphs):
            raise DirectiveFileError(f"{where}.text", "must be a list of non-empty paragraphs")
        duties = c.items(assignment, "duties", where)
        if not duties:
            raise DirectiveFileError(f"{where}.duties", "the assignment has no duty")
        for j, duty in enumerate(duties):
            if not isinstance(duty, str) or not duty:
                raise DirectiveFileError(f"{where}.duties[{j}]", "must be non-empty text")


@transaction.atomic
def directive_load(*, data: dict) -> LoadResult:
    """Stores checked directive data, creating only what is missing."""
    body_by_code: dict[str, Body] = {}
    result_counts: list[tuple[str, bool]] = []

    def store_body(entry: dict, sort_order: int, parent: Body | None) -> None:
        body, created = Body.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "name_en": entry.get("name_en", ""),
                "sort_order": sort_order,
                "parent": parent,
                "email": entry.get("email") or "",
            },
        )
        # An office e-mail the file gives fills an empty one; one set in the admin is kept.
        if not created and entry.get("email") and not body.email:
            body.email = entry["email"]
            body.save(update_fields=["email"])
        body_by_code[body.code] = body
        result_counts.append(("bodies", created))

    for i, entry in enumerate(data["bodies"]):
        store_body(entry, (i + 1) * 100, None)
        for j, member in enumerate(entry.get("members") or []):
            store_body(member, (i + 1) * 100 + j + 1, body_by_code[entry["code"]])

    d = data["directive"]
    monitoring = d["monitoring"]
    directive, created = Directive.objects.get_or_create(
        issuer=d["issuer"],
        date=datetime.date.fromisoformat(d["date"]),
        symbol=d["symbol"],
        summary=d["summary"],
        defaults={
            "issuer_header": d["issuer_header"],
            "number": d.get("number") or "",
            "place": d["place"],
            "signer_title": d.get("signer_title") or "",
            "signer_name": d.get("signer_name") or "",
            "monitoring_body": body_by_code[monitoring["body"]],
            "monitoring_text": monitoring.get("text") or "",
            "reports_to": monitoring.get("reports_to") or "",
            "copies_to": d.get("copies_to") or [],
        },
    )
    result = LoadResult(directive=directive)
    for kind, was_created in result_counts:
        result.count(kind, was_created)
    result.count("directives", created)

    for relation, key in (
        (DocumentReference.Relation.IMPLEMENTS, "implements"),
        (DocumentReference.Relation.CITES, "references"),
    ):
        for doc in d.get(key) or []:
            _, created = DocumentReference.objects.get_or_create(
                directive=directive,
                relation=relation,
                number=doc["number"],
                defaults={
                    "date": datetime.date.fromisoformat(doc["date"]),
                    "issuer": doc["issuer"],
                    "kind": doc["kind"],
                    "title": doc.get("title") or "",
                },
            )
            result.count("documents", created)

    for entry in data["assignments"]:
        assignment, created = Assignment.objects.get_or_create(
            directive=directive,
            number=entry["number"],
            defaults={"text": "\n\n".join(entry["text"])},
        )
        result.count("assignments", created)
        roles = [(entry["body"], Role.LEAD)] + [
            (code, Role.COORDINATING) for code in entry.get("coordinating") or []
        ]
        for code, role in roles:
            _, created = AssignmentRecipient.objects.get_or_create(
                assignment=assignment, body=body_by_code[code], defaults={"role": role}
            )
            result.count("recipients", created)
        for number, text in enumerate(entry["duties"], start=1):
            _, created = Duty.objects.get_or_create(
                assignment=assignment, number=number, defaults={"text": text}
            )
            result.count("duties", created)

    result.created["tasks"] = tasks_sync(directive=directive)
    return result


@transaction.atomic
def tasks_sync(*, directive: Directive) -> int:
    """Creates the missing tasks: one per duty and responsible body, groups expanded to members.

    Called again after an administrator adds a member to a group body or a duty to an assignment.
    Returns how many tasks it created.
    """
    recipients = AssignmentRecipient.objects.filter(assignment__directive=directive).select_related(
        "body"
    )
    members_by_group: dict[int, list[Body]] = {}
    for member in Body.objects.filter(parent__isnull=False, is_active=True):
        members_by_group.setdefault(member.parent_id, []).append(member)
    duties_by_assignment: dict[int, list[Duty]] = {}
    for duty in Duty.objects.filter(assignment__directive=directive):
        duties_by_assignment.setdefault(duty.assignment_id, []).append(duty)
    existing = set(
        Task.objects.filter(duty__assignment__directive=directive).values_list("duty_id", "body_id")
    )
    missing = []
    for recipient in recipients:
        responsible = members_by_group.get(recipient.body_id) or [recipient.body]
        for duty in duties_by_assignment.get(recipient.assignment_id, []):
            for body in responsible:
                if (duty.pk, body.pk) not in existing:
                    existing.add((duty.pk, body.pk))
                    missing.append(
                        Task(duty=duty, body=body, role=recipient.role, recipient=recipient)
                    )
    Task.objects.bulk_create(missing)
    return len(missing)
