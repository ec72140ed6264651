"""What waits in placement (``core.waiting``): proposals of matching runs to decide (the coordinator), job
referrals to answer (the provider whose need they are for), follow-ups of hires due within two weeks or overdue.
Labels name positions, employers, territories and dates, never the person."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.core import waiting
from kooperacja.core.text import short_date
from kooperacja.placement.models import FollowUp, Proposal, ProposalStatus, Referral, ReferralStatus
from kooperacja.placement.scope import PARTICIPANT_STAFF_ROLES, PROVIDER_ROLES
from kooperacja.placement.selectors import _referral_scope, run_list

FOLLOW_UP_NOTICE_DAYS = 14  # a follow-up shows this many days before it is due


def proposals_to_decide(user, limit: int) -> waiting.Waiting:
    """Matching runs of the user's territories with proposals nobody has accepted or rejected yet."""
    if not (user.is_superuser or actor_of(user).has_role(Role.COORDINATOR)):
        return waiting.NOTHING
    open_proposals = Proposal.objects.filter(status=ProposalStatus.PROPOSED, run__in=run_list(user=user))
    count = open_proposals.count()
    if not count or not limit:
        return waiting.Waiting(count)
    runs = (
        run_list(user=user)
        .filter(pk__in=open_proposals.values("run_id"))
        .select_related(None)
        .select_related("territory")[:limit]
    )
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Matching run for %(territory)s of %(date)s")
            % {"territory": run.territory.name, "date": short_date(timezone.localtime(run.created_at))},
            url=reverse("placement:run-detail", kwargs={"public_id": run.public_id}),
        )
        for run in runs
    )
    return waiting.Waiting(count, items)


def referrals_to_answer(user, limit: int) -> waiting.Waiting:
    """Job referrals sent to the needs of the user's organisations (or at interview) that wait for the
    provider's answer: an interview, a hire or a refusal."""
    organisations = actor_of(user).organisations_with(*PROVIDER_ROLES)
    if not organisations:
        return waiting.NOTHING
    referrals = Referral.objects.filter(
        need__provider_id__in=organisations,
        participation__consent_to_share=True,
        status__in=(ReferralStatus.SENT, ReferralStatus.INTERVIEW),
    )
    count = referrals.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = referrals.select_related("need__provider").only(
        "public_id", "created_at", "status", "need__position", "need__provider__name"
    )
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(position)s at %(provider)s, sent on %(date)s")
            % {
                "position": referral.need.position,
                "provider": referral.need.provider.name,
                "date": short_date(timezone.localtime(referral.created_at)),
            },
            url=reverse("placement:referral-detail", kwargs={"public_id": referral.public_id}),
        )
        for referral in rows.order_by("created_at", "id")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("placement:provider-candidates"))


def referrals_to_send(user, limit: int) -> waiting.Waiting:
    """Referrals made from accepted proposals in the coordinator's territory, not yet sent to the provider."""
    if not actor_of(user).has_role(Role.COORDINATOR):
        return waiting.NOTHING
    referrals = Referral.objects.filter(_referral_scope(user), status=ReferralStatus.PROPOSED)
    count = referrals.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = referrals.select_related("need__provider").only(
        "public_id", "created_at", "need__position", "need__provider__name"
    )
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(position)s at %(provider)s, proposed on %(date)s")
            % {
                "position": referral.need.position,
                "provider": referral.need.provider.name,
                "date": short_date(timezone.localtime(referral.created_at)),
            },
            url=reverse("placement:referral-detail", kwargs={"public_id": referral.public_id}),
        )
        for referral in rows.order_by("created_at", "id")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("placement:referral-list") + "?status=proposed")


def follow_ups_due(user, limit: int) -> waiting.Waiting:
    """3- and 6-month follow-ups of hires not yet recorded, due within two weeks or overdue, of the referrals the
    user may see and record (coordinators, the CIS/KIS staff and social workers of the person)."""
    actor = actor_of(user)
    if not (user.is_superuser or actor.has_role(Role.COORDINATOR, *PARTICIPANT_STAFF_ROLES)):
        return waiting.NOTHING
    scope = _referral_scope(user)
    referrals = Referral.objects.filter(status=ReferralStatus.HIRED)
    if scope is not None:
        referrals = referrals.filter(scope)
    follow_ups = FollowUp.objects.filter(
        still_employed__isnull=True,
        due_on__lte=timezone.localdate() + timedelta(days=FOLLOW_UP_NOTICE_DAYS),
        referral__in=referrals,
    )
    count = follow_ups.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = follow_ups.select_related("referral__need__provider").only(
        "months_after", "due_on", "referral__public_id", "referral__need__position", "referral__need__provider__name"
    )
    items = tuple(
        waiting.WaitingItem(
            label=gettext("After %(months)s months: %(position)s at %(provider)s")
            % {
                "months": follow_up.months_after,
                "position": follow_up.referral.need.position,
                "provider": follow_up.referral.need.provider.name,
            },
            url=reverse("placement:referral-detail", kwargs={"public_id": follow_up.referral.public_id}),
            due=follow_up.due_on,
        )
        for follow_up in rows.order_by("due_on", "id")[:limit]
    )
    return waiting.Waiting(count, items)


KINDS = (
    waiting.Kind("placement.proposals", _("Matching proposals to decide"), proposals_to_decide, "placement:index", 20),
    waiting.Kind(
        "placement.referrals_to_send", _("Job referrals to send"), referrals_to_send, "placement:referral-list", 21
    ),
    waiting.Kind(
        "placement.referrals_to_answer",
        _("Candidates referred to you to answer"),
        referrals_to_answer,
        "placement:provider-candidates",
        22,
    ),
    waiting.Kind("placement.follow_ups", _("Follow-ups of hires due"), follow_ups_due, "placement:referral-list", 23),
)
