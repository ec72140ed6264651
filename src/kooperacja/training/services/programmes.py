"""CIS/KIS programmes built from catalogue cards, and their cohorts."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.accounts.roles import Role
from kooperacja.core import plausible
from kooperacja.core.errors import FieldErrors
from kooperacja.core.models import max_length
from kooperacja.registry.models import Organisation
from kooperacja.staffing import selectors as staffing_selectors
from kooperacja.training.models import (
    Cohort,
    Participation,
    TrainingProgramme,
)
from kooperacja.training.selectors import (
    PZS_KINDS,
)
from kooperacja.training.services.common import FINISHED_STATES, municipality_of, require_role

# --- programmes and cohorts --------------------------------------------------------------------------


def programme_create_from_card(
    *, actor: User, organisation: Organisation, card_version, name: str = "", modules: Iterable | None = None
) -> TrainingProgramme:
    """A CIS builds its programme from the card's CIS course modules, a KIS from the KIS ones. All
    modules of that variant are taken unless ``modules`` picks some of them."""
    errors = FieldErrors()
    if organisation.kind not in PZS_KINDS:
        errors.add("organisation", _("Only a CIS or a KIS runs preparatory programmes."))
        errors.raise_if_any()
    require_role(actor, organisation, [Role.PZS_STAFF])
    variant = organisation.kind
    available = {m.pk: m for m in card_version.programme_modules.all() if m.variant == variant}
    if not available:
        errors.add("card_version", _("This card has no %(variant)s course modules.") % {"variant": variant.upper()})
        errors.raise_if_any()
    if modules is None:
        chosen = list(available.values())
    else:
        chosen_ids = {getattr(module, "pk", module) for module in modules}
        if not chosen_ids:
            errors.add("modules", _("Choose at least one module."))
        elif not chosen_ids <= available.keys():
            errors.add(
                "modules",
                _("Choose only modules of the card's %(variant)s course.") % {"variant": variant.upper()},
            )
        chosen = [available[pk] for pk in chosen_ids if pk in available]
    name = (name or "").strip() or f"{card_version.name} ({variant.upper()})"
    if len(name) > max_length(TrainingProgramme, "name"):
        errors.add("name", _("The name is too long."))
    errors.raise_if_any()
    with transaction.atomic():
        programme = TrainingProgramme.objects.create(
            organisation=organisation, card_version=card_version, variant=variant, name=name
        )
        programme.modules.set(chosen)
    return programme


COHORT_FIELDS = ("name", "start_date", "end_date", "seats", "instructors", "municipality", "address")


def _cohort_apply(cohort: Cohort, data: Mapping[str, Any]) -> None:
    errors = FieldErrors()
    for name in COHORT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "municipality":
            unit = municipality_of(value, field="municipality", errors=errors)
            if unit is not None:
                cohort.municipality = unit
            continue
        if name in ("name", "instructors", "address"):
            value = (value or "").strip()
        setattr(cohort, name, value)
    if not cohort.name:
        errors.add("name", _("Enter a name."))
    if cohort.start_date and cohort.end_date and cohort.end_date < cohort.start_date:
        errors.add("end_date", _("The cohort cannot end before it starts."))
    if cohort.seats is not None and cohort.seats < 1:
        errors.add("seats", _("A cohort has at least one seat."))
    plausible.check(
        errors,
        {
            "seats": (plausible.SEATS, cohort.seats),
            "start_date": (plausible.COHORT_DATE.named(_("Start date")), cohort.start_date),
            "end_date": (plausible.COHORT_DATE.named(_("End date")), cohort.end_date),
        },
    )
    try:
        cohort.full_clean(exclude=["programme", "municipality", "plan_lines"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in errors:
                errors.update({field: [ValidationError(m) for m in messages]})
    errors.raise_if_any()


def cohort_create(*, actor: User, programme: TrainingProgramme, data: Mapping[str, Any]) -> Cohort:
    require_role(actor, programme.organisation, [Role.PZS_STAFF])
    cohort = Cohort(programme=programme)
    _cohort_apply(cohort, data)
    cohort.save()
    return cohort


def cohort_update(*, actor: User, cohort: Cohort, data: Mapping[str, Any]) -> Cohort:
    require_role(actor, cohort.programme.organisation, [Role.PZS_STAFF])
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        _cohort_apply(cohort, data)
        enrolled = locked.participations.count()
        if cohort.seats < enrolled:
            raise ValidationError(
                {
                    "seats": _("%(count)s participants are already enrolled; keep at least that many seats.")
                    % {"count": enrolled}
                }
            )
        cohort.save(update_fields=[name for name in COHORT_FIELDS if name in data])
    return cohort


def cohort_link_plan_lines(*, actor: User, cohort: Cohort, lines: Iterable) -> Cohort:
    """Link the cohort to plan lines (replacing the links) of draft or signed plans for its service."""
    require_role(actor, cohort.programme.organisation, [Role.PZS_STAFF])
    line_ids = {getattr(line, "pk", line) for line in lines}
    service_type_id = cohort.programme.card_version.service_type_id
    allowed = set(
        staffing_selectors.plan_lines_for_training(service_type_id=service_type_id)
        .filter(pk__in=line_ids)
        .values_list("pk", flat=True)
    )
    if line_ids - allowed:
        raise ValidationError(
            {"plan_lines": _("Link only lines of draft or signed plans for the service of this programme's card.")}
        )
    with transaction.atomic():
        cohort.plan_lines.set(sorted(allowed))
    return cohort


def cohort_enrol(*, actor: User, cohort: Cohort, participation: Participation) -> None:
    """Put a participant in a cohort of the same CIS/KIS; the seat limit is decided under a row lock."""
    errors = FieldErrors()
    if participation.organisation_id != cohort.programme.organisation_id:
        errors.add("cohort", _("The cohort belongs to another CIS or KIS."))
    if participation.status in FINISHED_STATES:
        errors.add("cohort", _("The participation has ended."))
    errors.raise_if_any()
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if locked.participations.filter(pk=participation.pk).exists():
            raise ValidationError({"cohort": _("The participant is already in this cohort.")})
        taken = locked.participations.count()
        if taken >= locked.seats:
            raise ValidationError(
                {
                    "cohort": _("The cohort “%(name)s” is full: all %(seats)s seats are taken.")
                    % {"name": locked.name, "seats": locked.seats}
                }
            )
        locked.participations.add(participation)
