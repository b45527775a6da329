from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q

from directive_tracker.sql import fetch_rows

from .models import (
    Assignment,
    AssignmentRecipient,
    Body,
    Directive,
    Duty,
    Membership,
    Role,
    Task,
    User,
)


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


def _overview_sql() -> str:
    assignment, duty, body, named, membership, task = (
        model._meta.db_table
        for model in (Assignment, Duty, Body, AssignmentRecipient, Membership, Task)
    )
    # Three kinds of row in one statement, one round trip instead of three; the columns mean
    # what each kind's comment says. The first SELECT sets the columns' types for PostgreSQL,
    # hence the casts of its empty ones.
    return (
        # 0: an assignment and one of its duties (the assignment alone if it has none).
        "SELECT 0 AS kind, a.id AS id1, d.id AS id2, a.number AS n1, d.number AS n2,"
        " a.text AS t1, d.text AS t2, CAST(NULL AS text) AS t3,"
        " CAST(NULL AS boolean) AS flag, a.number AS s1, d.number AS s2,"
        " CAST(NULL AS text) AS st"
        f" FROM {assignment} a LEFT JOIN {duty} d ON d.assignment_id = a.id"
        " WHERE a.directive_id = %s"
        # 1: every body (parent, code, name, active), once per assignment of the directive
        # naming it (id, role), and whether the user is its member.
        " UNION ALL SELECT 1, b.id, b.parent_id, r.assignment_id, m.user_id, b.code, b.name,"
        " r.role, b.is_active, b.sort_order, b.id, b.name"
        f" FROM {body} b"
        f" LEFT JOIN {named} r ON r.body_id = b.id"
        f" AND r.assignment_id IN (SELECT id FROM {assignment} WHERE directive_id = %s)"
        f" LEFT JOIN {membership} m ON m.body_id = b.id AND m.user_id = %s"
        # 2: a task of one of the directive's duties (duty, body, role).
        " UNION ALL SELECT 2, t.duty_id, t.body_id, NULL, NULL, NULL, NULL, t.role, NULL,"
        " NULL, NULL, NULL"
        f" FROM {task} t INNER JOIN {duty} d ON d.id = t.duty_id"
        f" INNER JOIN {assignment} a ON a.id = d.assignment_id WHERE a.directive_id = %s"
        # The bodies in the letter's order (as Body's ordering, its id settling ties).
        " ORDER BY kind, s1, st, s2"
    )


OVERVIEW_SQL = _overview_sql()


def directive_overview(*, directive: Directive, user) -> Overview:
    """The directive's assignments, the letter's recipients and the user's bodies, in one
    query whatever the number of bodies. Each assignment gets `recipient_rows` [(body name,
    role label, [member names])], `duty_rows` [DutyRow] and `own_tasks`, the tasks that belong
    to the user's bodies. Rows rather than model instances: the page shows a few columns of
    hundreds of tasks."""
    roles = {value: str(label) for value, label in Role.choices}
    rows = fetch_rows(OVERVIEW_SQL, [directive.pk, directive.pk, user.pk, directive.pk])
    assignments, by_pk, duties = [], {}, {}  # duties: pk: (assignment, DutyRow)
    # A province has a few hundred bodies at most: a plain read of them all, with the
    # assignments naming each and the user's memberships, costs less than picking them out.
    letter, named, place, names = [], set(), {}, {}  # place: a body's rank in the letter's order
    own_body_ids = set()
    tasks = []
    for kind, id1, id2, n1, n2, t1, t2, t3, flag, *_sort in rows:
        if kind == 0:
            pk, duty_id, number, duty_number, text, duty_text = id1, id2, n1, n2, t1, t2
            assignment = by_pk.get(pk)
            if assignment is None:
                assignment = by_pk[pk] = AssignmentRow(pk=pk, number=number, text=text)
                assignments.append(assignment)
            if duty_id is not None:
                row = DutyRow(label=f"{number}.{duty_number}", text=duty_text)
                duties[duty_id] = (assignment, row)
                assignment.duty_rows.append(row)
        elif kind == 1:
            pk, parent_id, assignment_id, member, code, name, role, is_active = (
                id1,
                id2,
                n1,
                n2,
                t1,
                t2,
                t3,
                flag,
            )
            if member is not None:
                own_body_ids.add(pk)
            if assignment_id is not None:
                by_pk[assignment_id].recipient_rows.append((name, role, pk))
                named.add(pk)
            if pk not in place:
                place[pk] = len(place)
                names[pk] = (code, name, parent_id if is_active else None)
        else:
            tasks.append((id1, t3, id2))  # duty, role, body
    monitoring = directive.monitoring_body_id
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
    # Each task goes to its duty's row, the lead bodies first, then in the letter's order.
    tasks.sort(key=lambda task: (task[1] != Role.LEAD, place[task[2]]))
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
