"""The founding group: created when a launch's selection is confirmed, its members, its cooperative model."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.cooperatives import selectors as cooperatives
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.text import short_date
from kooperacja.founding.models import (
    BusinessPlan,
    FoundersKind,
    FoundingGroup,
    FoundingMember,
    GroupState,
    LegalFounderKind,
    ModelChoice,
)
from kooperacja.launches import selectors as launches
from kooperacja.law import parameters
from kooperacja.law.selectors import statutory_or_error
from kooperacja.registry.models import Organisation, OrganisationKind

CONFLICT_MESSAGE = _("Someone else changed the founding group in the meantime. Reload the page and try again.")
# The kinds of registry organisations that may found a social cooperative of legal persons (art. 5 ust. 2):
# a municipality (or county), an NGO, a church legal person (registered as "other").
LEGAL_FOUNDER_KINDS = {
    LegalFounderKind.MUNICIPALITY: frozenset({OrganisationKind.MUNICIPALITY_OFFICE}),
    LegalFounderKind.COUNTY: frozenset({OrganisationKind.MUNICIPALITY_OFFICE, OrganisationKind.OTHER}),
    LegalFounderKind.NGO: frozenset({OrganisationKind.NGO}),
    LegalFounderKind.CHURCH: frozenset({OrganisationKind.OTHER, OrganisationKind.NGO}),
}


def require(actor: User | None, permission: str, record) -> None:
    if actor is not None and not actor.has_perm(permission, record):
        raise PermissionDenied


def group_version_claim(group: FoundingGroup, version: int | None) -> None:
    """Claim ``version + 1`` of the group (the record two people may edit at once) or raise ConflictError."""
    expected = group.version if version is None else version
    changed = FoundingGroup.objects.filter(pk=group.pk, version=expected).update(
        version=expected + 1, updated_at=timezone.now()
    )
    if changed != 1:
        raise ConflictError(CONFLICT_MESSAGE)
    group.version = expected + 1


def minimum_founders(group: FoundingGroup, on_date: date, *, field: str = "__all__") -> int:
    """The smallest number of founders the law allows on ``on_date`` for the group's kind of founders."""
    code = (
        parameters.SOCIAL_COOP_MIN_FOUNDERS_LEGAL
        if group.founders == FoundersKind.LEGAL_PERSONS
        else parameters.SOCIAL_COOP_MIN_FOUNDERS_NATURAL
    )
    return int(statutory_or_error(code, on_date, field=field))


def active_members(group: FoundingGroup) -> list[FoundingMember]:
    return [member for member in group.members.all() if member.left_on is None]


def group_size_check(group: FoundingGroup, on_date: date, *, count: int | None = None, field: str = "__all__") -> None:
    """Refuse a group smaller than the law allows on ``on_date``, saying how many are needed."""
    minimum = minimum_founders(group, on_date, field=field)
    size = len(active_members(group)) if count is None else count
    if size < minimum:
        raise ValidationError(
            {
                field: ValidationError(
                    _(
                        "A social cooperative of %(kind)s needs at least %(minimum)s founders on %(date)s; "
                        "the group has %(size)s."
                    ),
                    code="group_too_small",
                    params={
                        "kind": FoundersKind(group.founders).label,
                        "minimum": minimum,
                        "date": short_date(on_date),
                        "size": size,
                    },
                )
            }
        )


@transaction.atomic
def group_create_for_launch(*, launch, applications, actor: User | None = None) -> FoundingGroup:
    """The founding group of ``launch`` with the confirmed candidates as members (called once the selection is
    confirmed; a second call returns the group already made). A cooperative of legal persons starts empty: its
    founders are organisations the coordinator adds."""
    existing = FoundingGroup.objects.filter(launch=launch).first()
    if existing is not None:
        return existing
    founders = FoundersKind.LEGAL_PERSONS if launch.form == "cooperative_legal" else FoundersKind.NATURAL_PERSONS
    group = FoundingGroup.objects.create(launch=launch, founders=founders)
    BusinessPlan.objects.create(group=group)
    if founders == FoundersKind.NATURAL_PERSONS:
        today = timezone.localdate()
        FoundingMember.objects.bulk_create(
            [
                FoundingMember(
                    group=group,
                    application=application,
                    entry_code=application.entry_code,
                    first_name=application.first_name,
                    last_name=application.last_name,
                    joined_on=today,
                    added_by=actor,
                )
                for application in applications
            ]
        )
    return group


@transaction.atomic
def member_add_organisation(
    *,
    actor: User | None,
    group: FoundingGroup,
    organisation: Organisation,
    legal_kind: str,
    joined_on: date,
    version: int | None = None,
) -> FoundingMember:
    """Add a legal person of the registry as a founder of a cooperative of legal persons."""
    require(actor, "founding.manage_members", group)
    errors = FieldErrors()
    if group.founders != FoundersKind.LEGAL_PERSONS:
        errors.add(
            "organisation",
            _("Only a cooperative of legal persons has organisations as founders."),
            code="not_legal_group",
        )
    if group.state == GroupState.REGISTERED:
        errors.add("organisation", _("The cooperative is registered: its founders are settled."), code="registered")
    if legal_kind not in LegalFounderKind.values:
        errors.add("legal_kind", _("Choose the kind of legal person."), code="invalid")
    elif organisation.kind not in LEGAL_FOUNDER_KINDS[LegalFounderKind(legal_kind)]:
        errors.add(
            "organisation",
            _("“%(name)s” is registered as “%(kind)s”, which cannot be a founder of the kind “%(founder)s”.")
            % {
                "name": organisation.name,
                "kind": organisation.get_kind_display(),
                "founder": LegalFounderKind(legal_kind).label,
            },
            code="wrong_kind",
        )
    if group.members.filter(organisation=organisation, left_on__isnull=True).exists():
        errors.add("organisation", _("This organisation is already a founder."), code="duplicate")
    _date_check(errors, "joined_on", joined_on)
    errors.raise_if_any()
    group_version_claim(group, version)
    member, _created = FoundingMember.objects.update_or_create(
        group=group,
        organisation=organisation,
        defaults={
            "legal_kind": legal_kind,
            "joined_on": joined_on,
            "added_by": actor,
            "left_on": None,
            "leave_reason": "",
        },
    )
    return member


def _date_check(errors: FieldErrors, field: str, value: date | None) -> None:
    if value is None:
        errors.add(field, _("Enter the date."), code="required")
    elif value > timezone.localdate():
        errors.add(field, _("The date cannot be in the future."), code="future")


@transaction.atomic
def member_leave(
    *, actor: User | None, member: FoundingMember, left_on: date, reason: str, version: int | None = None
) -> FoundingMember:
    """Record that a founder left the group, with the date and the reason."""
    group = member.group
    require(actor, "founding.manage_members", group)
    errors = FieldErrors()
    reason = (reason or "").strip()
    if member.left_on is not None:
        errors.add("left_on", _("This founder has already left."), code="already_left")
    _date_check(errors, "left_on", left_on)
    if left_on is not None and left_on < member.joined_on:
        errors.add(
            "left_on",
            _("A founder cannot leave before joining (%(date)s).") % {"date": short_date(member.joined_on)},
            code="before_joining",
        )
    if not reason:
        errors.add("reason", _("Give the reason for leaving."), code="required")
    errors.raise_if_any()
    group_version_claim(group, version)
    changed = FoundingMember.objects.filter(pk=member.pk, left_on__isnull=True).update(
        left_on=left_on, leave_reason=reason[:500], left_recorded_by=actor
    )
    if changed != 1:
        raise ConflictError(CONFLICT_MESSAGE)
    member.left_on, member.leave_reason, member.left_recorded_by = left_on, reason[:500], actor
    return member


@transaction.atomic
def model_choose(
    *, actor: User | None, group: FoundingGroup, cooperative_model, reason: str, version: int | None = None
) -> ModelChoice:
    """Record the cooperative model the group chose (published, for the group's kind of founders) and why."""
    require(actor, "founding.manage_group", group)
    errors = FieldErrors()
    reason = (reason or "").strip()
    if group.state == GroupState.REGISTERED:
        errors.add("cooperative_model", _("The cooperative is registered: its model is settled."), code="registered")
    published = {model.pk for model in cooperatives.models_for_choice()}
    if cooperative_model is None or cooperative_model.pk not in published:
        errors.add("cooperative_model", _("Choose one of the published models."), code="not_published")
    elif cooperative_model.founders != group.founders:
        errors.add(
            "cooperative_model",
            _("The model “%(model)s” is for cooperatives of %(model_kind)s; this group's founders are %(group_kind)s.")
            % {
                "model": cooperative_model.name,
                "model_kind": cooperative_model.get_founders_display(),
                "group_kind": FoundersKind(group.founders).label,
            },
            code="founders_mismatch",
        )
    if not reason:
        errors.add("reason", _("Say why the group chose this model."), code="required")
    errors.raise_if_any()
    group_version_claim(group, version)
    FoundingGroup.objects.filter(pk=group.pk).update(cooperative_model=cooperative_model)
    group.cooperative_model = cooperative_model
    return ModelChoice.objects.create(group=group, cooperative_model=cooperative_model, reason=reason, chosen_by=actor)


def on_founding_group_confirmed(launch) -> None:
    """The hook ``launches`` calls inside the transaction that confirms the founding group."""
    group_create_for_launch(launch=launch, applications=launches.confirmed_applications(launch))
