"""The registration steps of a founding group, in their order: statute adopted, founding meeting held, KRS
application filed, KRS entry. The entry registers the cooperative as an organisation of the registry, links it to
the group and makes the launch operating — in one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.founding.models import (
    GROUP_MACHINE,
    STEP_ORDER,
    FoundingGroup,
    FoundingMember,
    GroupEvent,
    GroupState,
    PlanState,
    RegistrationStep,
    StepKind,
)
from kooperacja.founding.services.group import CONFLICT_MESSAGE, active_members, group_size_check, require
from kooperacja.launches import services as launches
from kooperacja.registry import services as registry
from kooperacja.registry.models import OrganisationKind
from kooperacja.registry.validators import validate_krs

# The words the name of a social cooperative must contain (art. 2 ust. 3 of the act of 27 April 2006).
NAME_WORDS = "spółdzielnia socjalna"


@dataclass(frozen=True, kw_only=True)
class StepInput:
    kind: str
    done_on: date | None
    present: Sequence[FoundingMember] = ()
    court: str = ""
    krs_number: str = ""
    name: str = ""
    note: str = ""


def next_step(group: FoundingGroup, recorded: Sequence[RegistrationStep] | None = None) -> str | None:
    """The kind of the step to record next, or None when all are recorded."""
    done = {step.kind for step in (recorded if recorded is not None else group.steps.all())}
    for kind in STEP_ORDER:
        if kind not in done:
            return kind
    return None


def _lock(group: FoundingGroup) -> FoundingGroup:
    """The group's row, locked until the end of the transaction: two people recording steps wait for each other."""
    return FoundingGroup.objects.select_for_update().select_related("launch").get(pk=group.pk)


@transaction.atomic
def step_record(
    *, actor: User | None, group: FoundingGroup, data: StepInput, version: int | None = None
) -> RegistrationStep:
    require(actor, "founding.record_steps", group)
    group = _lock(group)
    if version is not None and group.version != version:
        raise ConflictError(CONFLICT_MESSAGE)
    steps = list(group.steps.order_by("position"))
    errors = FieldErrors()
    if data.kind not in StepKind.values:
        raise ValidationError({"kind": _("Choose a registration step.")})
    expected = next_step(group, steps)
    if any(step.kind == data.kind for step in steps):
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("“%(step)s” is already recorded.") % {"step": StepKind(data.kind).label}, code="already_recorded"
                )
            }
        )
    if expected != data.kind:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("Record “%(step)s” first.") % {"step": StepKind(expected).label if expected else ""},
                    code="out_of_order",
                )
            }
        )
    previous = steps[-1] if steps else None
    today = timezone.localdate()
    if data.done_on is None:
        errors.add("done_on", _("Enter the date."), code="required")
    elif data.done_on > today:
        errors.add("done_on", _("The date cannot be in the future."), code="future")
    elif previous is not None and data.done_on < previous.done_on:
        errors.add(
            "done_on",
            _("The date cannot be before the previous step (“%(step)s”, %(date)s).")
            % {"step": previous.get_kind_display(), "date": short_date(previous.done_on)},
            code="before_previous",
        )
    errors.raise_if_any()
    assert data.done_on is not None
    check = {
        StepKind.STATUTE: _statute_check,
        StepKind.MEETING: _meeting_check,
        StepKind.KRS_APPLICATION: _application_check,
        StepKind.KRS_ENTRY: _entry_check,
    }[StepKind(data.kind)]
    check(group, data, errors)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            step = RegistrationStep.objects.create(
                group=group,
                kind=data.kind,
                position=STEP_ORDER.index(StepKind(data.kind)) + 1,
                done_on=data.done_on,
                court=data.court.strip()[:200],
                krs_number=data.krs_number.strip(),
                note=data.note.strip()[:500],
                recorded_by=actor,
            )
    except IntegrityError as exc:
        raise ConflictError(CONFLICT_MESSAGE) from exc
    if data.kind == StepKind.MEETING:
        step.present.set(data.present)
    if data.kind == StepKind.STATUTE:
        transition(
            group,
            machine=GROUP_MACHINE,
            target=GroupState.REGISTERING,
            actor=actor,
            event_model=GroupEvent,
            field="state",
            note=str(StepKind.STATUTE.label),
            group=group,
        )
    if data.kind == StepKind.KRS_ENTRY:
        _register(actor=actor, group=group, data=data)
    FoundingGroup.objects.filter(pk=group.pk).update(version=group.version + 1, updated_at=timezone.now())
    group.version += 1
    return step


def _statute_check(group: FoundingGroup, data: StepInput, errors: FieldErrors) -> None:
    if group.cooperative_model_id is None:
        errors.add("kind", _("Choose the cooperative model before the statute is adopted."), code="no_model")
    try:
        group_size_check(group, data.done_on or timezone.localdate(), field="kind")
    except ValidationError as exc:
        errors.absorb(exc)


def _meeting_check(group: FoundingGroup, data: StepInput, errors: FieldErrors) -> None:
    members = {member.pk for member in active_members(group)}
    present = list(data.present)
    if any(member.pk not in members for member in present):
        errors.add("present", _("Only the group's current founders can be present."), code="not_member")
        return
    try:
        group_size_check(group, data.done_on or timezone.localdate(), count=len(present), field="present")
    except ValidationError as exc:
        errors.absorb(exc)


def _application_check(group: FoundingGroup, data: StepInput, errors: FieldErrors) -> None:
    if not data.court.strip():
        errors.add("court", _("Name the registry court the application was filed with."), code="required")
    plan = getattr(group, "plan", None)
    if plan is None or plan.state != PlanState.FINAL:
        errors.add("kind", _("Make the business plan final before filing the KRS application."), code="plan_not_final")


def _entry_check(group: FoundingGroup, data: StepInput, errors: FieldErrors) -> None:
    try:
        validate_krs(data.krs_number.strip())
    except ValidationError as exc:
        errors.absorb(exc, field="krs_number")
    name = " ".join(data.name.split())
    if not name:
        errors.add("name", _("Enter the name of the cooperative as entered in the KRS."), code="required")
    elif NAME_WORDS not in name.lower():
        errors.add(
            "name", _("The name of a social cooperative must contain the words “spółdzielnia socjalna”."), code="name"
        )
    if group.organisation_id is not None:
        errors.add("kind", _("The cooperative is already registered."), code="registered")


def _register(*, actor: User | None, group: FoundingGroup, data: StepInput) -> None:
    launch = group.launch
    try:
        organisation = registry.organisation_create(
            actor=actor,
            data={
                "name": " ".join(data.name.split()),
                "kind": OrganisationKind.SOCIAL_COOPERATIVE,
                "municipality": launch.municipality,
                "krs": data.krs_number.strip(),
                "description": group.cooperative_model.name if group.cooperative_model else "",
            },
        )
    except ValidationError as exc:
        errors = FieldErrors()
        for field_name, messages in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            target = {"krs": "krs_number"}.get(field_name, "name" if field_name == "name" else "krs_number")
            for message in messages:
                errors.add(target, message)
        errors.raise_if_any()
        raise
    changed = FoundingGroup.objects.filter(pk=group.pk, organisation__isnull=True).update(
        organisation=organisation, proposed_name=organisation.name
    )
    if changed != 1:
        raise ConflictError(CONFLICT_MESSAGE)
    group.organisation, group.proposed_name = organisation, organisation.name
    transition(
        group,
        machine=GROUP_MACHINE,
        target=GroupState.REGISTERED,
        actor=actor,
        event_model=GroupEvent,
        field="state",
        note=str(StepKind.KRS_ENTRY.label),
        group=group,
    )
    launches.launch_mark_operating(actor=actor, launch=launch, organisation=organisation)
