from django.db.models import Exists, OuterRef, Prefetch, Q

from .models import Assignment, AssignmentRecipient, Body, Directive, Duty, Task, User


def directive_overview(*, directive: Directive, user) -> list[Assignment]:
    """The directive's assignments with their duties, recipients and tasks, in a fixed number of
    queries whatever the number of bodies. Marks the tasks that belong to the user's bodies."""
    own_body_ids = set(user.bodies.values_list("pk", flat=True))
    assignments = list(
        directive.assignments.prefetch_related(
            Prefetch("duties", queryset=Duty.objects.order_by("number")),
            Prefetch(
                "recipients",
                queryset=AssignmentRecipient.objects.select_related("body").prefetch_related(
                    Prefetch("body__members", queryset=Body.objects.filter(is_active=True))
                ),
            ),
            Prefetch(
                "duties__tasks",
                queryset=Task.objects.select_related("body").order_by("-role", "body__sort_order"),
            ),
        )
    )
    for assignment in assignments:
        assignment.own_tasks = [
            task
            for duty in assignment.duties.all()
            for task in duty.tasks.all()
            if task.body_id in own_body_ids
        ]
        for duty in assignment.duties.all():
            duty.own_bodies = [t.body for t in duty.tasks.all() if t.body_id in own_body_ids]
    return assignments


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
