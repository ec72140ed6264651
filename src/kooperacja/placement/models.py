"""Sphere 1: matching runs, proposals, referrals to providers and employment follow-ups (F1.5).

The optimisation itself is the pure engine in ``kooperacja.matching``; this app turns participants and
needs into its problem, runs it in the background worker and stores what it proposes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.jobs import Job, JobStatus
from kooperacja.core.models import TransitionEvent

# A matching run has the states of every job: queued → running → done / failed.
RunStatus = JobStatus


class MatchingRun(Job):
    """One optimal assignment of a territory's candidates to its open positions, computed in the worker."""

    # Starting again queues a new run for the same territory and plan, after a failure or a finished run.
    restartable_states = frozenset({JobStatus.FAILED, JobStatus.DONE})
    restart_refusal = _("This run is still in progress; wait for it to finish.")

    territory = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    plan = models.ForeignKey(
        "staffing.StaffingPlan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("plan"),
    )
    candidates_count = models.PositiveIntegerField(default=0)
    openings_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    total_cost = models.BigIntegerField(default=0)
    greedy_matched_count = models.PositiveIntegerField(null=True, blank=True)
    greedy_total_cost = models.BigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta(Job.Meta):
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        constraints = [
            *Job.Meta.constraints,
            # One active run per territory, decided by the database.
            models.UniqueConstraint(
                fields=["territory"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_run_per_territory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    def stale_message(self) -> str:
        return gettext("The background worker stopped while the run was in progress. Start the run again.")

    def end_updates(self, *, status: str, message: str = "") -> dict[str, object]:
        return {"error": message}


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


PROPOSAL_MACHINE = StateMachine(
    {
        ProposalStatus.PROPOSED: frozenset({ProposalStatus.ACCEPTED, ProposalStatus.REJECTED}),
        ProposalStatus.ACCEPTED: frozenset(),
        ProposalStatus.REJECTED: frozenset(),
    }
)


class Proposal(models.Model):
    """One proposed pair (participant -> need) with why it was chosen."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals")
    participation = models.ForeignKey("training.Participation", on_delete=models.CASCADE, related_name="proposals")
    need = models.ForeignKey("staffing.StaffingNeed", on_delete=models.CASCADE, related_name="proposals")
    cost = models.PositiveIntegerField()
    distance_km = models.DecimalField(max_digits=6, decimal_places=1)
    explanation = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["run", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "participation"], name="proposal_unique_person")]

    def __str__(self) -> str:
        return f"proposal {self.pk}: participation {self.participation_id} -> need {self.need_id}"


class ProposalEvent(TransitionEvent):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ProposalStatus.choices)
    to_state = models.CharField(max_length=20, choices=ProposalStatus.choices)


class Unmatched(models.Model):
    """A candidate the run could not place, and why."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="unmatched")
    participation = models.ForeignKey("training.Participation", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=40)
    explanation = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"participation {self.participation_id}: {self.reason}"


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    SENT = "sent", _("sent to the provider")
    INTERVIEW = "interview", _("interview")
    HIRED = "hired", _("hired")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


# A provider sees a referred person (their hiring fields, with the person's consent) only while the referral
# to it is under way, or once the person was hired there: never while it is only proposed, never after it was
# declined or withdrawn.
PROVIDER_VISIBLE_STATES = (ReferralStatus.SENT, ReferralStatus.INTERVIEW, ReferralStatus.HIRED)

# A referral not yet closed, or a hire: while one exists, the person cannot be proposed for another need.
LIVE_REFERRAL_STATES = (ReferralStatus.PROPOSED, ReferralStatus.SENT, ReferralStatus.INTERVIEW, ReferralStatus.HIRED)

REFERRAL_MACHINE = StateMachine(
    {
        ReferralStatus.PROPOSED: frozenset({ReferralStatus.SENT, ReferralStatus.WITHDRAWN}),
        ReferralStatus.SENT: frozenset({ReferralStatus.INTERVIEW, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}),
        ReferralStatus.INTERVIEW: frozenset({ReferralStatus.HIRED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}),
        ReferralStatus.HIRED: frozenset(),
        ReferralStatus.DECLINED: frozenset(),
        ReferralStatus.WITHDRAWN: frozenset(),
    },
    # Coordinators send and withdraw; the provider (or the coordinator) records the interview, hire or decline.
    permissions={
        ReferralStatus.SENT: "placement.coordinate_referral",
        ReferralStatus.INTERVIEW: "placement.record_hiring",
        ReferralStatus.HIRED: "placement.record_hiring",
        ReferralStatus.DECLINED: "placement.record_hiring",
        ReferralStatus.WITHDRAWN: "placement.coordinate_referral",
    },
)


class Referral(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposal = models.OneToOneField(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="referral")
    # Indexed together with the id below (``Meta.indexes``).
    participation = models.ForeignKey(
        "training.Participation", on_delete=models.PROTECT, related_name="referrals", db_index=False
    )
    need = models.ForeignKey(
        "staffing.StaffingNeed", on_delete=models.PROTECT, related_name="referrals", db_index=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    hired_on = models.DateField(_("employed from"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "id"]
        # The lists show the newest first: an administrator's page of the whole country reads 25 index entries.
        # The scopes pick referrals by need, by participation and by proposal and keep only their ids
        # (``selectors._referral_scope``): with the id in the index, the database reads the index alone.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="referral_newest_first"),
            models.Index(fields=["need", "id"], name="referral_need_keys"),
            models.Index(fields=["participation", "id"], name="referral_participation_keys"),
            models.Index(fields=["proposal", "id"], name="referral_proposal_keys"),
        ]
        constraints = [
            # A person has at most one live referral to the same need.
            models.UniqueConstraint(
                fields=["participation", "need"],
                condition=models.Q(status__in=["proposed", "sent", "interview", "hired"]),
                name="one_live_referral_per_need",
            )
        ]

    def __str__(self) -> str:
        return f"referral {self.public_id} ({self.status})"


class ReferralEvent(TransitionEvent):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ReferralStatus.choices)
    to_state = models.CharField(max_length=20, choices=ReferralStatus.choices)


class FollowUp(models.Model):
    """Is the person still employed 3 and 6 months after being hired?"""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="follow_ups")
    months_after = models.PositiveSmallIntegerField(_("months after hiring"), choices=[(3, "3"), (6, "6")])
    due_on = models.DateField(_("due on"))
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["referral", "months_after"], name="follow_up_unique")]

    def __str__(self) -> str:
        return f"follow-up after {self.months_after} months, due {self.due_on}"
