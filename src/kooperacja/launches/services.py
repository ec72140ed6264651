"""Writes of a launch: the draft (services, form, budget lines) by a municipality office, OPS or CUS for its own
municipality, edits with a version check, and the moves of its state machine. Announcing invites the partners
(``partners.py``); starting recruitment publishes the call and its selection criteria and drafts the cooperation
agreement with the committed partners; the confirmed selection moves the launch to "founding"
(:func:`launch_mark_founding`) and the registered cooperative to "operating" (:func:`launch_mark_operating`)."""

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalogue import selectors as catalogue
from kooperacja.commissioning.models import ServiceUnit
from kooperacja.core import plausible
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.launches import hooks
from kooperacja.launches.models import (
    LAUNCH_MACHINE,
    FundingSource,
    Launch,
    LaunchBudgetLine,
    LaunchEvent,
    LaunchService,
    LaunchState,
    OrganisationalForm,
)
from kooperacja.launches.rules import LAUNCHER_KINDS, launcher_organisation_ids

MONEY = Decimal("0.01")
EDITABLE_STATES = frozenset({LaunchState.DRAFT, LaunchState.ANNOUNCED})


def user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _amount(errors: FieldErrors, field: str, value, message: str) -> Decimal | None:
    if value in (None, ""):
        errors.add(field, message)
        return None
    try:
        number = Decimal(str(value)).quantize(MONEY)
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."))
        return None
    if number <= 0:
        errors.add(field, _("Enter an amount greater than zero."))
        return None
    return number


def _services_checked(errors: FieldErrors, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    services: list[dict[str, Any]] = []
    seen: set[int] = set()
    for row in rows:
        service = row.get("service_type")
        if isinstance(service, str):
            service = catalogue.service_type_find(code=service)
        if service is None and not row.get("planned_volume"):
            continue
        if service is None or service.current_version_id is None:
            errors.add("services", _("Choose a service of the catalogue with a published card."))
            continue
        if service.pk in seen:
            errors.add("services", _("Each service is listed once."))
            continue
        seen.add(service.pk)
        unit = row.get("unit") or ""
        if unit not in ServiceUnit.values:
            errors.add("services", _("Choose the unit the planned volume is counted in."))
        volume = _amount(errors, "services", row.get("planned_volume"), _("Enter the planned volume."))
        start, end = row.get("starts_on"), row.get("ends_on")
        if not start or not end:
            errors.add("services", _("Enter the timeline of each service (from, until)."))
        elif end < start:
            errors.add("services", _("A service cannot end before it starts."))
        plausible.check(
            errors,
            {"services": (plausible.SERVICE_VOLUME, volume)},
        )
        services.append(
            {
                "service_type": service,
                "card_version": service.current_version,
                "unit": unit,
                "planned_volume": volume,
                "starts_on": start,
                "ends_on": end,
            }
        )
    if not services and "services" not in errors:
        errors.add("services", _("Choose at least one service of the catalogue."))
    return services


def _budget_checked(errors: FieldErrors, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for row in rows:
        source = row.get("source") or ""
        if not source and not row.get("amount"):
            continue
        if source not in FundingSource.values:
            errors.add("budget_lines", _("Choose the source of each budget line."))
            continue
        amount = _amount(errors, "budget_lines", row.get("amount"), _("Enter the amount of each budget line."))
        plausible.check(errors, {"budget_lines": (plausible.MONEY, amount)})
        lines.append({"source": source, "amount": amount, "note": (row.get("note") or "").strip()[:300]})
    return lines


def _launch_checked(*, actor, data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    values: dict[str, Any] = {}
    owner = data.get("owner")
    if owner is None:
        errors.add("owner", _("Choose the launching institution."))
    elif owner.kind not in LAUNCHER_KINDS:
        errors.add("owner", _("A package is launched by a municipality office, an OPS or a CUS."))
    elif actor is not None and not actor.is_superuser and owner.pk not in launcher_organisation_ids(actor):
        errors.add("owner", _("Choose one of your own institutions."))
    elif not owner.municipality_id:
        errors.add("owner", _("The institution has no municipality recorded in the registry."))
    values["owner"] = owner
    values["title"] = (data.get("title") or "").strip()
    if not values["title"]:
        errors.add("title", _("Enter the title."))
    elif len(values["title"]) > 200:
        errors.add("title", _("At most 200 characters."))
    values["description"] = (data.get("description") or "").strip()
    if not values["description"]:
        errors.add("description", _("Describe the package and what it should achieve."))
    elif len(values["description"]) > 8000:
        errors.add("description", _("At most 8,000 characters."))
    form = data.get("form") or OrganisationalForm.COOPERATIVE_NATURAL
    if form not in OrganisationalForm.values:
        errors.add("form", _("Choose the organisational form."))
    values["form"] = form
    values["form_description"] = (data.get("form_description") or "").strip()[:2000]
    if form == OrganisationalForm.OTHER and not values["form_description"]:
        errors.add("form_description", _("Describe the other form."))
    values["services"] = _services_checked(errors, data.get("services") or [])
    values["budget_lines"] = _budget_checked(errors, data.get("budget_lines") or [])
    errors.raise_if_any()
    return values


def _write_children(launch: Launch, services: list[dict[str, Any]], lines: list[dict[str, Any]]) -> None:
    launch.services.all().delete()
    LaunchService.objects.bulk_create([LaunchService(launch=launch, **row) for row in services])
    launch.budget_lines.all().delete()
    LaunchBudgetLine.objects.bulk_create([LaunchBudgetLine(launch=launch, **row) for row in lines])


def launch_create(*, actor, data: Mapping[str, Any]) -> Launch:
    """A draft launch of the actor's municipality office, OPS or CUS for its own municipality; every problem is
    reported at once and nothing is saved."""
    values = _launch_checked(actor=actor, data=data)
    services, lines = values.pop("services"), values.pop("budget_lines")
    with transaction.atomic():
        launch = Launch.objects.create(
            **values, municipality_id=values["owner"].municipality_id, created_by=user_or_none(actor)
        )
        _write_children(launch, services, lines)
        LaunchEvent.objects.create(
            launch=launch,
            from_state="",
            to_state=LaunchState.DRAFT,
            actor=user_or_none(actor),
            note=_("Draft created"),
        )
    return launch


def claim(launch: Launch, expected_version: int | None, states=None) -> None:
    """Claim the launch's version with a conditional UPDATE (inside a transaction): a stale version or a state
    changed meanwhile is a ConflictError and nothing is written."""
    version = launch.version if expected_version is None else expected_version
    found = Launch.objects.filter(pk=launch.pk, version=version)
    if states is not None:
        found = found.filter(state__in=list(states))
    if found.update(version=version + 1, updated_at=timezone.now()) != 1:
        raise ConflictError(
            _("Someone else changed this launch in the meantime. Nothing was saved; reload and repeat.")
        )
    launch.version = version + 1


def launch_update(*, actor, launch: Launch, data: Mapping[str, Any], expected_version: int) -> Launch:
    """Edit a draft or announced launch (its owner keeps its institution); a stale version is a ConflictError."""
    if not actor.has_perm("launches.manage_launch", launch):
        raise PermissionDenied
    if launch.state not in EDITABLE_STATES:
        raise ValidationError(_("A launch can be edited only before recruitment starts."))
    values = _launch_checked(actor=actor, data={**data, "owner": launch.owner})
    services, lines = values.pop("services"), values.pop("budget_lines")
    values.pop("owner")
    with transaction.atomic():
        claim(launch, expected_version, EDITABLE_STATES)
        for name, value in values.items():
            setattr(launch, name, value)
        launch.save(update_fields=[*values, "updated_at"])
        _write_children(launch, services, lines)
    return launch


def move(launch: Launch, target: str, *, actor, version: int | None, note: str = "", extra=None) -> Launch:
    """Move the launch (checked against the machine and the permission), claiming its version."""
    if version is not None and version != launch.version:
        raise ConflictError(
            _("Someone else changed this launch in the meantime. Nothing was saved; reload and repeat.")
        )
    return transition(
        launch,
        machine=LAUNCH_MACHINE,
        target=target,
        actor=actor,
        event_model=LaunchEvent,
        field="state",
        note=note,
        extra_updates={**(extra or {}), "version": launch.version + 1},
        launch=launch,
    )


def launch_announce(*, actor, launch: Launch, version: int) -> Launch:
    """Announce the launch: the CIS/KIS of the county and the OWES of the voivodeship are invited and told in the
    application and by e-mail (after the commit)."""
    from kooperacja.launches.partners import partners_invite

    with transaction.atomic():
        move(launch, LaunchState.ANNOUNCED, actor=actor, version=version, extra={"announced_at": timezone.now()})
        invited = partners_invite(launch=launch)
        launch.__dict__.pop("_partner_ids", None)
    launch.invited_count = invited  # type: ignore[attr-defined]
    return launch


def launch_start_recruiting(*, actor, launch: Launch, version: int) -> Launch:
    """Publish the call (and the selection criteria with it) and draft the cooperation agreement with the
    committed partners: announced → recruiting."""
    from kooperacja.launches.calls import call_publish
    from kooperacja.launches.partners import agreement_draft

    LAUNCH_MACHINE.check_permission(actor, launch, LaunchState.RECRUITING)
    LAUNCH_MACHINE.check(
        launch.state, LaunchState.RECRUITING, {value: str(label) for value, label in LaunchState.choices}
    )
    with transaction.atomic():
        move(launch, LaunchState.RECRUITING, actor=actor, version=version)
        call_publish(actor=actor, launch=launch)
        agreement_draft(launch=launch)
    return launch


def launch_start_training(*, actor, launch: Launch, version: int) -> Launch:
    with transaction.atomic():
        return move(launch, LaunchState.TRAINING, actor=actor, version=version)


def launch_start_selection(*, actor, launch: Launch, version: int) -> Launch:
    """Preparation is over: the founding group is selected (the scoring starts on the selection's page)."""
    from kooperacja.launches.selectors import call_of

    call = call_of(launch)
    if call is None or call.deadline > timezone.now():
        raise ValidationError(_("The selection starts after the deadline for applications."))
    with transaction.atomic():
        return move(launch, LaunchState.SELECTION, actor=actor, version=version)


def launch_cancel(*, actor, launch: Launch, version: int, reason: str) -> Launch:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("At most 2,000 characters.")})
    with transaction.atomic():
        move(
            launch,
            LaunchState.CANCELLED,
            actor=actor,
            version=version,
            note=reason[:500],
            extra={"cancel_reason": reason},
        )
        from kooperacja.launches.calls import selection_cancel_for

        selection_cancel_for(actor=actor, launch=launch, reason=reason)
    return launch


def launch_mark_founding(*, actor, launch: Launch) -> Launch:
    """The founding group is confirmed (called inside the selection's confirming transaction): the applications
    are marked selected or not with their positions, the launch moves to "founding" and the hooks of the apps
    above are called."""
    from kooperacja.launches.calls import applications_settle

    applications_settle(launch=launch)
    move(launch, LaunchState.FOUNDING, actor=actor, version=None, note=_("Founding group confirmed"))
    for hook in list(hooks.FOUNDING_GROUP_CONFIRMED):
        hook(launch)
    return launch


def launch_mark_operating(*, actor, launch: Launch, organisation) -> Launch:
    """The cooperative is registered: founding → operating, recording the new organisation."""
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the registered organisation.")})
    with transaction.atomic():
        return move(
            launch,
            LaunchState.OPERATING,
            actor=actor,
            version=None,
            note=_("Registered as %(name)s") % {"name": organisation.name},
            extra={"organisation": organisation},
        )
