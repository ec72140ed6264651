"""Writes of the benefits app: compute a month's list from daily attendance, set a motivation bonus, approve,
mark paid (locked), reopen, correct a paid month (a new version referring to it)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.benefits.calculation import LineInput, MissingParameter, compute_line, month_bounds
from kooperacja.benefits.models import MONTH_MACHINE, BenefitLine, BenefitMonth, BenefitMonthEvent, MonthState
from kooperacja.core import plausible
from kooperacja.core.errors import ConflictError
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.law import parameters as statutory
from kooperacja.law.selectors import statutory_parameter_get
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.training import attendance_selectors as training


def _require_staff(actor: User | None, organisation: Organisation) -> None:
    if organisation.kind != OrganisationKind.CIS:
        raise ValidationError({"organisation": _("The integration benefit is paid by a CIS.")})
    if actor is None or actor.is_superuser:
        return
    if organisation.pk not in actor_of(actor).organisations_with(Role.PZS_STAFF):
        raise PermissionDenied


def _lines(benefit_month: BenefitMonth, bonuses: dict[int, Decimal]) -> list[BenefitLine]:
    first, last = month_bounds(benefit_month.year, benefit_month.month)
    lines = []
    for stay in training.cis_stays_in_month(organisation_id=benefit_month.organisation_id, first=first, last=last):
        participation = stay.participation
        trial = None
        if participation.trial_start:
            trial = (participation.trial_start, participation.trial_end or participation.trial_start)
        data = LineInput(
            period=stay.period,
            trial=trial,
            days=stay.days,
            days_off_before=stay.days_off_before,
            bonus=bonuses.get(participation.pk, Decimal("0")),
        )
        try:
            result = compute_line(benefit_month.year, benefit_month.month, data, statutory_parameter_get)
        except MissingParameter as missing:
            raise ValidationError(
                {
                    "month": _("No statutory value “%(code)s” covers %(date)s; the benefit cannot be computed.")
                    % {"code": missing.code, "date": short_date(missing.day)}
                }
            ) from None
        if result.stay_days == 0:
            continue
        lines.append(
            BenefitLine(
                benefit_month=benefit_month,
                participation=participation,
                base_amount=result.base_amount,
                rate_pct=result.rate_pct,
                full_amount=result.full_amount,
                working_days=result.working_days,
                stay_days=result.stay_days,
                days_present=result.days_present,
                unrecorded_days=result.unrecorded_days,
                deductions=result.deductions,
                benefit=result.benefit,
                bonus=result.bonus,
                social_contributions=result.social_contributions,
                health_contribution=result.health_contribution,
                to_pay=result.to_pay,
                steps=result.steps,
            )
        )
    return lines


def _write_lines(benefit_month: BenefitMonth, bonuses: dict[int, Decimal]) -> None:
    lines = _lines(benefit_month, bonuses)
    benefit_month.lines.all().delete()
    BenefitLine.objects.bulk_create(lines)


def benefit_month_compute(*, actor: User | None, organisation: Organisation, year: int, month: int) -> BenefitMonth:
    """Compute (or recompute, keeping the bonuses) the open version of a month from the daily attendance. A
    month whose latest version is approved must be reopened first; a paid one can only be corrected."""
    _require_staff(actor, organisation)
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValidationError({"month": _("Choose a month.")})
    if date(year, month, 1) > timezone.localdate():
        raise ValidationError({"month": _("A month that has not begun cannot be computed.")})
    if statutory_parameter_get(statutory.UNEMPLOYMENT_BENEFIT_BASE, date(year, month, 1)) is None:
        raise ValidationError(
            {
                "month": _("No statutory value “%(code)s” covers %(date)s; the benefit cannot be computed.")
                % {"code": statutory.UNEMPLOYMENT_BENEFIT_BASE, "date": short_date(date(year, month, 1))}
            }
        )
    with transaction.atomic():
        latest = (
            BenefitMonth.objects.select_for_update()
            .filter(organisation=organisation, year=year, month=month)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.state == MonthState.PAID:
            raise ValidationError({"month": _("This month was paid and is locked; correct it to make a new version.")})
        if latest is not None and latest.state == MonthState.APPROVED:
            raise ValidationError({"month": _("This month is approved; send it back to draft to recompute it.")})
        if latest is None:
            try:
                with transaction.atomic():
                    latest = BenefitMonth.objects.create(
                        organisation=organisation,
                        year=year,
                        month=month,
                        computed_at=timezone.now(),
                        created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    )
            except IntegrityError:
                raise ConflictError(_("Someone else computed this month in the meantime. Reload and check.")) from None
            BenefitMonthEvent.objects.create(
                benefit_month=latest, from_state="", to_state=MonthState.DRAFT, actor=_user(actor)
            )
        bonuses = dict(latest.lines.values_list("participation_id", "bonus"))
        _write_lines(latest, bonuses)
        latest.computed_at = timezone.now()
        latest.save(update_fields=["computed_at"])
    return latest


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def benefit_line_set_bonus(*, actor: User | None, line: BenefitLine, amount) -> BenefitLine:
    """The motivation bonus of one line (art. 15a), within its ceiling, in a draft month only."""
    benefit_month = line.benefit_month
    _require_staff(actor, benefit_month.organisation)
    try:
        value = Decimal(str(amount).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"bonus": _("Enter an amount.")}) from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError({"bonus": _("Enter an amount in złoty with at most two decimal places.")})
    plausible.validate({"bonus": (plausible.BENEFIT_AMOUNT.named(_("Motivation bonus")), value)})
    ceiling = next((Decimal(step["ceiling"]) for step in line.steps if step["code"] == "bonus"), Decimal("0"))
    if value > ceiling:
        raise ValidationError(
            {
                "bonus": _(
                    "The motivation bonus may be at most %(ceiling)s zł (100%% of the benefit, art. 15a of the act "
                    "on social employment)."
                )
                % {"ceiling": ceiling}
            }
        )
    with transaction.atomic():
        locked = BenefitMonth.objects.select_for_update().get(pk=benefit_month.pk)
        if locked.state != MonthState.DRAFT:
            raise ValidationError({"bonus": _("Only a draft month can be changed.")})
        bonuses = dict(locked.lines.values_list("participation_id", "bonus"))
        bonuses[line.participation_id] = value
        _write_lines(locked, bonuses)
    return BenefitLine.objects.get(benefit_month=locked, participation_id=line.participation_id)


def benefit_month_move(*, actor: User | None, benefit_month: BenefitMonth, target: str, note: str = "") -> BenefitMonth:
    """Approve, mark paid or send back to draft (audited). A month with working days left unrecorded cannot be
    approved: the benefit would be paid for days nobody accounted for."""
    _require_staff(actor, benefit_month.organisation)
    with transaction.atomic():
        if target == MonthState.APPROVED:
            missing = benefit_month.lines.filter(unrecorded_days__gt=0).count()
            if missing:
                raise ValidationError(
                    {
                        "state": _(
                            "%(count)s participants have working days without attendance recorded; record them "
                            "and recompute before approving."
                        )
                        % {"count": missing}
                    }
                )
        return transition(
            benefit_month,
            machine=MONTH_MACHINE,
            target=target,
            actor=actor,
            event_model=BenefitMonthEvent,
            note=note,
            field="state",
            benefit_month=benefit_month,
        )


def benefit_month_correct(*, actor: User | None, benefit_month: BenefitMonth, note: str = "") -> BenefitMonth:
    """A correction of a paid month: version n+1, referring to it, computed afresh (bonuses kept) as a draft.
    The paid version stays as it was."""
    _require_staff(actor, benefit_month.organisation)
    if benefit_month.state != MonthState.PAID:
        raise ValidationError({"state": _("Only a paid month is corrected; change the draft instead.")})
    with transaction.atomic():
        latest = (
            BenefitMonth.objects.select_for_update()
            .filter(organisation_id=benefit_month.organisation_id, year=benefit_month.year, month=benefit_month.month)
            .order_by("-version")
            .first()
        )
        if latest is None or latest.pk != benefit_month.pk:
            raise ValidationError({"state": _("This month already has a later version.")})
        correction = BenefitMonth.objects.create(
            organisation_id=benefit_month.organisation_id,
            year=benefit_month.year,
            month=benefit_month.month,
            version=benefit_month.version + 1,
            corrects=benefit_month,
            computed_at=timezone.now(),
            created_by=_user(actor),
        )
        BenefitMonthEvent.objects.create(
            benefit_month=correction, from_state="", to_state=MonthState.DRAFT, actor=_user(actor), note=note
        )
        _write_lines(correction, dict(benefit_month.lines.values_list("participation_id", "bonus")))
    return correction
