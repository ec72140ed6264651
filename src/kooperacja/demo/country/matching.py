"""The placement rows of the planned referrals: the matching runs that proposed them (a run per territory and
month, before the referrals it led to), their proposals with explanations (accepted, rejected, still open),
unmatched candidates, the referrals with their timelines, and the 3- and 6-month follow-ups of hires."""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.utils.translation import gettext

from kooperacja.core.dates import add_months
from kooperacja.demo.country.needs import Need
from kooperacja.demo.country.referrals import Ref
from kooperacja.demo.country.stays import Stay
from kooperacja.demo.country.world import World, day_between, moment, public_id
from kooperacja.placement.models import (
    FollowUp,
    MatchingRun,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Referral,
    ReferralEvent,
    RunStatus,
    Unmatched,
)
from kooperacja.placement.models import ReferralStatus as R
from kooperacja.placement.problem import SURPLUS_COST_PER_QUALIFICATION, Reason
from kooperacja.territory.models import haversine_km

FOLLOW_UP_MONTHS = (3, 6)
FAILED_RUNS_SHARE = 0.02


class _Run:
    def __init__(self, territory: str, day: date):
        self.id = 0
        self.territory = territory
        self.day = day  # the run is made the day before its first referral
        self.people: set[int] = set()
        self.proposals: list[tuple] = []  # (stay, need, status, decided day, referral or None)


def _distance(stay: Stay, need: Need) -> float:
    home, place = stay.home, need.municipality
    if home.code == place.code or None in (home.latitude, home.longitude, place.latitude, place.longitude):
        return 0.0
    return haversine_km(home.latitude, home.longitude, place.latitude, place.longitude)  # type: ignore[arg-type]


def _explanation(stay: Stay, need: Need, feasible: int) -> tuple[dict, int, float]:
    distance = _distance(stay, need)
    required = sorted(q.code for q in need.quals)
    surplus = max(0, len(stay.codes) - len(required))
    cost = {"distance": round(distance), "preference": 0, "surplus": SURPLUS_COST_PER_QUALIFICATION * surplus}
    cost["total"] = sum(cost.values())
    available = stay.ready_on or stay.start
    return (
        {
            "distance_km": round(distance, 1),
            "commute_limit_km": stay.commute_km,
            "qualifications_required": required,
            "qualifications_held": sorted(stay.codes),
            "preferences_stated": False,
            "preference_hit": None,
            "surplus_qualifications": surplus,
            "available_from": available.isoformat(),
            "start_date": need.start.isoformat(),
            "working_time": {"wanted": stay.working_time, "offered": need.working_time},
            "cost": cost,
            "feasible_openings": feasible,
            "alternatives": max(feasible - 1, 0),
        },
        cost["total"],
        round(distance, 1),
    )


def _unmatched_detail(rng: random.Random, stay: Stay) -> tuple[str, dict]:
    reason = rng.choice((Reason.NO_QUALIFIED_OPENING, Reason.TOO_FAR, Reason.WORKING_TIME, Reason.COMPETITION))
    if reason == Reason.NO_QUALIFIED_OPENING:
        return reason, {
            "qualifications_held": sorted(stay.codes),
            "most_required_missing": ["UO-1"],
            "missing_met_by_course": ["UO-1"],
        }
    if reason == Reason.TOO_FAR:
        return reason, {"qualified_openings": rng.randint(1, 4), "commute_limit_km": stay.commute_km,
                        "nearest_km": float(stay.commute_km + rng.randint(3, 40))}  # fmt: skip
    if reason == Reason.WORKING_TIME:
        return reason, {"working_time_wanted": stay.working_time, "working_time_offered": ["full_time"]}
    return reason, {"feasible_openings": rng.randint(1, 3), "nearest_km": float(rng.randint(1, 20)), "openings": []}


def _runs(world: World, rng: random.Random, refs: list[Ref], stays: list[Stay], needs: list[Need]) -> list[_Run]:
    groups: dict[tuple[str, int, int], list[_Run]] = defaultdict(list)
    runs: list[_Run] = []
    for ref in refs:
        key = (ref.territory, ref.created.year, ref.created.month)
        run = next((r for r in groups[key] if ref.stay.id not in r.people), None)
        if run is None:
            run = _Run(ref.territory, ref.created - timedelta(days=1))
            groups[key].append(run)
            runs.append(run)
        run.day = min(run.day, ref.created - timedelta(days=1))
        run.people.add(ref.stay.id)
        run.proposals.append((ref.stay, ref.need, ProposalStatus.ACCEPTED, ref.created, ref))
    # Proposals the coordinator rejected, and in each territory's latest run, ones not decided yet.
    ready_by_county: dict[str, list[Stay]] = defaultdict(list)
    for stay in stays:
        if stay.was_ready:
            ready_by_county[stay.org.county].append(stay)
    open_by_county: dict[str, list[Need]] = defaultdict(list)
    for need in needs:
        if need.published is not None:
            open_by_county[need.municipality.county].append(need)
    latest: dict[str, _Run] = {}
    for run in runs:
        if run.territory not in latest or run.day > latest[run.territory].day:
            latest[run.territory] = run
    latest_runs = {id(run) for run in latest.values()}
    for run in runs:
        county_people = ready_by_county.get(run.territory, [])
        county_needs = open_by_county.get(run.territory, [])
        if not county_people or not county_needs:
            continue
        pending = id(run) in latest_runs and (world.as_of - run.day).days < 45
        for _ in range(rng.randint(2, 8) + (10 if pending else 0)):  # draws; some do not fit the run
            stay, need = rng.choice(county_people), rng.choice(county_needs)
            assert stay.ready_on is not None
            if stay.id in run.people or not (stay.ready_on <= run.day < stay.ready_until(world.as_of)):
                continue
            if not need.open_on(run.day):
                continue
            run.people.add(stay.id)
            if pending and stay.status == "ready":
                run.proposals.append((stay, need, ProposalStatus.PROPOSED, None, None))
            else:
                decided = day_between(rng, run.day + timedelta(days=1), min(run.day + timedelta(days=7), world.as_of))
                run.proposals.append((stay, need, ProposalStatus.REJECTED, decided, None))
    runs.sort(key=lambda run: (run.day, run.territory))
    for run, run_id in zip(runs, world.writer.ids(MatchingRun, len(runs)), strict=True):
        run.id = run_id
    return runs


def placement_write(world: World, refs: list[Ref], stays: list[Stay], needs: list[Need]) -> dict[str, int]:
    rng = world.rng("placement")
    runs = _runs(world, rng, refs, stays, needs)
    ready_by_county: dict[str, list[Stay]] = defaultdict(list)
    for stay in stays:
        if stay.was_ready:
            ready_by_county[stay.org.county].append(stay)
    done_label = str(RunStatus.DONE.label)
    run_rows: list[tuple] = []
    proposal_rows: list[tuple] = []
    proposal_events: list[tuple] = []
    unmatched_rows: list[tuple] = []
    proposal_ids = iter(world.writer.ids(Proposal, sum(len(run.proposals) for run in runs)))
    for run in runs:
        starter = _coordinator(world, run.territory)
        started = moment(run.day, rng)
        finished = started + timedelta(seconds=rng.randint(2, 40))
        total_cost = 0
        for stay, need, status, decided, ref in run.proposals:
            proposal_id = next(proposal_ids)
            explanation, cost, distance = _explanation(stay, need, rng.randint(1, 6))
            total_cost += cost
            decided_at = moment(decided, rng) if decided else None
            if ref is not None:
                ref.proposal_id = proposal_id
                decided_at = ref.accepted_at = moment(ref.created, rng, start_hour=8)
            proposal_rows.append(
                (proposal_id, run.id, stay.id, need.id, cost, distance, explanation, status,
                 starter if decided else None, decided_at, decided_at or finished)
            )  # fmt: skip
            if decided_at:
                proposal_events.append((proposal_id, ProposalStatus.PROPOSED, status, starter, "", decided_at))
        nearby = ready_by_county.get(run.territory, [])
        extra = [s for s in rng.sample(nearby, k=min(3, len(nearby))) if s.id not in run.people]
        for stay in extra[: rng.randint(0, 3)]:
            reason, detail = _unmatched_detail(rng, stay)
            unmatched_rows.append((run.id, stay.id, reason, detail))
        matched = len(run.proposals)
        run_rows.append(
            (run.id, public_id(rng), RunStatus.DONE, 100, done_label, starter, started, started, finished, finished,
             run.territory, None, matched + len(extra[:3]), matched + rng.randint(0, 5), matched, total_cost,
             max(0, matched - rng.randint(0, 2)), max(0, total_cost - rng.randint(0, 30)), "")
        )  # fmt: skip
    # A few runs failed (the worker stopped): no proposals, the message the coordinator sees.
    territories = sorted({run.territory for run in runs})
    failed_ids = world.writer.ids(MatchingRun, round(len(runs) * FAILED_RUNS_SHARE))
    for run_id in failed_ids:
        territory = rng.choice(territories)
        started = moment(day_between(rng, world.as_of - timedelta(days=700), world.as_of - timedelta(days=1)), rng)
        run_rows.append(
            (run_id, public_id(rng), RunStatus.FAILED, rng.randint(10, 90), str(RunStatus.FAILED.label),
             _coordinator(world, territory), started, started, started + timedelta(minutes=1),
             started + timedelta(minutes=6), territory, None, 0, 0, 0, 0, None, None,
             gettext("The background worker stopped while the run was in progress. Start the run again."))
        )  # fmt: skip
    run_rows.sort(key=lambda row: row[0])
    world.writer.write(
        MatchingRun,
        ("id", "public_id", "status", "progress", "stage", "started_by_id", "created_at", "started_at",
         "heartbeat_at", "finished_at", "territory_id", "plan_id", "candidates_count", "openings_count",
         "matched_count", "total_cost", "greedy_matched_count", "greedy_total_cost", "error"),
        run_rows,
    )  # fmt: skip
    world.writer.write(
        Proposal,
        ("id", "run_id", "participation_id", "need_id", "cost", "distance_km", "explanation", "status",
         "decided_by_id", "decided_at", "updated_at"),
        proposal_rows,
    )  # fmt: skip
    _write_with_ids(
        world, ProposalEvent, ("proposal_id", "from_state", "to_state", "actor_id", "note", "at"), proposal_events
    )
    _write_with_ids(world, Unmatched, ("run_id", "participation_id", "reason", "explanation"), unmatched_rows)
    counts = _referrals_write(world, rng, refs)
    return {"matching runs": len(run_rows), "proposals": len(proposal_rows), "unmatched": len(unmatched_rows), **counts}


def _coordinator(world: World, territory: str) -> int | None:
    users = world.coordinators_by_county.get(territory[:4]) if len(territory) >= 4 else None
    if not users:
        users = next(
            (u for county, u in sorted(world.coordinators_by_county.items()) if county.startswith(territory[:2])), None
        )
    return users[0] if users else None


def _write_with_ids(world: World, model, columns: tuple[str, ...], rows: list[tuple]) -> int:
    ids = world.writer.ids(model, len(rows))
    return world.writer.write(model, ("id", *columns), ((row_id, *row) for row_id, row in zip(ids, rows, strict=True)))


def _referrals_write(world: World, rng: random.Random, refs: list[Ref]) -> dict[str, int]:
    as_of = world.as_of
    ids = world.writer.ids(Referral, len(refs))
    rows: list[tuple] = []
    events: list[tuple] = []
    follow_ups: list[tuple] = []
    for ref, referral_id in zip(refs, ids, strict=True):
        ref.id = referral_id
        coordinator = _coordinator(world, ref.territory)
        provider_user = ref.need.created_by
        created = ref.accepted_at
        assert created is not None  # set with its proposal
        at = created
        events.append(
            (referral_id, "", R.PROPOSED, coordinator, gettext("Created from an accepted matching proposal."), at)
        )
        for (before, _d), (after, day) in zip(ref.path, ref.path[1:], strict=False):
            at = max(at + timedelta(minutes=1), moment(day, rng))
            actor = coordinator if after in (R.SENT, R.WITHDRAWN) else provider_user
            events.append((referral_id, before, after, actor, "", at))
        rows.append(
            (referral_id, public_id(rng), ref.proposal_id, ref.stay.id, ref.need.id, ref.status, ref.hired_on, "",
             coordinator, created, at)
        )  # fmt: skip
        if ref.hired_on is not None:
            for months in FOLLOW_UP_MONTHS:
                due = add_months(ref.hired_on, months)
                recorded = due <= as_of and rng.random() < 0.85
                recorded_on = min(due + timedelta(days=rng.randint(0, 20)), as_of) if recorded else None
                follow_ups.append(
                    (referral_id, months, due, (rng.random() < 0.8) if recorded else None, "",
                     coordinator if recorded else None, moment(recorded_on, rng) if recorded_on else None)
                )  # fmt: skip
    world.writer.write(
        Referral,
        ("id", "public_id", "proposal_id", "participation_id", "need_id", "status", "hired_on", "note",
         "created_by_id", "created_at", "updated_at"),
        rows,
    )  # fmt: skip
    _write_with_ids(world, ReferralEvent, ("referral_id", "from_state", "to_state", "actor_id", "note", "at"), events)
    _write_with_ids(
        world, FollowUp,
        ("referral_id", "months_after", "due_on", "still_employed", "note", "recorded_by_id", "recorded_at"),
        follow_ups,
    )  # fmt: skip
    return {"referrals": len(rows), "referral events": len(events), "follow-ups": len(follow_ups)}
