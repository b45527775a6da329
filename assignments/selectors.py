from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Exists, FilteredRelation, OuterRef, Q

from .models import AssignmentRecipient, Body, Directive, Role, Task, User


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
    own_tasks: list = field(default_factory=list)  # [OwnTask] of the user's bodies

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


class OwnTask(NamedTuple):
    """A task of one of the user's bodies."""

    duty_id: int
    body_id: int
    body_code: str
    body_name: str
    role: str


class Recipient(NamedTuple):
    """A body in the letter's "Kính gửi" list."""

    pk: int
    code: str
    name: str


@dataclass
class Overview:
    assignments: list[AssignmentRow]
    recipients: list[Recipient]  # as directive_recipients gives them
    own_body_ids: set[int]  # the bodies the user acts for, active or not


def directive_overview(*, directive: Directive, user) -> Overview:
    """The directive's assignments, the letter's recipients and the user's bodies, in three
    queries whatever the number of bodies. Each assignment gets `recipient_rows` [(body name,
    role label, [member names])], `duty_rows` [DutyRow] and `own_tasks`, the tasks that belong
    to the user's bodies. Rows rather than model instances: the page shows a few columns of
    hundreds of tasks."""
    roles = {value: str(label) for value, label in Role.choices}
    # The assignments with their duties in one read (an assignment's text comes once per duty:
    # a few duties each, where a read of its own would cost more).
    assignments, by_pk, duties = [], {}, {}  # duties: pk: (assignment, DutyRow)
    for pk, number, text, duty_id, duty_number, duty_text in directive.assignments.order_by(
        "number", "duties__number"
    ).values_list("pk", "number", "text", "duties__pk", "duties__number", "duties__text"):
        assignment = by_pk.get(pk)
        if assignment is None:
            assignment = by_pk[pk] = AssignmentRow(pk=pk, number=number, text=text)
            assignments.append(assignment)
        if duty_id is not None:
            row = DutyRow(label=f"{number}.{duty_number}", text=duty_text)
            duties[duty_id] = (assignment, row)
            assignment.duty_rows.append(row)
    # Every body in one read, in the letter's order, each with the assignments naming it (a
    # body comes once per assignment naming it) and whether the user acts for it: the letter's
    # recipients, the named groups' members, the names of the bodies with tasks and the user's
    # bodies. A province has a few hundred bodies at most, and a plain read of them all costs
    # less than picking them out (two subqueries) and reading the memberships apart.
    monitoring = directive.monitoring_body_id
    bodies = (
        Body.objects.annotate(
            named=FilteredRelation(
                "assignmentrecipient",
                # By the assignments' ids: a condition can go neither past the relation nor
                # through a subquery; 0, which no row has, stands in for an empty list.
                condition=Q(assignmentrecipient__assignment__in=list(by_pk) or [0]),
            ),
            mine=FilteredRelation("membership", condition=Q(membership__user=user)),
        )
        .order_by("sort_order", "name")
        .values_list(
            "pk",
            "code",
            "name",
            "parent_id",
            "is_active",
            "named__assignment",
            "named__role",
            "mine__user",
        )
    )
    letter, named, place, names = [], set(), {}, {}  # place: a body's rank in the letter's order
    own_body_ids = set()
    for pk, code, name, parent_id, is_active, assignment_id, role, member in bodies:
        if member is not None:
            own_body_ids.add(pk)
        if assignment_id is not None:
            by_pk[assignment_id].recipient_rows.append((name, role, pk))
            named.add(pk)
        if pk not in place:
            place[pk] = len(place)
            names[pk] = (code, name, parent_id if is_active else None)
    members = {}
    for pk, (code, name, parent_id) in names.items():
        if pk in named or pk == monitoring:
            letter.append(Recipient(pk, code, name))
        if parent_id in named:
            members.setdefault(parent_id, []).append(name)
    for assignment in assignments:
        # The letter's order within each role, the lead bodies first.
        rows = sorted(assignment.recipient_rows, key=lambda row: row[1] != Role.LEAD)
        assignment.recipient_rows = [
            (name, roles.get(role, role), members.get(pk, [])) for name, role, pk in rows
        ]
    # By the duties' ids, which spares joining the duties and assignments, and without the
    # bodies, known already; each task goes to its duty's row, the lead bodies first, then in
    # the letter's order.
    tasks = sorted(
        Task.objects.filter(duty__in=list(duties))
        .order_by()
        .values_list("duty_id", "role", "body_id"),
        key=lambda task: (task[1] != Role.LEAD, place[task[2]]),
    )
    for duty_id, role, body_id in tasks:
        assignment, row = duties[duty_id]
        code, name, _parent_id = names[body_id]
        row.tasks.append((name, roles.get(role, role)))
        if body_id in own_body_ids:
            row.own_bodies.append(name)
            assignment.own_tasks.append(OwnTask(duty_id, body_id, code, name, role))
    return Overview(assignments=assignments, recipients=letter, own_body_ids=own_body_ids)


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
