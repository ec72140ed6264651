"""What waits in staffing (``core.waiting``): plans to sign for the user's organisation, diagnosis rounds that
wait for its contribution, and the user's staffing needs still in draft."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.core import waiting
from kooperacja.staffing.models import (
    DiagnosisRound,
    NeedStatus,
    PlanSignoff,
    PlanStatus,
    RoundPartner,
    RoundStatus,
    StaffingNeed,
    StaffingPlan,
)
from kooperacja.staffing.rules import NEED_MANAGER_ROLES, PARTNER_ROLES


def plans_to_sign(user, limit: int) -> waiting.Waiting:
    """Draft plans of the rounds the user's organisations coordinate or take part in, not yet signed for them."""
    organisations = actor_of(user).organisations_with(*PARTNER_ROLES)
    if not organisations:
        return waiting.NOTHING
    partner_rounds = RoundPartner.objects.filter(organisation_id__in=organisations).values("round_id")
    plans = (
        StaffingPlan.objects.filter(status=PlanStatus.DRAFT)
        .filter(
            round__in=DiagnosisRound.objects.filter(pk__in=partner_rounds)
            | DiagnosisRound.objects.filter(coordinator_organisation_id__in=organisations)
        )
        .exclude(pk__in=PlanSignoff.objects.filter(organisation_id__in=organisations).values("plan_id"))
    )
    count = plans.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = plans.select_related("round").order_by("created_at", "id")[:limit]
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(round)s, version %(number)s") % {"round": plan.round.title, "number": plan.number},
            url=reverse("staffing:plan-detail", kwargs={"public_id": plan.public_id}),
        )
        for plan in rows
    )
    return waiting.Waiting(count, items)


def rounds_to_contribute(user, limit: int) -> waiting.Waiting:
    """Open diagnosis rounds to which one of the user's organisations is invited and has not contributed."""
    organisations = actor_of(user).organisations_with(*PARTNER_ROLES)
    if not organisations:
        return waiting.NOTHING
    invitations = RoundPartner.objects.filter(
        organisation_id__in=organisations, contributed_at__isnull=True, round__status=RoundStatus.OPEN
    )
    rounds = DiagnosisRound.objects.filter(pk__in=invitations.values("round_id"))
    count = rounds.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=diagnosis_round.title,
            url=reverse("staffing:round-contribute", kwargs={"public_id": diagnosis_round.public_id}),
        )
        for diagnosis_round in rounds.order_by("period_start", "id")[:limit]
    )
    return waiting.Waiting(count, items)


def needs_in_draft(user, limit: int) -> waiting.Waiting:
    """Staffing needs of the user's organisations saved as drafts: nobody sees them until they are published."""
    organisations = actor_of(user).organisations_with(*NEED_MANAGER_ROLES)
    if not organisations:
        return waiting.NOTHING
    needs = StaffingNeed.objects.filter(provider_id__in=organisations, status=NeedStatus.DRAFT)
    count = needs.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=need.position,
            url=reverse("staffing:need-detail", kwargs={"public_id": need.public_id}),
            due=need.start_date,
        )
        for need in needs.only("public_id", "position", "start_date").order_by("start_date", "id")[:limit]
    )
    return waiting.Waiting(count, items)


KINDS = (
    waiting.Kind("staffing.plans_to_sign", _("Staffing plans to sign"), plans_to_sign, "staffing:round-list", 10),
    waiting.Kind(
        "staffing.rounds_to_contribute",
        _("Diagnosis rounds waiting for your needs"),
        rounds_to_contribute,
        "staffing:round-list",
        11,
    ),
    waiting.Kind(
        "staffing.needs_in_draft", _("Staffing needs not yet published"), needs_in_draft, "staffing:my-needs", 12
    ),
)
