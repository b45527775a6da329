from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from .models import Assignment, AssignmentRecipient, Body, Directive, Duty, Role, Task, User


@dataclass
class DutyRow:
    """A duty as the directive page shows it: plain values built once, for a template that
    repeats them for every duty and task."""

    label: str
    text: str
    tasks: list = field(default_factory=list)  # [(body name, role label)]
    own_bodies: list = field(default_factory=list)  # names of the user's bodies with a task


@dataclass
class Overview:
    assignments: list[Assignment]
    recipients: list[Body]  # as directive_recipients gives them


def directive_overview(*, directive: Directive, user=None, own_body_ids=None) -> Overview:
    """The directive's assignments, and the letter's recipients, in a fixed number of queries
    whatever the number of bodies. Each assignment gets `recipient_rows` [(body name, role
    label, [member names])], `duty_rows` [DutyRow] and `own_tasks`, the tasks that belong to the
    user's bodies. Rows rather than model instances: the page shows a few columns of hundreds
    of tasks. The user's bodies are `own_body_ids` when the caller has them already."""
    if own_body_ids is None:
        own_body_ids = set(user.bodies.values_list("pk", flat=True))
    roles = {value: str(label) for value, label in Role.choices}
    assignments = list(directive.assignments.only("pk", "directive_id", "number", "text"))
    by_pk = {assignment.pk: assignment for assignment in assignments}
    duties = {}  # pk: (assignment, DutyRow)
    for assignment in assignments:
        assignment.recipient_rows = []
        assignment.duty_rows = []
        assignment.own_tasks = []
    for pk, assignment_id, number, text in Duty.objects.filter(
        assignment__directive=directive
    ).values_list("pk", "assignment_id", "number", "text"):
        assignment = by_pk[assignment_id]
        row = DutyRow(label=f"{assignment.number}.{number}", text=text)
        duties[pk] = (assignment, row)
        assignment.duty_rows.append(row)
    recipients = AssignmentRecipient.objects.filter(assignment__directive=directive)
    rows = list(recipients.values_list("assignment_id", "body_id", "body__name", "role"))
    named = {body_id for _assignment_id, body_id, _name, _role in rows}
    monitoring = directive.monitoring_body_id
    # One read for the letter's recipients and the named groups' members.
    letter, members = [], {}
    for body in Body.objects.filter(
        Q(pk__in=recipients.values("body"))
        | Q(pk=monitoring)
        | Q(is_active=True, parent__in=recipients.values("body"))
    ).order_by("sort_order", "name"):
        if body.pk in named or body.pk == monitoring:
            letter.append(body)
        if body.is_active and body.parent_id in named:
            members.setdefault(body.parent_id, []).append(body.name)
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
