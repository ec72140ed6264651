"""What a person went on to after the stay (an exit outcome) and its 3- and 6-month follow-ups.

An outcome is recorded with the exit or later, from the participant page, for a stay that has ended. Outcomes
that are work, a business, a cooperative or education (``FOLLOWED_UP_OUTCOMES``) are followed up 3 and 6 calendar
months after they began (art. 13 of the act on social employment counts the completion of a programme by work
taken up to 6 months after it; the follow-ups ask whether the person is still there). When the outcome is the job
a platform referral led to, the referral's own follow-ups cover it (``training.outcome_coverage``) and none are
planned here.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.dates import add_months
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.models import max_length
from kooperacja.core.text import short_date
from kooperacja.training.models import (
    FOLLOWED_UP_OUTCOMES,
    ExitOutcome,
    ExitReason,
    OutcomeFollowUp,
    OutcomeKind,
    Participation,
)
from kooperacja.training.outcome_coverage import outcome_coverage
from kooperacja.training.services.common import FINISHED_STATES, participation_period

FOLLOW_UP_MONTHS = (3, 6)
# The outcome may begin up to this many months after the exit (art. 13: completion by work taken up to 6 months
# after the programme).
OUTCOME_LATEST_MONTHS = 6
# Outcomes that are with somebody: the employer, the cooperative or the school is named.
NAMED_OUTCOMES = frozenset(
    {
        OutcomeKind.SUPPORTED_EMPLOYMENT,
        OutcomeKind.EMPLOYMENT,
        OutcomeKind.COOPERATIVE_FOUNDED,
        OutcomeKind.COOPERATIVE_JOINED,
    }
)
# An exit reason that says where the person went allows only these outcomes.
OUTCOMES_OF_REASON: dict[str, frozenset[str]] = {
    ExitReason.EMPLOYMENT: frozenset(
        {OutcomeKind.EMPLOYMENT, OutcomeKind.SUPPORTED_EMPLOYMENT, OutcomeKind.OTHER_PAID_WORK}
    ),
    ExitReason.COOPERATIVE: frozenset({OutcomeKind.COOPERATIVE_FOUNDED, OutcomeKind.COOPERATIVE_JOINED}),
    ExitReason.BUSINESS: frozenset({OutcomeKind.SELF_EMPLOYMENT}),
}


@dataclass(frozen=True, kw_only=True)
class OutcomeInput:
    """An outcome as a form or the API gives it (with an exit, or on its own)."""

    kind: str
    started_on: date | None = None
    organisation_name: str = ""
    note: str = ""

    @property
    def given(self) -> bool:
        """Whether anything of an outcome was entered (with an exit the outcome may be left for later)."""
        return bool(self.kind or self.started_on or self.organisation_name.strip() or self.note.strip())


def outcome_check(
    *, participation: Participation, exit_date: date | None, exit_reason: str, data: OutcomeInput
) -> FieldErrors:
    """The rules of an outcome of a stay that ends on ``exit_date`` for ``exit_reason``, as field errors."""
    errors = FieldErrors()
    kind = data.kind
    if not kind:
        errors.add("kind", _("Choose the outcome."), code="required")
    elif kind not in OutcomeKind.values:
        errors.add("kind", _("Choose one of the outcomes offered."), code="invalid_choice")
    started_on = data.started_on
    if kind in FOLLOWED_UP_OUTCOMES and not started_on:
        errors.add("started_on", _("Enter the date the outcome began: the follow-ups are counted from it."))
    if started_on:
        start, _end = participation_period(participation)
        if started_on < start:
            errors.add(
                "started_on",
                _("The outcome cannot begin before the participation started (%(date)s).")
                % {"date": short_date(start)},
            )
        elif started_on > timezone.localdate():
            errors.add("started_on", _("The outcome cannot begin in the future: record it once it has begun."))
        elif exit_date and started_on > add_months(exit_date, OUTCOME_LATEST_MONTHS):
            errors.add(
                "started_on",
                _(
                    "An outcome counts if it began within %(months)s months of the exit (%(exit)s), so by "
                    "%(latest)s at the latest."
                )
                % {
                    "months": OUTCOME_LATEST_MONTHS,
                    "exit": short_date(exit_date),
                    "latest": short_date(add_months(exit_date, OUTCOME_LATEST_MONTHS)),
                },
            )
    name = data.organisation_name.strip()
    if kind in NAMED_OUTCOMES and not name:
        errors.add("organisation_name", _("Enter the name of the employer or the social cooperative."))
    if len(name) > max_length(ExitOutcome, "organisation_name"):
        errors.add("organisation_name", _("At most 200 characters."))
    if len(data.note.strip()) > max_length(ExitOutcome, "note"):
        errors.add("note", _("At most 500 characters."))
    allowed = OUTCOMES_OF_REASON.get(exit_reason)
    if kind in OutcomeKind.values and allowed is not None and kind not in allowed:
        errors.add(
            "kind",
            _("The stay ended because the person %(reason)s: the outcome must say so too (one of: %(allowed)s).")
            % {
                "reason": ExitReason(exit_reason).label,
                "allowed": ", ".join(str(OutcomeKind(value).label) for value in OutcomeKind.values if value in allowed),
            },
            code="contradicts_exit",
        )
    return errors


def _plan_follow_ups(outcome: ExitOutcome, participation: Participation) -> None:
    """Follow-ups 3 and 6 calendar months after the outcome began (31 Aug + 3 months = 30 Nov), for an outcome
    that is followed up and not covered by a referral's follow-ups. Those recorded already stay as they are; those
    not recorded yet are planned again from the new start (or dropped when no longer needed)."""
    recorded = set(outcome.follow_ups.filter(still_there__isnull=False).values_list("months_after", flat=True))
    outcome.follow_ups.filter(still_there__isnull=True).delete()
    if outcome.kind not in FOLLOWED_UP_OUTCOMES or outcome.started_on is None:
        return
    coverage = outcome_coverage(
        participation, kind=outcome.kind, organisation_name=outcome.organisation_name, started_on=outcome.started_on
    )
    if coverage is not None:
        return
    OutcomeFollowUp.objects.bulk_create(
        OutcomeFollowUp(outcome=outcome, months_after=months, due_on=add_months(outcome.started_on, months))
        for months in FOLLOW_UP_MONTHS
        if months not in recorded
    )


def outcome_write(
    *, actor: User | None, participation: Participation, data: OutcomeInput, version: int | None
) -> ExitOutcome:
    """Record or correct the outcome of a stay that has ended (inside the caller's transaction, after the exit):
    no checks of who acts (see :func:`outcome_record`)."""
    current = Participation.objects.select_for_update().get(pk=participation.pk)
    errors = outcome_check(
        participation=current, exit_date=current.exit_date, exit_reason=current.exit_reason, data=data
    )
    errors.raise_if_any()
    outcome = ExitOutcome.objects.select_for_update().filter(participation=current).first()
    recorder = actor if getattr(actor, "is_authenticated", False) else None
    values = {
        "kind": data.kind,
        "started_on": data.started_on,
        "organisation_name": data.organisation_name.strip(),
        "note": data.note.strip(),
    }
    if outcome is None:
        if version is not None:
            raise ConflictError(_conflict_message())
        outcome = ExitOutcome.objects.create(participation=current, recorded_by=recorder, **values)
    else:
        # Claim the version read; a stale form (or none, when the outcome was recorded meanwhile) is refused.
        claimed = version is not None and ExitOutcome.objects.filter(pk=outcome.pk, version=version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise ConflictError(_conflict_message())
        for name, value in values.items():
            setattr(outcome, name, value)
        outcome.recorded_by = recorder
        outcome.version = (version or 0) + 1
        # Saved through the model, so that the change log records who changed which field from what to what.
        outcome.save(update_fields=[*values, "recorded_by", "version"])
    _plan_follow_ups(outcome, current)
    return outcome


def _conflict_message() -> str:
    return _("Someone else recorded or changed this outcome in the meantime: check the values shown and save again.")


def may_record_outcome(user: User | None, participation: Participation) -> bool:
    """Those who move the stay (its CIS/KIS staff and social workers, administrators) record what followed it."""
    return user is None or user.has_perm("training.move_participation", participation)


def outcome_record(
    *,
    actor: User | None,
    participation: Participation,
    kind: str,
    started_on: date | None,
    organisation_name: str = "",
    note: str = "",
    version: int | None = None,
) -> ExitOutcome:
    """Record the outcome of a stay that has ended, or correct it (``version``: the outcome's version read; a
    save against a stale one raises :class:`ConflictError`). Follow-ups not yet recorded are planned again from
    the outcome's start. ``actor`` None is the system itself (the demo loader)."""
    if not may_record_outcome(actor, participation):
        raise PermissionDenied
    if participation.status not in FINISHED_STATES:
        raise ValidationError(
            {"kind": _("The stay has not ended: record the outcome with the exit, or once the stay has ended.")}
        )
    data = OutcomeInput(kind=kind, started_on=started_on, organisation_name=organisation_name or "", note=note or "")
    with transaction.atomic():
        return outcome_write(actor=actor, participation=participation, data=data, version=version)


def outcome_follow_up_record(
    *, actor: User | None, follow_up: OutcomeFollowUp, still_there: bool | None, note: str = ""
) -> OutcomeFollowUp:
    """Record whether the person is still in the outcome 3 or 6 months after it began: not before it is due, and
    once (a second answer is refused; the change log keeps the first)."""
    participation = follow_up.outcome.participation
    if not may_record_outcome(actor, participation):
        raise PermissionDenied
    errors = FieldErrors()
    if still_there is None:
        errors.add("still_there", _("Say whether the person is still there."))
    if len(note or "") > max_length(OutcomeFollowUp, "note"):
        errors.add("note", _("At most 500 characters."))
    if follow_up.due_on > timezone.localdate():
        errors.add(
            "still_there",
            _("This follow-up is due on %(date)s: it can be recorded from that day.")
            % {"date": short_date(follow_up.due_on)},
            code="follow_up_not_due",
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = OutcomeFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if current.still_there is not None:
            raise ValidationError(
                {
                    "still_there": _("This follow-up was recorded on %(date)s already.")
                    % {"date": short_date(timezone.localdate(current.recorded_at)) if current.recorded_at else "—"}
                },
                code="follow_up_recorded",
            )
        current.still_there = still_there
        current.note = (note or "").strip()
        current.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        current.recorded_at = timezone.now()
        current.save(update_fields=["still_there", "note", "recorded_by", "recorded_at"])
    return current
