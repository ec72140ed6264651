"""Writes of the placement app: matching runs, decisions on proposals, referrals and follow-ups."""

import calendar
import logging
from collections.abc import Callable
from datetime import date

import numpy as np
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kooperacja.core import jobs, plausible
from kooperacja.core.errors import ConflictError
from kooperacja.core.fsm import transition
from kooperacja.core.text import long_date
from kooperacja.placement import notices, selectors
from kooperacja.placement import problem as matching_problem
from kooperacja.placement.models import (
    LIVE_REFERRAL_STATES,
    PROPOSAL_MACHINE,
    REFERRAL_MACHINE,
    FollowUp,
    MatchingRun,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Referral,
    ReferralEvent,
    ReferralStatus,
    RunStatus,
    Unmatched,
)
from kooperacja.placement.scope import territory_in_scope
from kooperacja.staffing import selectors as staffing_selectors
from kooperacja.staffing import services as staffing_services
from kooperacja.training import selectors as training_selectors
from kooperacja.training import services as training_services

logger = logging.getLogger(__name__)

FOLLOW_UP_MONTHS = (3, 6)


# --- matching runs ---------------------------------------------------------------------------------------


def run_start(*, actor: User, territory, plan=None) -> MatchingRun:
    """Queue a matching run for a territory (optionally limited to a plan's needs); the worker does the rest.

    Only one run per territory may be queued or running: the database decides (a partial unique
    constraint), so two coordinators pressing "start" at once get one run and one clear refusal. A run of
    the territory whose worker died is failed first, so it does not block the new one.
    """
    if not territory_in_scope(actor, territory.code):
        raise ValidationError({"territory": _("You may run matching only for your own county or voivodeship.")})
    if plan is not None and not territory_in_scope(actor, plan.round.territory_id):
        raise ValidationError({"plan": _("You may run matching only for plans of your own county or voivodeship.")})
    jobs.job_fail_stale(MatchingRun, within=Q(territory=territory))
    try:
        with transaction.atomic():
            run = MatchingRun.objects.create(
                territory=territory,
                plan=plan,
                status=RunStatus.QUEUED,
                stage=str(_("queued")),
                started_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            transaction.on_commit(lambda: _enqueue(run.pk))
    except IntegrityError as exc:
        raise ValidationError(
            {"territory": _("A matching run for this territory is already in progress.")}, code="run_in_progress"
        ) from exc
    return run


def _enqueue(run_id: int) -> None:
    from kooperacja.placement.tasks import run_matching

    run_matching.enqueue(run_id)


def run_restart(*, actor: User, run: MatchingRun) -> MatchingRun:
    """Start a new run for the territory and plan of a failed (or finished) run. A run still shown as in
    progress whose worker died is failed first."""
    if run.is_active:
        jobs.job_fail_stale(MatchingRun, within=Q(territory=run.territory))
        run.refresh_from_db(fields=["status"])
    return jobs.job_restart(run, again=lambda: run_start(actor=actor, territory=run.territory, plan=run.plan))


class _Progress:
    """The run's stages on its job heartbeat; the engine's frequent callbacks are throttled (``force=False``)."""

    def __init__(self, run: MatchingRun):
        self.heartbeat = jobs.JobHeartbeat(run)

    def set(self, percent: int, stage: str, *, force: bool = True) -> None:
        self.heartbeat.beat(progress=percent, stage=stage, force=force)


def run_execute(*, run_id: int) -> MatchingRun | None:
    """The worker's part: claim the run, build and solve the problem, store the result in one transaction.

    Returns None when another worker claimed the run first. A failure marks the run failed with its message;
    a killed worker leaves the run running without a heartbeat (see ``manage.py fail_stale_jobs``) and no
    proposals; a run given up meanwhile stops at its next heartbeat and stores nothing.
    """
    if not jobs.job_claim(MatchingRun, run_id, stage=str(_("loading"))):
        return None
    run = MatchingRun.objects.select_related("territory", "plan").get(pk=run_id)
    try:
        _run_stages(run, _Progress(run))
    except jobs.JobStopped:
        logger.warning("matching run %s was stopped while it ran; nothing was stored", run.pk)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the run for the coordinator
        logger.exception("matching run %s failed", run.pk)
        jobs.job_fail(run, message=str(exc) or exc.__class__.__name__)
    run.refresh_from_db()
    notices.run_ended(run)
    return run


def _run_stages(run: MatchingRun, progress: _Progress) -> None:
    progress.set(10, str(_("loading candidates and open positions")))
    candidates, openings = matching_problem.problem_inputs(
        territory_code=run.territory_id, plan=run.plan, today=timezone.localdate()
    )
    progress.set(30, str(_("building the problem")))
    # Pairs that could not be accepted are left out before solving: the optimum is one over acceptable pairs.
    exclusions = selectors.matching_exclusions(
        participation_ids=[candidate.participation_id for candidate in candidates],
        need_ids=[opening.need_id for opening in openings],
    )
    problem = matching_problem.problem_build(candidates=candidates, openings=openings, exclusions=exclusions)
    progress.set(60, str(_("solving")))

    def on_engine_progress(fraction: float) -> None:
        progress.set(60 + int(29 * max(0.0, min(1.0, fraction))), str(_("solving")), force=False)

    assignment = matching_problem.problem_solve(problem, on_progress=on_engine_progress)
    greedy = matching_problem.problem_greedy(problem)
    progress.set(90, str(_("storing the proposals")))
    _store_result(run, problem, assignment, greedy)


def _store_result(run: MatchingRun, problem, assignment: np.ndarray, greedy) -> None:
    """Proposals and unmatched rows, and the run's summary, in one transaction. Proposals are written need by
    need (the openings' order), so that their numbers on the result page (1…n, by id) group each need's people and
    stay the same after a swap."""
    proposals = []
    taken_by: dict[int, int] = {}
    for edge in assignment.tolist():
        if edge >= 0:
            opening = int(problem.edge_opening[edge])
            taken_by[opening] = taken_by.get(opening, 0) + 1
    opening_order = {opening.need_id: j for j, opening in enumerate(problem.openings)}
    unmatched = []
    total_cost = 0
    for candidate_index, edge in enumerate(assignment.tolist()):
        candidate = problem.candidates[candidate_index]
        if edge >= 0:
            opening = problem.openings[int(problem.edge_opening[edge])]
            cost = int(problem.edge_cost[edge])
            total_cost += cost
            proposals.append(
                Proposal(
                    run=run,
                    participation_id=candidate.participation_id,
                    need_id=opening.need_id,
                    cost=cost,
                    distance_km=round(float(problem.edge_distance_km[edge]), 1),
                    explanation=matching_problem.edge_explanation(problem, edge),
                )
            )
        elif candidate_index in problem.blocked:
            reason, detail = problem.blocked[candidate_index]
            unmatched.append(
                Unmatched(run=run, participation_id=candidate.participation_id, reason=reason, explanation=detail)
            )
        else:
            unmatched.append(
                Unmatched(
                    run=run,
                    participation_id=candidate.participation_id,
                    reason=matching_problem.Reason.COMPETITION,
                    explanation=matching_problem.competition_detail(problem, candidate_index, taken_by),
                )
            )
    proposals.sort(key=lambda proposal: (opening_order[proposal.need_id], proposal.cost))
    with transaction.atomic():
        Proposal.objects.bulk_create(proposals, batch_size=1000)
        Unmatched.objects.bulk_create(unmatched, batch_size=1000)
        finished = jobs.job_finish(
            run,
            candidates_count=len(problem.candidates),
            openings_count=int(problem.capacities.sum()),
            matched_count=len(proposals),
            total_cost=total_cost,
            greedy_matched_count=greedy.matched,
            greedy_total_cost=greedy.total_cost,
        )
        if not finished:
            # The run was declared dead meanwhile: keep nothing of it.
            raise jobs.JobStopped


# --- proposals ----------------------------------------------------------------------------------------------


def _require_coordinator(actor: User, run: MatchingRun) -> None:
    if not territory_in_scope(actor, run.territory_id):
        raise PermissionDenied


def proposal_accept(*, actor: User, proposal: Proposal, note: str = "") -> Referral:
    """Accept a proposed pair: it becomes a referral in state "proposed". Two coordinators accepting the same
    proposal at once get one referral; the second is told someone else decided first."""
    _require_coordinator(actor, proposal.run)
    with transaction.atomic():
        transition(
            proposal,
            machine=PROPOSAL_MACHINE,
            target=ProposalStatus.ACCEPTED,
            actor=actor,
            event_model=ProposalEvent,
            note=note,
            extra_updates={"decided_by": actor, "decided_at": timezone.now()},
            proposal=proposal,
        )
        _check_need_open(proposal.need_id)
        if Referral.objects.filter(
            participation_id=proposal.participation_id, status__in=LIVE_REFERRAL_STATES
        ).exists():
            raise ValidationError(
                _("This person already has a referral in progress; close it before accepting another proposal."),
                code="live_referral",
            )
        if Referral.objects.filter(
            participation_id=proposal.participation_id, need_id=proposal.need_id, status=ReferralStatus.DECLINED
        ).exists():
            raise ValidationError(
                _("The provider already declined this person for this need."), code="declined_earlier"
            )
        referral = Referral.objects.create(
            proposal=proposal,
            participation_id=proposal.participation_id,
            need_id=proposal.need_id,
            status=ReferralStatus.PROPOSED,
            created_by=actor,
        )
        ReferralEvent.objects.create(
            referral=referral,
            from_state="",
            to_state=ReferralStatus.PROPOSED,
            actor=actor,
            note=note or str(_("Created from an accepted matching proposal.")),
        )
    return referral


def _check_need_open(need_id: int) -> None:
    if not staffing_selectors.need_has_open_position(need_id=need_id):
        raise ValidationError(_("This staffing need has no open position any more."), code="need_not_open")


def proposal_reject(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    _require_coordinator(actor, proposal.run)
    with transaction.atomic():
        transition(
            proposal,
            machine=PROPOSAL_MACHINE,
            target=ProposalStatus.REJECTED,
            actor=actor,
            event_model=ProposalEvent,
            note=note,
            extra_updates={"decided_by": actor, "decided_at": timezone.now()},
            proposal=proposal,
        )
    return proposal


def proposal_swap(*, actor: User, first: Proposal, second: Proposal) -> tuple[Proposal, Proposal]:
    """Exchange the needs of two proposals of the same run when both new pairs satisfy every hard constraint."""
    _require_coordinator(actor, first.run)
    if first.run_id != second.run_id:
        raise ValidationError(_("Only proposals of the same matching run can be swapped."), code="swap_other_run")
    if first.pk == second.pk or first.need_id == second.need_id:
        raise ValidationError(_("Choose two proposals for different needs."), code="swap_same_need")
    if first.status != ProposalStatus.PROPOSED or second.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("Only proposals not yet decided can be swapped."), code="swap_decided")
    evaluated = _evaluate_swap(first, second)
    with transaction.atomic():
        for proposal, other, (edge_problem, edge) in ((first, second, evaluated[0]), (second, first, evaluated[1])):
            explanation = matching_problem.edge_explanation(edge_problem, edge)
            previous = proposal.explanation or {}
            explanation["alternatives"] = previous.get("alternatives", explanation["alternatives"])
            explanation["feasible_openings"] = previous.get("feasible_openings", explanation["feasible_openings"])
            explanation["swapped"] = True
            cost = int(edge_problem.edge_cost[edge])
            distance = round(float(edge_problem.edge_distance_km[edge]), 1)
            changed = Proposal.objects.filter(
                pk=proposal.pk, status=ProposalStatus.PROPOSED, need_id=proposal.need_id
            ).update(
                need_id=other.need_id,
                cost=cost,
                distance_km=distance,
                explanation=explanation,
                updated_at=timezone.now(),
            )
            if changed != 1:
                raise ConflictError(
                    _("Someone else changed this record in the meantime. Reload the page and try again.")
                )
            ProposalEvent.objects.create(
                proposal=proposal,
                from_state=ProposalStatus.PROPOSED,
                to_state=ProposalStatus.PROPOSED,
                actor=actor,
                note=_("Swapped with proposal no. %(number)s.") % {"number": other.pk},
            )
        old_first_need = first.need_id
        first.need_id, second.need_id = second.need_id, old_first_need
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def _evaluate_swap(first: Proposal, second: Proposal):
    """The two exchanged pairs checked against the hard constraints with today's data, or a clear error."""
    needs = staffing_selectors.needs_with_ids(ids=[first.need_id, second.need_id])
    openings = [matching_problem.Opening.of(needs[first.need_id]), matching_problem.Opening.of(needs[second.need_id])]
    latest = max(opening.start_date for opening in openings)
    wanted = {first.participation_id, second.participation_id}
    found = {
        c.participation_id: c
        for c in training_selectors.matching_candidates(territory_code=first.run.territory_id, latest_start=latest)
        if c.participation_id in wanted
    }
    if len(found) != 2:
        raise ValidationError(
            _("One of these people is no longer available for matching (not ready or no consent)."),
            code="swap_not_candidate",
        )
    results = []
    # A swap may not make a pair the matching itself would not propose (a person refused for that need before).
    exclusions = selectors.matching_exclusions(
        participation_ids=[first.participation_id, second.participation_id],
        need_ids=[first.need_id, second.need_id],
    )
    # The first person takes the second need and vice versa; capacity of one place each is enough here.
    for person, opening in (
        (found[first.participation_id], openings[1]),
        (found[second.participation_id], openings[0]),
    ):
        pair = matching_problem.problem_build(
            candidates=[person], openings=[matching_problem.replace_capacity(opening, 1)], exclusions=exclusions
        )
        if pair.edge_count != 1:
            reason, _detail = pair.blocked.get(0, (matching_problem.Reason.COMPETITION, {}))
            raise ValidationError(
                _("The swap breaks a hard constraint for %(person)s: %(reason)s.")
                % {"person": _person_label(first, second, person.participation_id), "reason": reason_label(reason)},
                code="swap_infeasible",
            )
        results.append((pair, 0))
    return results


def _person_label(first: Proposal, second: Proposal, participation_id: int) -> str:
    proposal = first if first.participation_id == participation_id else second
    return str(proposal.participation.person)


REASON_LABELS = {
    matching_problem.Reason.NO_QUALIFIED_OPENING: gettext_lazy("no opening whose qualifications the person holds"),
    matching_problem.Reason.TOO_FAR: gettext_lazy("every suitable opening is beyond the commute limit"),
    matching_problem.Reason.NOT_AVAILABLE_IN_TIME: gettext_lazy("not available before the start date"),
    matching_problem.Reason.WORKING_TIME: gettext_lazy("the working time does not fit"),
    matching_problem.Reason.COMPETITION: gettext_lazy("the openings went to other people in the best assignment"),
    matching_problem.Reason.LIVE_REFERRAL: gettext_lazy("already has a referral in progress"),
    matching_problem.Reason.DECLINED_EARLIER: gettext_lazy(
        "every opening the person could take refused them before (the provider or a coordinator)"
    ),
}


def reason_label(reason: str) -> str:
    return str(REASON_LABELS.get(reason, reason))


# --- referrals ----------------------------------------------------------------------------------------------


def _referral_move(*, actor: User, referral: Referral, target: str, note: str = "", extra=None) -> Referral:
    moved = transition(
        referral,
        machine=REFERRAL_MACHINE,
        target=target,
        actor=actor,
        event_model=ReferralEvent,
        note=note,
        extra_updates=extra,
        referral=referral,
    )
    notices.referral_moved(referral, target)
    return moved


def _require(actor: User, perm: str, referral: Referral) -> None:
    if not actor.has_perm(perm, referral):
        raise PermissionDenied


def referral_send(*, actor: User, referral: Referral, note: str = "") -> Referral:
    with transaction.atomic():
        return _referral_move(actor=actor, referral=referral, target=ReferralStatus.SENT, note=note)


def referral_interview(*, actor: User, referral: Referral, note: str = "") -> Referral:
    with transaction.atomic():
        return _referral_move(actor=actor, referral=referral, target=ReferralStatus.INTERVIEW, note=note)


def referral_decline(*, actor: User, referral: Referral, note: str = "") -> Referral:
    with transaction.atomic():
        return _referral_move(actor=actor, referral=referral, target=ReferralStatus.DECLINED, note=note)


def referral_withdraw(*, actor: User, referral: Referral, note: str = "") -> Referral:
    with transaction.atomic():
        return _referral_move(actor=actor, referral=referral, target=ReferralStatus.WITHDRAWN, note=note)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 Aug + 3 months = 30 Nov)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def referral_hire(*, actor: User, referral: Referral, hired_on: date | None = None, note: str = "") -> Referral:
    """The provider hired the person: the need gets one position filled, the participation becomes "placed",
    and follow-ups are due 3 and 6 months later. All or nothing."""
    REFERRAL_MACHINE.check_permission(actor, referral, ReferralStatus.HIRED)  # before the date is even looked at
    hired_on = hired_on or timezone.localdate()
    # Not before the person was referred, nor more than a year ahead.
    plausible.validate(
        {"hired_on": (plausible.HIRE_DATE, hired_on)},
        context={"referral_date": timezone.localdate(referral.created_at)},
    )
    with transaction.atomic():
        _referral_move(
            actor=actor, referral=referral, target=ReferralStatus.HIRED, note=note, extra={"hired_on": hired_on}
        )
        staffing_services.need_record_hire(actor=actor, need=referral.need)
        training_services.participation_mark_placed(actor=actor, participation=referral.participation)
        FollowUp.objects.bulk_create(
            FollowUp(referral=referral, months_after=months, due_on=add_months(hired_on, months))
            for months in FOLLOW_UP_MONTHS
        )
    return referral


REFERRAL_ACTIONS: dict[str, Callable[..., Referral]] = {
    ReferralStatus.SENT: referral_send,
    ReferralStatus.INTERVIEW: referral_interview,
    ReferralStatus.DECLINED: referral_decline,
    ReferralStatus.WITHDRAWN: referral_withdraw,
}


def referral_transition(*, actor: User, referral: Referral, to: str, note: str = "", hired_on: date | None = None):
    """One entry point for forms and the API: move the referral to ``to`` with the matching service."""
    if to == ReferralStatus.HIRED:
        return referral_hire(actor=actor, referral=referral, hired_on=hired_on, note=note)
    action = REFERRAL_ACTIONS.get(to)
    if action is None:
        raise ValidationError({"to": _("Unknown target state.")})
    return action(actor=actor, referral=referral, note=note)


def follow_up_record(*, actor: User, follow_up: FollowUp, still_employed: bool, note: str = "") -> FollowUp:
    """Record whether the person is still employed 3 or 6 months after being hired."""
    _require(actor, "placement.record_follow_up", follow_up.referral)
    if follow_up.due_on > timezone.localdate():
        raise ValidationError(
            _("This follow-up is due on %(date)s and cannot be recorded earlier.")
            % {"date": long_date(follow_up.due_on)},
            code="follow_up_not_due",
        )
    follow_up.still_employed = still_employed
    follow_up.note = note
    follow_up.recorded_by = actor
    follow_up.recorded_at = timezone.now()
    with transaction.atomic():
        follow_up.save(update_fields=["still_employed", "note", "recorded_by", "recorded_at"])
    return follow_up
