"""Joint diagnosis rounds: a coordinator opens one and invites partners, partners contribute their needs, the
municipality adds its directions of service development."""

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.catalogue.models import ServiceType
from kooperacja.core import plausible
from kooperacja.core.errors import FieldErrors
from kooperacja.core.text import short_date
from kooperacja.registry.models import Organisation
from kooperacja.staffing.models import (
    DevelopmentDirection,
    DiagnosisRound,
    RoundNeed,
    RoundPartner,
    RoundStatus,
    StaffingNeed,
)
from kooperacja.staffing.rules import PARTNER_ROLES
from kooperacja.staffing.services.common import (
    actor_or_none,
    check_coordinator,
    is_admin,
    resolve_unit,
)
from kooperacja.staffing.services.needs import NEED_CONTRIBUTABLE_STATES
from kooperacja.territory.models import Level, Unit

QUARTER_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_bounds(quarter: str) -> tuple[date, date] | None:
    """First and last day of a "YYYY-Qn" quarter, or None if the text is not a quarter."""
    match = QUARTER_PATTERN.match(quarter or "")
    if match is None:
        return None
    year, number = int(match.group(1)), int(match.group(2))
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def _check_round_open(diagnosis_round: DiagnosisRound) -> None:
    if diagnosis_round.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is closed; it takes no more contributions."), code="round_closed")


def _check_partners(
    territory: Unit | None, partners: Iterable[Organisation], *, field: str, errors: FieldErrors
) -> None:
    if territory is None:
        return
    outside = [p.name for p in partners if not p.municipality_id.startswith(territory.code[:2])]
    if outside:
        errors.add(
            field,
            _("Partners must work in the voivodeship of the round's territory; not: %(names)s."),
            code="partner_outside",
            params={"names": ", ".join(outside)},
        )


@transaction.atomic
def round_open(*, actor: User, data: Mapping[str, Any]) -> DiagnosisRound:
    """A coordinator opens a joint diagnosis for a municipality or county and a period, inviting partners."""
    errors = FieldErrors()
    title = str(data.get("title") or "").strip()
    if not title:
        errors.add("title", _("This field is required."), code="required")
    elif len(title) > 200:
        errors.add("title", _("At most 200 characters."), code="max_length")
    territory = resolve_unit(
        data.get("territory"), levels=[Level.MUNICIPALITY, Level.COUNTY], field="territory", errors=errors
    )
    start, end = data.get("period_start"), data.get("period_end")
    if start is None:
        errors.add("period_start", _("This field is required."), code="required")
    if end is None:
        errors.add("period_end", _("This field is required."), code="required")
    if start and end and end < start:
        errors.add("period_end", _("The period cannot end before it starts."), code="period_order")
    plausible.check(errors, {"period_start": (plausible.ROUND_START, start), "period_end": (plausible.ROUND_END, end)})
    coordinator_organisation = data.get("coordinator_organisation")
    if coordinator_organisation is None:
        errors.add("coordinator_organisation", _("Choose the coordinating organisation."), code="required")
    elif not (is_admin(actor) or coordinator_organisation.pk in actor_of(actor).organisations_with("coordinator")):
        errors.add(
            "coordinator_organisation",
            _("You are not a coordinator in “%(name)s”."),
            code="not_coordinator",
            params={"name": coordinator_organisation.name},
        )
    partners = [
        p
        for p in (data.get("partners") or [])
        if coordinator_organisation is None or p.pk != coordinator_organisation.pk
    ]
    _check_partners(territory, partners, field="partners", errors=errors)
    errors.raise_if_any()
    # What is missing was refused above.
    assert territory is not None and start is not None and end is not None and coordinator_organisation is not None
    diagnosis_round = DiagnosisRound.objects.create(
        title=title,
        territory=territory,
        period_start=start,
        period_end=end,
        coordinator_organisation=coordinator_organisation,
        created_by=actor_or_none(actor),
    )
    RoundPartner.objects.bulk_create(
        [RoundPartner(round=diagnosis_round, organisation=partner) for partner in {p.pk: p for p in partners}.values()]
    )
    return diagnosis_round


@transaction.atomic
def round_invite_partner(*, actor: User, diagnosis_round: DiagnosisRound, organisation: Organisation) -> RoundPartner:
    check_coordinator(actor, diagnosis_round)
    _check_round_open(diagnosis_round)
    errors = FieldErrors()
    if organisation.pk == diagnosis_round.coordinator_organisation_id:
        errors.add("organisation", _("The coordinating organisation takes part already."), code="coordinator")
    else:
        _check_partners(diagnosis_round.territory, [organisation], field="organisation", errors=errors)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return RoundPartner.objects.create(round=diagnosis_round, organisation=organisation)
    except IntegrityError as exc:
        raise ValidationError(
            {
                "organisation": ValidationError(
                    _("“%(name)s” is already a partner."), code="duplicate", params={"name": organisation.name}
                )
            }
        ) from exc


@transaction.atomic
def round_contribute_need(*, actor: User, diagnosis_round: DiagnosisRound, need: StaffingNeed) -> RoundNeed:
    """A partner's member attaches one of their organisation's needs to the round."""
    _check_round_open(diagnosis_round)
    partner = RoundPartner.objects.filter(round=diagnosis_round, organisation_id=need.provider_id).first()
    if partner is None:
        raise ValidationError(
            _("“%(name)s” is not a partner of this round."), code="not_a_partner", params={"name": need.provider.name}
        )
    if not (is_admin(actor) or need.provider_id in actor_of(actor).organisations_with(*PARTNER_ROLES)):
        raise PermissionDenied
    if need.status not in NEED_CONTRIBUTABLE_STATES:
        raise ValidationError(
            _("The need “%(need)s” is %(status)s and cannot be contributed."),
            code="need_closed",
            params={"need": need.position, "status": need.get_status_display()},
        )
    if not need.municipality_id.startswith(diagnosis_round.territory_id):
        raise ValidationError(
            _("The need “%(need)s” is outside the round's territory."),
            code="need_outside",
            params={"need": need.position},
        )
    try:
        with transaction.atomic():
            link = RoundNeed.objects.create(round=diagnosis_round, need=need, contributed_by=actor_or_none(actor))
    except IntegrityError as exc:
        raise ValidationError(
            _("The need “%(need)s” is already contributed."), code="duplicate", params={"need": need.position}
        ) from exc
    RoundPartner.objects.filter(pk=partner.pk).update(contributed_at=timezone.now())
    return link


@transaction.atomic
def round_contribute_needs(*, actor: User, diagnosis_round: DiagnosisRound, needs: Iterable[StaffingNeed]) -> int:
    """Contribute several needs at once: all of them or none."""
    count = 0
    for need in needs:
        round_contribute_need(actor=actor, diagnosis_round=diagnosis_round, need=need)
        count += 1
    return count


@transaction.atomic
def direction_add(*, actor: User, diagnosis_round: DiagnosisRound, data: Mapping[str, Any]) -> DevelopmentDirection:
    """The municipality's direction of service development: more of a service, with additional staff."""
    check_coordinator(actor, diagnosis_round)
    _check_round_open(diagnosis_round)
    errors = FieldErrors()
    service_type = data.get("service_type")
    if not isinstance(service_type, ServiceType):
        errors.add("service_type", _("Choose the service."), code="required")
    description = str(data.get("description") or "").strip()
    if not description:
        errors.add("description", _("This field is required."), code="required")
    elif len(description) > 2000:
        errors.add("description", _("At most 2000 characters."), code="max_length")
    staff = data.get("additional_staff")
    if staff is None or not isinstance(staff, int) or staff < 0:
        errors.add("additional_staff", _("Enter a whole number, 0 or more."), code="invalid")
    plausible.check(errors, {"additional_staff": (plausible.ADDITIONAL_STAFF, staff)})
    quarter = str(data.get("quarter") or "").strip().upper()
    bounds = quarter_bounds(quarter)
    if bounds is None:
        errors.add("quarter", _("Write the quarter as YYYY-Qn, e.g. 2027-Q1."), code="invalid_quarter")
    elif bounds[1] < diagnosis_round.period_start or bounds[0] > diagnosis_round.period_end:
        errors.add(
            "quarter",
            _("The quarter %(quarter)s is outside the round's period (%(start)s – %(end)s)."),
            code="quarter_outside",
            params={
                "quarter": quarter,
                "start": short_date(diagnosis_round.period_start),
                "end": short_date(diagnosis_round.period_end),
            },
        )
    errors.raise_if_any()
    assert isinstance(service_type, ServiceType) and isinstance(staff, int)  # anything else was refused above
    return DevelopmentDirection.objects.create(
        round=diagnosis_round,
        service_type=service_type,
        description=description,
        additional_staff=staff,
        quarter=quarter,
    )
