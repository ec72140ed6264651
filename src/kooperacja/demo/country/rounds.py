"""Joint diagnosis rounds of counties with their partners, contributed needs and directions, and the staffing
plans aggregated from them (lines computed as ``staffing.services.plans.plan_lines_compute`` does), signed,
awaiting signatures or amended."""

import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from django.utils.translation import gettext

from kooperacja.core.dates import quarter_of
from kooperacja.demo.country.needs import Need
from kooperacja.demo.country.places import sample_by_population
from kooperacja.demo.country.world import Org, World, day_between, moment, public_id
from kooperacja.registry.models import OrganisationKind
from kooperacja.staffing.models import (
    DevelopmentDirection,
    DiagnosisRound,
    NeedStatus,
    PlanEvent,
    PlanLine,
    PlanSignoff,
    PlanStatus,
    RoundNeed,
    RoundPartner,
    RoundStatus,
    StaffingPlan,
)

K = OrganisationKind
PARTNER_KINDS = (K.SOCIAL_COOPERATIVE, K.CIS, K.KIS, K.NGO, K.PUP, K.COMPANY, K.OWES)
PERSONA_COUNTY = "1261"


class _Plan:
    def __init__(self, number: int, status: str, created: date, amends: "_Plan | None" = None):
        self.id = 0
        self.number, self.status, self.created, self.amends = number, status, created, amends


def _lines(needs: list[Need], directions: list[tuple]) -> dict[tuple[int, str, str], tuple[str, int]]:
    """(service type, qualification code, quarter) -> (qualification name, people needed)."""
    lines: dict[tuple[int, str, str], list] = {}
    for need in needs:
        if need.status in (NeedStatus.WITHDRAWN, NeedStatus.EXPIRED) or need.open_positions <= 0:
            continue
        quals = need.quals or ([need.card.first_mandatory] if need.card.first_mandatory else [])
        for qual in quals:
            key = (need.card.service_type_id, qual.code, quarter_of(need.start))
            lines.setdefault(key, [qual.name, 0])[1] += need.open_positions
    for card, staff, quarter in directions:
        mandatory = card.first_mandatory
        key = (card.service_type_id, mandatory.code if mandatory else "", quarter)
        lines.setdefault(key, [mandatory.name if mandatory else "", 0])[1] += staff
    return {key: (name, count) for key, (name, count) in lines.items()}


def rounds_write(world: World, needs: list[Need]) -> dict[str, int]:
    rng = world.rng("rounds")
    as_of = world.as_of
    territory = world.territory
    coordinating: dict[str, list[Org]] = defaultdict(list)
    for org in world.by_kind[K.OPS] + world.by_kind[K.CUS]:
        if world.user_of(org.id, "coordinator") is not None:
            coordinating[org.county].append(org)
    counties = sorted(coordinating)
    chosen = sample_by_population(
        rng, counties, [territory.county_population(c) for c in counties], world.count(len(territory.counties), 1),
        forced=[PERSONA_COUNTY] if PERSONA_COUNTY in coordinating else [],
    )  # fmt: skip
    partners_by_county: dict[str, list[Org]] = defaultdict(list)
    for org in world.orgs:
        if org.kind in PARTNER_KINDS:
            partners_by_county[org.county].append(org)
    needs_by_provider: dict[int, list[Need]] = defaultdict(list)
    for need in needs:
        if need.published is not None:
            needs_by_provider[need.provider.id].append(need)

    rounds, round_partners, round_needs, directions_rows = [], [], [], []
    plans: list[tuple[int, _Plan, dict, list[int], int | None]] = []  # round id, plan, lines, signers, coordinator
    round_ids = iter(world.writer.ids(DiagnosisRound, len(chosen)))
    for county in chosen:
        round_id = next(round_ids)
        persona_ops = world.personas["org:ops"]
        options = coordinating[county]
        coordinator_org = next((o for o in options if o.id == persona_ops), None) or rng.choice(options)
        coordinator = world.user_of(coordinator_org.id, "coordinator")
        unit = county if county == PERSONA_COUNTY or rng.random() < 0.8 else coordinator_org.municipality.code
        year = as_of.year + (1 if rng.random() < 0.5 else 0)
        created = day_between(rng, as_of - timedelta(days=300), as_of - timedelta(days=20))
        name = territory.counties.get(unit) or territory.by_code[unit].name
        rounds.append(
            (round_id, public_id(rng), f"Wspólna diagnoza potrzeb kadrowych usług społecznych — {name} {year}", unit,
             date(year, 1, 1), date(year, 12, 31), coordinator_org.id, RoundStatus.OPEN, coordinator,
             moment(created, rng))
        )  # fmt: skip
        pool = [o for o in partners_by_county[county] if o.id != coordinator_org.id]
        forced = [o for o in pool if o.id in (world.personas["org:cis"], world.personas["org:cooperative"])]
        partners = list(dict.fromkeys(forced + rng.sample(pool, k=min(len(pool), rng.randint(2, 5)))))
        contributed: list[Need] = []
        for partner in partners:
            own = needs_by_provider.get(partner.id, [])
            mine = rng.sample(own, k=min(len(own), rng.randint(1, 4))) if own else []
            contributed += mine
            contributed_at = moment(created + timedelta(days=rng.randint(1, 14)), rng) if mine else None
            round_partners.append((round_id, partner.id, moment(created, rng), contributed_at))
            round_needs += [(round_id, need.id, need.created_by) for need in mine]
        directions = []
        for _ in range(rng.randint(1, 2)):
            card = rng.choice(world.cards)
            quarter = f"{year}-Q{rng.randint(1, 4)}"
            staff = rng.randint(1, 5)
            directions.append((card, staff, quarter))
            directions_rows.append(
                (round_id, card.service_type_id, f"Rozwój usługi „{card.name}” w miejscu zamieszkania.", staff, quarter)
            )
        lines = _lines(contributed, directions)
        if not lines:
            continue
        signers = [coordinator_org.id] + [p.id for p in partners]
        roll = rng.random()
        generated = created + timedelta(days=rng.randint(15, 20))
        if roll < 0.55:
            plans.append((round_id, _Plan(1, PlanStatus.SIGNED, generated), lines, signers, coordinator))
        elif roll < 0.85:
            plans.append((round_id, _Plan(1, PlanStatus.DRAFT, generated), lines, signers, coordinator))
        else:
            first = _Plan(1, PlanStatus.SUPERSEDED, generated)
            second = _Plan(2, rng.choice((PlanStatus.DRAFT, PlanStatus.SIGNED)), generated + timedelta(days=10), first)
            plans += [(round_id, first, lines, signers, coordinator), (round_id, second, lines, signers, coordinator)]

    w = world.writer
    w.write(
        DiagnosisRound,
        ("id", "public_id", "title", "territory_id", "period_start", "period_end", "coordinator_organisation_id",
         "status", "created_by_id", "created_at"),
        rounds,
    )  # fmt: skip
    _with_ids(w, RoundPartner, ("round_id", "organisation_id", "invited_at", "contributed_at"), round_partners)
    _with_ids(w, RoundNeed, ("round_id", "need_id", "contributed_by_id"), round_needs)
    _with_ids(
        w, DevelopmentDirection, ("round_id", "service_type_id", "description", "additional_staff", "quarter"),
        directions_rows,
    )  # fmt: skip
    counts = _plans_write(world, rng, plans)
    return {"diagnosis rounds": len(rounds), "round partners": len(round_partners), **counts}


def _with_ids(writer, model, columns: tuple[str, ...], rows: list[tuple]) -> int:
    ids = writer.ids(model, len(rows))
    return writer.write(model, ("id", *columns), ((row_id, *row) for row_id, row in zip(ids, rows, strict=True)))


def _plans_write(world: World, rng: random.Random, plans: list) -> dict[str, int]:
    w = world.writer
    as_of = world.as_of
    for (_round, plan, *_rest), plan_id in zip(plans, w.ids(StaffingPlan, len(plans)), strict=True):
        plan.id = plan_id
    plan_rows, line_rows, signoffs, events = [], [], [], []
    org_names = {org.id: org.name for org in world.orgs}
    latest = datetime.combine(as_of, time(17), tzinfo=UTC)
    for round_id, plan, lines, signers, coordinator in plans:
        at = moment(min(plan.created, as_of), rng)
        created = at
        note = gettext("Version 1 generated from the round.") if plan.number == 1 else ""
        events.append((plan.id, PlanStatus.DRAFT, PlanStatus.DRAFT, coordinator, note, at))
        signed_all = plan.status in (PlanStatus.SIGNED, PlanStatus.SUPERSEDED)
        signing = signers if signed_all else signers[: rng.randint(0, max(0, len(signers) - 1))]
        signer = None
        for org_id in signing:
            at = min(at + timedelta(hours=rng.randint(1, 72)), latest)
            signer = world.user_of(org_id, "coordinator", "pes_manager", "pzs_staff", "partner_worker", "owes_advisor")
            signoffs.append((plan.id, org_id, signer, at))
            events.append((plan.id, PlanStatus.DRAFT, PlanStatus.DRAFT, signer,
                           gettext("Signed for %(name)s.") % {"name": org_names[org_id]}, at))  # fmt: skip
        if signed_all:
            at = at + timedelta(seconds=1)
            events.append((plan.id, PlanStatus.DRAFT, PlanStatus.SIGNED, signer,
                           gettext("Signed by every partner; the plan is locked."), at))  # fmt: skip
        if plan.status == PlanStatus.SUPERSEDED:
            at = at + timedelta(days=1)
            events.append((plan.id, PlanStatus.SIGNED, PlanStatus.SUPERSEDED, coordinator, "", at))
        plan_rows.append(
            (plan.id, public_id(rng), round_id, plan.number, plan.amends.id if plan.amends else None,
             "Nowe potrzeby partnerów." if plan.amends else "", plan.status, coordinator, created, at)
        )  # fmt: skip
        for (service_type, code, quarter), (name, needed) in sorted(
            lines.items(), key=lambda item: (item[0][2], item[0][0], item[0][1])
        ):
            line_rows.append((plan.id, service_type, code, name, quarter, needed))
    w.write(
        StaffingPlan,
        ("id", "public_id", "round_id", "number", "amends_id", "amendment_reason", "status", "created_by_id",
         "created_at", "updated_at"),
        plan_rows,
    )  # fmt: skip
    _with_ids(
        w,
        PlanLine,
        ("plan_id", "service_type_id", "qualification_code", "qualification_name", "quarter", "needed"),
        line_rows,
    )
    _with_ids(w, PlanSignoff, ("plan_id", "organisation_id", "signed_by_id", "signed_at"), signoffs)
    _with_ids(w, PlanEvent, ("plan_id", "from_state", "to_state", "actor_id", "note", "at"), events)
    return {"staffing plans": len(plan_rows), "plan lines": len(line_rows), "plan sign-offs": len(signoffs)}
