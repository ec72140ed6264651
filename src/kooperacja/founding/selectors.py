"""Reads of founding groups, scoped to who asks (``founding.rules``): the launching organisation's members, the
OWES advisors and analysts of the launch's voivodeship, administrators. Names of founders only for those who may
see them (the launching organisation's coordinators and social workers, the OWES advisors of the voivodeship);
those reads are logged."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kooperacja.accounts.actor import actor_of
from kooperacja.audit.reads import shows_personal_data
from kooperacja.founding import plan as figures
from kooperacja.founding.models import (
    STEP_ORDER,
    BusinessPlan,
    FoundersKind,
    FoundingGroup,
    FoundingMember,
    GroupState,
    ModelChoice,
    PlanComment,
    RegistrationStep,
)
from kooperacja.founding.rules import (
    advised_voivodeships,
    analyst_voivodeships,
    sees_group_of_launch,
    sees_names_of_launch,
)
from kooperacja.law import parameters
from kooperacja.law.selectors import StatutoryParameterMissing, statutory_value
from kooperacja.territory.models import within_any


def groups_visible(user) -> QuerySet[FoundingGroup]:
    if not user.is_authenticated:
        return FoundingGroup.objects.none()
    found = FoundingGroup.objects.select_related(
        "launch", "launch__municipality", "launch__owner", "cooperative_model", "organisation"
    )
    if user.is_superuser:
        return found
    voivodeships = advised_voivodeships(user) | analyst_voivodeships(user)
    scope = Q(launch__owner_id__in=actor_of(user).organisation_ids)
    if voivodeships:
        scope |= within_any("launch__municipality_id", voivodeships)
    return found.filter(scope)


def group_get_for_view(*, user, public_id) -> FoundingGroup:
    group = groups_visible(user).filter(public_id=public_id).first()
    if group is None or not sees_group_of_launch(user, group.launch):
        raise Http404
    return group


def group_get_for(*, user, public_id, permission: str) -> FoundingGroup:
    """The group for a write: 404 when not visible, 403 without ``permission`` on it."""
    group = group_get_for_view(user=user, public_id=public_id)
    if not user.has_perm(permission, group):
        raise PermissionDenied
    return group


def group_of_launch(*, user, launch) -> FoundingGroup | None:
    """The founding group of a launch the user sees, if there is one and the user may see it."""
    if not sees_group_of_launch(user, launch):
        return None
    return groups_visible(user).filter(launch=launch).first()


def sees_names(user, group: FoundingGroup) -> bool:
    return sees_names_of_launch(user, group.launch)


def members_of(group: FoundingGroup) -> QuerySet[FoundingMember]:
    return group.members.select_related("organisation").order_by("id")


@shows_personal_data(purpose="founding group members", fields=FoundingMember.PERSONAL_FIELDS)
def members_shown(*, user, group: FoundingGroup) -> list[FoundingMember]:
    """The members of the group with their names (only for those who may see them: check ``sees_names``)."""
    if not sees_names(user, group):
        raise PermissionDenied
    return list(members_of(group))


def member_get_for_leave(*, user, public_id, member_id: int) -> FoundingMember:
    group = group_get_for(user=user, public_id=public_id, permission="founding.manage_members")
    member = group.members.filter(pk=member_id).first()
    if member is None:
        raise Http404
    member.group = group
    return member


def model_choices(group: FoundingGroup) -> list[ModelChoice]:
    return list(group.model_choices.select_related("cooperative_model", "chosen_by").order_by("-chosen_at", "-id"))


def plan_of(group: FoundingGroup) -> BusinessPlan:
    plan = BusinessPlan.objects.filter(group=group).first()
    if plan is None:
        plan = BusinessPlan.objects.create(group=group)
    plan.group = group
    return plan


def plan_totals(plan: BusinessPlan) -> figures.PlanTotals:
    return figures.plan_totals(
        staff=plan.staff,
        costs=plan.costs,
        revenue=plan.revenue,
        funding=plan.funding,
        workplaces=plan.labour_fund_workplaces,
        average_wage=plan.average_wage,
    )


def plan_comments(plan: BusinessPlan) -> list[PlanComment]:
    return list(plan.comments.select_related("author", "resolved_by").order_by("resolved_at", "created_at", "id"))


def comment_get_for_resolve(*, user, public_id, comment_id: int) -> PlanComment:
    group = group_get_for(user=user, public_id=public_id, permission="founding.manage_group")
    comment = PlanComment.objects.filter(pk=comment_id, plan__group=group).select_related("plan").first()
    if comment is None:
        raise Http404
    comment.plan.group = group
    return comment


def steps_of(group: FoundingGroup) -> list[RegistrationStep]:
    return list(group.steps.select_related("recorded_by").prefetch_related("present").order_by("position"))


@dataclass(frozen=True)
class SizeStatus:
    size: int
    minimum: int | None
    # For a registered cooperative of natural persons founded by fewer than the members the law requires: how
    # many it must reach, and by when.
    members_required: int | None
    members_required_by: date | None

    @property
    def too_small(self) -> bool:
        return self.minimum is not None and self.size < self.minimum


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    return day


def size_status(group: FoundingGroup, steps: list[RegistrationStep] | None = None) -> SizeStatus:
    """The group's size against the minimum the law sets today, and the members a young cooperative must reach."""
    size = sum(1 for member in group.members.all() if member.left_on is None)
    today = timezone.localdate()
    code = (
        parameters.SOCIAL_COOP_MIN_FOUNDERS_LEGAL
        if group.founders == FoundersKind.LEGAL_PERSONS
        else parameters.SOCIAL_COOP_MIN_FOUNDERS_NATURAL
    )
    try:
        minimum: int | None = int(statutory_value(code, today))
    except StatutoryParameterMissing:
        minimum = None
    required = required_by = None
    entry = next((step for step in steps or steps_of(group) if step.kind == STEP_ORDER[-1]), None)
    if group.state == GroupState.REGISTERED and group.founders == FoundersKind.NATURAL_PERSONS and entry:
        try:
            members = int(statutory_value(parameters.SOCIAL_COOP_MIN_MEMBERS_NATURAL, entry.done_on))
            months = int(statutory_value(parameters.SOCIAL_COOP_MONTHS_TO_REACH_MIN_MEMBERS, entry.done_on))
        except StatutoryParameterMissing:
            members = months = 0
        if members and size < members:
            required, required_by = members, _months_later(entry.done_on, months)
    return SizeStatus(size=size, minimum=minimum, members_required=required, members_required_by=required_by)


def launch_titles_with_groups(*, owner) -> set[str]:
    """The titles of ``owner``'s launches that have a founding group (for the demo loader's idempotence)."""
    return set(FoundingGroup.objects.filter(launch__owner=owner).values_list("launch__title", flat=True))
