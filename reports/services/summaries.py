"""Writes for the periodic summary: assemble a draft, edit it, issue it, start a new version.

An issued summary is frozen: its printed content is stored in `Summary.content` and no service
changes it again. A later change is a new version copied from the last one.
"""

import datetime
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import events
from ..documents.layout import layout, nfc
from ..documents.narrative import lower_first, narrative
from ..models import Notification, ReportingPeriod, Summary
from ..notifications import email_send_after_commit, notification_create
from ..selectors.summaries import (
    period_data,
    summaries_numbered_in_term,
    summary_document,
    summary_next_version,
)

NARRATIVE_FIELDS = [
    "title",
    "opening",
    "deployment",
    "results",
    "limitations",
    "direction",
    "proposals",
]
LETTERHEAD_FIELDS = [
    "parent_body",
    "issuing_body",
    "symbol",
    "place",
    "authority_line",
    "signer_title",
    "signer_name",
    "recipients",
]
EDITABLE_FIELDS = NARRATIVE_FIELDS + LETTERHEAD_FIELDS + ["include_detail_annex"]
NUMBER_RE = re.compile(r"^\d{1,6}[a-zA-Z]?$")


def summary_prefill(*, period: ReportingPeriod, data: dict) -> dict:
    """The narrative a new draft starts with: a synthesis of the accepted reports."""
    config = layout()
    directive = period.directive
    common = {
        "reference": data["directive"]["reference"],
        "date": data["directive"]["date"],
        "issuer": directive.issuer.removesuffix(f" {directive.place}"),
        "subject": lower_first(directive.summary.strip().rstrip(".")),
        "period": data["period"]["label"],
        "reporter": config["letterhead"]["reporter"],
    }
    return narrative(data, common=common, words=config["prefill"])


def _letterhead_defaults() -> dict:
    letterhead = layout()["letterhead"]
    values = {field: letterhead[field] for field in LETTERHEAD_FIELDS if field != "recipients"}
    values["recipients"] = "\n".join(letterhead["recipients"])
    return values


def _save_new(summary: Summary) -> Summary:
    summary.full_clean()
    try:
        with transaction.atomic():
            summary.save()
    except IntegrityError as error:
        # Someone else created this period's draft (or this version) a moment ago.
        raise ValidationError(_("This period already has a draft summary.")) from error
    return summary


@transaction.atomic
def summary_assemble(*, period: ReportingPeriod, user) -> Summary:
    """A new draft for the period, prefilled from the bodies' accepted reports."""
    if period.summaries.filter(state=Summary.State.DRAFT).exists():
        raise ValidationError(_("This period already has a draft summary."))
    data = period_data(period=period)
    values = {key: nfc(value) for key, value in summary_prefill(period=period, data=data).items()}
    summary = Summary(
        period=period,
        version=summary_next_version(period),
        created_by=user,
        **_letterhead_defaults(),
        **values,
    )
    return _save_new(summary)


@transaction.atomic
def summary_update(
    *, summary: Summary, user, values: dict, expected_revision: int | None = None
) -> Summary:
    """Saves the board's edits of a draft; an issued summary is never edited.

    With `expected_revision` (the revision the editor's form was loaded from) a save made after
    someone else's is refused with code "conflict", so neither person's text is lost unseen.
    """
    locked = Summary.objects.select_for_update().get(pk=summary.pk)
    if locked.state != Summary.State.DRAFT:
        raise ValidationError(
            _("This summary has been issued and can no longer be changed. Create a new version.")
        )
    if expected_revision is not None and locked.revision != expected_revision:
        raise ValidationError(
            _(
                "Someone else saved this draft after you opened it. Your text is still in the "
                "form: compare it with the saved draft, then save again to keep yours."
            ),
            code="conflict",
        )
    locked.revision += 1
    for field in EDITABLE_FIELDS:
        if field not in values:
            continue
        value = values[field]
        if isinstance(value, str):
            value = nfc(value).replace("\r\n", "\n")
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    return locked


def summary_issue_check(*, summary: Summary, number: str, issued_on: datetime.date) -> str:
    """Everything that would stop the issue, checked before the board is asked to confirm;
    returns the number as it will be printed."""
    number = nfc(number).strip()
    if not NUMBER_RE.match(number):
        raise ValidationError({"number": _("Enter the document number, e.g. 12.")})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date of issue cannot be in the future.")})
    if issued_on < summary.period.starts_on:
        raise ValidationError(
            {"issued_on": _("The date of issue cannot be before the period starts.")}
        )
    directive = summary.period.directive
    if not directive.number.strip():
        raise ValidationError(
            _(
                "The letter this summary cites has no number yet: it would print “Công văn số "
                "%(reference)s”. Enter the letter's number in the administration (Directives) "
                "first."
            )
            % {"reference": directive.reference},
            code="directive_number",
        )
    clash = (
        summaries_numbered_in_term(symbol=summary.symbol, day=issued_on)
        .filter(number=number)
        .exclude(pk=summary.pk)
    )
    if clash.exists():
        raise ValidationError(
            {"number": _("Another report of this committee's term already has this number.")}
        )
    return number


@transaction.atomic
def summary_issue(*, summary: Summary, user, number: str, issued_on: datetime.date) -> Summary:
    """Numbers, dates and freezes a draft. Of two board members issuing at once, one wins."""
    # Issue what is stored, not what the caller loaded: its copy may predate the last edit.
    current = Summary.objects.select_for_update().get(pk=summary.pk)
    if current.state != Summary.State.DRAFT:
        raise ValidationError(_("This summary has already been issued by someone else."))
    number = summary_issue_check(summary=current, number=number, issued_on=issued_on)

    current.number = number
    current.issued_on = issued_on
    current.issued_at = timezone.now()
    current.issued_by = user
    current.state = Summary.State.ISSUED
    current.content = {}
    current.content = summary_document(summary=current, data=period_data(period=current.period))
    current.full_clean()
    frozen = ["state", "number", "issued_on", "issued_at", "issued_by", "content"]
    # The claim: only the request that turns this row from draft to issued goes on (SQLite has
    # no row locks); the other one updates nothing and is told so, whatever it read before.
    claimed = Summary.objects.filter(pk=current.pk, state=Summary.State.DRAFT).update(
        **{field: getattr(current, field) for field in frozen}
    )
    if not claimed:
        raise ValidationError(_("This summary has already been issued by someone else."))
    # Saved once more (the same values) so the audit history records who issued it.
    current.save(update_fields=frozen)
    events.announce(event=events.SUMMARY_ISSUED, summary=current)
    _announce_issued(current)
    summary.refresh_from_db()
    return summary


def _announce_issued(summary: Summary) -> None:
    """The Standing Committee's members and the board: a notice under the bell and an e-mail
    with the links to the three files, sent once the issue is committed."""
    user_model = get_user_model()
    board_or_committee = Q(role__in=[user_model.Role.COMMITTEE, user_model.Role.BOARD])
    monitoring_body = summary.period.directive.monitoring_body_id
    if monitoring_body:
        board_or_committee |= Q(bodies=monitoring_body)
    people = list(
        user_model.objects.filter(board_or_committee, is_active=True).distinct().order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Periodic report %(reference)s for %(period)s has been issued") % {
            "reference": summary.reference,
            "period": summary.period.label,
        }
    notification_create(
        users=people, kind=Notification.Kind.SUMMARY, title=title, url=summary.get_absolute_url()
    )
    downloads = [
        (label, reverse("reports:summary_download", args=[summary.pk, fmt]))
        for label, fmt in (("Word (DOCX)", "docx"), ("PDF", "pdf"), ("Excel (XLSX)", "xlsx"))
    ]
    email_send_after_commit(
        recipients=[person.email for person in people],
        template="summary-issued",
        context={"summary": summary, "period": summary.period, "downloads": downloads},
    )


@transaction.atomic
def summary_new_version(*, summary: Summary, user) -> Summary:
    """A draft copied from the period's last version, to change what was issued."""
    period = summary.period
    latest = period.summaries.order_by("-version").first()
    if latest.state == Summary.State.DRAFT:
        raise ValidationError(_("This period already has a draft summary."))
    copy = Summary(
        period=period,
        version=latest.version + 1,
        created_by=user,
        symbol=latest.symbol,
        **{field: getattr(latest, field) for field in EDITABLE_FIELDS if field != "symbol"},
    )
    return _save_new(copy)
