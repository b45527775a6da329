"""The directive as data: the letter, its recipient bodies, numbered assignments, duties and tasks.

A group recipient (the provincial press agencies; the district and city party committees) is a
Body with member bodies. The letter names the group; the tasks go to its members, because each
member reports for itself.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Body(models.Model):
    """A recipient body (cơ quan, đơn vị); a group body has member bodies."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        related_name="members",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    email = models.EmailField(
        _("office e-mail"),
        blank=True,
        help_text=_(
            "The body's official address. Chases, review notices and reminders go to it as well as "
            "to the body's staff, so a body with no staff account is still reached."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="body_not_its_own_group"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_group(self) -> bool:
        return self.members.exists()


class User(AbstractUser):
    """A person who logs in. Staff of a body may belong to several bodies."""

    class Role(models.TextChoices):
        BODY_STAFF = "staff", _("Body staff")
        BOARD = "board", _("Propaganda Board")
        COMMITTEE = "committee", _("Standing Committee")
        ADMIN = "admin", _("Administrator")

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.BODY_STAFF)
    bodies = models.ManyToManyField(
        Body, verbose_name=_("bodies"), through="Membership", related_name="staff", blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["staff", "board", "committee", "admin"]),
                name="user_role_valid",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return self.full_name_of(first_name=self.first_name, last_name=self.last_name)

    @staticmethod
    def full_name_of(*, first_name: str, last_name: str) -> str:
        """Vietnamese names put the family name (họ, kept in last_name) before the given name.
        Static for names read as plain rows."""
        return " ".join(part for part in (last_name, first_name) if part).strip()

    @property
    def is_board(self) -> bool:
        return self.role in (self.Role.BOARD, self.Role.ADMIN)

    @property
    def is_committee(self) -> bool:
        return self.role == self.Role.COMMITTEE

    @property
    def sees_every_body(self) -> bool:
        """The board, the committee and administrators read every body's data."""
        return self.role in (self.Role.BOARD, self.Role.COMMITTEE, self.Role.ADMIN)


class Membership(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="membership_unique_user_body"),
        ]

    def __str__(self):
        return f"{self.user} – {self.body}"


class Directive(models.Model):
    """A letter (công văn) whose numbered assignments are tracked."""

    class ReportKind(models.TextChoices):
        HALF_YEAR = "half_year", _("Six-month")
        ANNUAL = "annual", _("Annual")

    issuer = models.CharField(_("issuer"), max_length=255)
    issuer_header = models.CharField(_("issuer as printed in the header"), max_length=255)
    # The scan of the Kiên Giang letter leaves the number and the signer illegible: both stay
    # empty until an administrator enters them.
    number = models.CharField(_("number"), max_length=40, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    summary = models.TextField(_("summary"))
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    monitoring_body = models.ForeignKey(
        Body,
        verbose_name=_("monitoring body"),
        related_name="monitored_directives",
        on_delete=models.PROTECT,
    )
    monitoring_text = models.TextField(_("monitoring clause"), blank=True)
    reports_to = models.CharField(_("reports to"), max_length=255, blank=True)
    copies_to = models.JSONField(_("copies to"), default=list, blank=True)

    # The reporting schedule: the letter says "định kỳ" without a period, so these defaults follow
    # state practice (Nghị định 09/2019/NĐ-CP) and stay editable per directive.
    report_half_year = models.BooleanField(_("six-month reports"), default=True)
    report_annual = models.BooleanField(_("annual reports"), default=True)
    body_cutoff_day = models.PositiveSmallIntegerField(
        _("bodies' data cut-off (day of the period's last month)"), default=14
    )
    body_due_day = models.PositiveSmallIntegerField(
        _("bodies' report due (day of the period's last month)"), default=15
    )
    summary_due_day = models.PositiveSmallIntegerField(
        _("board's summary due (day of the period's last month)"), default=20
    )
    tracking_starts = models.DateField(
        _("tracking starts"),
        null=True,
        blank=True,
        help_text=_("First day covered by reporting periods; the directive's date if empty."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-date", "pk"]
        constraints = [
            # The load command finds a directive again by these, since its number may be unknown.
            models.UniqueConstraint(
                fields=["issuer", "date", "symbol", "summary"], name="directive_unique_identity"
            ),
            models.CheckConstraint(
                condition=Q(body_cutoff_day__gte=1, body_cutoff_day__lte=31)
                & Q(body_due_day__gte=1, body_due_day__lte=31)
                & Q(summary_due_day__gte=1, summary_due_day__lte=31),
                name="directive_schedule_days_in_month",
            ),
            models.CheckConstraint(
                condition=Q(body_cutoff_day__lte=models.F("body_due_day"))
                & Q(body_due_day__lte=models.F("summary_due_day")),
                name="directive_schedule_days_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.summary[:60]}"

    def get_absolute_url(self):
        return reverse("assignments:directive_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """'Công văn số 12-CV/TU' style reference; '..' stands for a number not yet known."""
        return f"{self.number or '..'}-{self.symbol}"


class DocumentReference(models.Model):
    """Another document the directive implements or cites."""

    class Relation(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        CITES = "cites", _("cites")

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), related_name="documents", on_delete=models.CASCADE
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    number = models.CharField(_("number"), max_length=60)
    date = models.DateField(_("date"))
    issuer = models.CharField(_("issuer"), max_length=255)
    kind = models.CharField(_("kind of document"), max_length=60)
    title = models.TextField(_("title"), blank=True)

    class Meta:
        verbose_name = _("referenced document")
        verbose_name_plural = _("referenced documents")
        ordering = ["directive", "relation", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "relation", "number"], name="documentreference_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=["implements", "cites"]),
                name="documentreference_relation_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.number}"


class Assignment(models.Model):
    """A numbered item of the letter, with the letter's own text."""

    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        related_name="assignments",
        on_delete=models.CASCADE,
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # Paragraphs separated by a blank line, as in the letter.
    text = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["directive", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "number"], name="assignment_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="assignment_number_positive"),
        ]

    def __str__(self):
        return _("Assignment %(number)s") % {"number": self.number}

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


class Role(models.TextChoices):
    LEAD = "lead", _("lead")
    COORDINATING = "coordinating", _("coordinating")


class AssignmentRecipient(models.Model):
    """A body the letter names for an assignment, possibly a group body."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        related_name="recipients",
        on_delete=models.CASCADE,
    )
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("assignment recipient")
        verbose_name_plural = _("assignment recipients")
        ordering = ["assignment", "-role", "body__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "body"], name="assignmentrecipient_unique_body"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["lead", "coordinating"]),
                name="assignmentrecipient_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.assignment}: {self.body} ({self.get_role_display()})"


class Duty(models.Model):
    """One separate duty named inside an assignment; progress is reported per duty."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), related_name="duties", on_delete=models.CASCADE
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["assignment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "number"], name="duty_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="duty_number_positive"),
        ]

    def __str__(self):
        return f"{self.label} {self.text}"

    @property
    def label(self) -> str:
        """'1.2' for the second duty of assignment 1."""
        return f"{self.assignment.number}.{self.number}"


class Task(models.Model):
    """One duty for one responsible body, in its role. Group recipients expand to members."""

    duty = models.ForeignKey(
        Duty, verbose_name=_("duty"), related_name="tasks", on_delete=models.CASCADE
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), related_name="tasks", on_delete=models.PROTECT
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    recipient = models.ForeignKey(
        AssignmentRecipient,
        verbose_name=_("named in the letter as"),
        related_name="tasks",
        on_delete=models.CASCADE,
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["duty", "-role", "body__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["duty", "body"], name="task_unique_duty_body"),
            models.CheckConstraint(
                condition=Q(role__in=["lead", "coordinating"]), name="task_role_valid"
            ),
        ]
        indexes = [
            # A body's staff page lists the body's tasks: Task.objects.filter(body__in=...).
            models.Index(fields=["body", "duty"], name="task_body_duty_idx"),
        ]

    def __str__(self):
        return f"{self.duty.label} – {self.body} ({self.get_role_display()})"


class Indicator(models.Model):
    """A number a duty is measured by (pages taken down, people trained …)."""

    duty = models.ForeignKey(
        Duty, verbose_name=_("duty"), related_name="indicators", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=60)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["duty", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["duty", "name"], name="indicator_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"
