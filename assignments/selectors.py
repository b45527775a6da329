from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q

from .models import AssignmentRecipient, Body, Directive, Duty, Role, Task, User


@dataclass
class DutyRow:
    """A duty as the directive page shows it: plain values built once, for a template that
    repeats them for every duty and task."""

    label: str
    text: str
    tasks: list = field(default_factory=list)  # [(body name, role label)]
    own_bodies: list = field(default_factory=list)  # names of the user's bodies with a task


@dataclass
class AssignmentRow:
    """An assignment as the directive page shows it."""

    pk: int
    number: int
    text: str
    recipient_rows: list = field(default_factory=list)  # [(body name, role label, [members])]
    duty_rows: list = field(default_factory=list)  # [DutyRow]
    own_tasks: list = field(default_factory=list)  # [Task] of the user's bodies

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


class Recipient(NamedTuple):
    """A body in the letter's "Kính gửi" list."""

    pk: int
    code: str
    name: str


@dataclass
class Overview:
    assignments: list[AssignmentRow]
    recipients: list[Recipient]  # as directive_recipients gives them


def directive_overview(*, directive: Directive, user=None, own_body_ids=None) -> Overview:
    """The directive's assignments, and the letter's recipients, in a fixed number of queries
    whatever the number of bodies. Each assignment gets `recipient_rows` [(body name, role
    label, [member names])], `duty_rows` [DutyRow] and `own_tasks`, the tasks that belong to the
    user's bodies. Rows rather than model instances: the page shows a few columns of hundreds
    of tasks. The user's bodies are `own_body_ids` when the caller has them already."""
    if own_body_ids is None:
        own_body_ids = set(user.bodies.values_list("pk", flat=True))
    roles = {value: str(label) for value, label in Role.choices}
    # The assignments with their duties in one read (an assignment's text comes once per duty:
    # a few duties each, where a read of its own would cost more).
    assignments, by_pk, duties = [], {}, {}  # duties: pk: (assignment, DutyRow)
    for pk, number, text, duty_id, duty_number, duty_text in (
        directive.assignments.order_by("number", "duties__number").values_list(
            "pk", "number", "text", "duties__pk", "duties__number", "duties__text"
        )
    ):
        assignment = by_pk.get(pk)
        if assignment is None:
            assignment = by_pk[pk] = AssignmentRow(pk=pk, number=number, text=text)
            assignments.append(assignment)
        if duty_id is not None:
            row = DutyRow(label=f"{number}.{duty_number}", text=duty_text)
            duties[duty_id] = (assignment, row)
            assignment.duty_rows.append(row)
    recipients = AssignmentRecipient.objects.filter(assignment__directive=directive)
    rows = list(
        recipients.order_by("assignment_id", "-role", "body__sort_order").values_list(
            "assignment_id", "body_id", "body__name", "role"
        )
    )
    named = {body_id for _assignment_id, body_id, _name, _role in rows}
    monitoring = directive.monitoring_body_id
    # One read for the letter's recipients and the named groups' members.
    letter, members = [], {}
    for pk, code, name, parent_id, is_active in (
        Body.objects.filter(
            Q(pk__in=recipients.values("body"))
            | Q(pk=monitoring)
            | Q(is_active=True, parent__in=recipients.values("body"))
        )
        .order_by("sort_order", "name")
        .values_list("pk", "code", "name", "parent_id", "is_active")
    ):
        if pk in named or pk == monitoring:
            letter.append(Recipient(pk, code, name))
        if is_active and parent_id in named:
            members.setdefault(parent_id, []).append(name)
    for assignment_id, body_id, name, role in rows:
        by_pk[assignment_id].recipient_rows.append(
            (name, roles.get(role, role), members.get(body_id, []))
        )
    tasks = Task.objects.filter(duty__assignment__directive=directive).order_by(
        "duty__assignment__number", "duty__number", "-role", "body__sort_order"
    )
    for duty_id, role, body_id, name, code in tasks.values_list(
        "duty_id", "role", "body_id", "body__name", "body__code"
    ):
        assignment, row = duties[duty_id]
        row.tasks.append((name, roles.get(role, role)))
        if body_id in own_body_ids:
            row.own_bodies.append(name)
            task = Task(duty_id=duty_id, body_id=body_id, role=role)
            task.body = Body(pk=body_id, name=name, code=code)
            assignment.own_tasks.append(task)
    return Overview(assignments=assignments, recipients=letter)


def directive_recipients(*, directive: Directive) -> list[Body]:
    """The letter's "Kính gửi" list: every body named for an assignment, and the monitoring body."""
    named = AssignmentRecipient.objects.filter(assignment__directive=directive).values("body")
    return list(
        Body.objects.filter(Q(pk__in=named) | Q(pk=directive.monitoring_body_id)).order_by(
            "sort_order", "name"
        )
    )


def body_staff(*, body: Body):
    """The people who act for a body, and so hear of its reviews, chases and reminders."""
    return User.objects.filter(bodies=body, is_active=True).distinct()


def body_addresses(*, body: Body, staff=None) -> list[str]:
    """Where a body's mail goes: its active staff's addresses and its office e-mail, each once."""
    staff = body_staff(body=body) if staff is None else staff
    addresses = [member.email for member in staff if member.email] + [body.email]
    return [address for address in dict.fromkeys(addresses) if address]


def body_reachable_condition(body_field: str = "") -> Q:
    """True where mail reaches the body (`body_field` the path to it, "" for a Body query): an
    office e-mail, or an active staff account with an e-mail."""
    prefix = f"{body_field}__" if body_field else ""
    staff = User.objects.filter(is_active=True, bodies=OuterRef(f"{prefix}pk")).exclude(email="")
    return ~Q(**{f"{prefix}email": ""}) | Exists(staff)


def bodies_reachable(*, body_ids) -> set[int]:
    """Of these bodies, those that mail reaches. One query however many bodies."""
    return set(
        Body.objects.filter(pk__in=body_ids)
        .filter(body_reachable_condition())
        .values_list("pk", flat=True)
    )
