"""Staffing needs of the providers, planned in memory (placement fills some of them) and then written with their
required qualifications and their timeline."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext

from kooperacja.demo.country.cards import Card, Qual
from kooperacja.demo.country.places import Municipality
from kooperacja.demo.country.world import Org, World, day_between, moment, public_id
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.staffing.labour import LabourLaw
from kooperacja.staffing.models import NEED_MACHINE, NeedEvent, NeedStatus, StaffingNeed
from kooperacja.staffing.services.needs import need_fill_derived
from kooperacja.territory.models import Unit

K = OrganisationKind
NEEDS = 30_000
PERSONA_NEEDS = 40
PROVIDER_SHARES = {
    K.SOCIAL_COOPERATIVE: 55,
    K.NGO: 15,
    K.COMPANY: 10,
    K.ZAZ: 5,
    K.WTZ: 5,
    K.CIS: 6,
    K.KIS: 4,
}
INTENDED = {NeedStatus.DRAFT: 6, NeedStatus.OPEN: 60, NeedStatus.WITHDRAWN: 10, NeedStatus.EXPIRED: 24}
# Working time: (weight, hours a week); flexible work is offered for 30 hours on average (its pay is pro rata).
WORKING = {"full_time": (60, 40), "part_time": (25, 20), "flexible": (15, 30)}


@dataclass
class Need:
    id: int
    provider: Org
    card: Card
    quals: list[Qual]
    position: str
    headcount: int
    municipality: Municipality
    created: date
    start: date
    end: date | None
    intended: str
    closed_on: date | None  # withdrawn or expired on
    working_time: str
    created_by: int | None
    hires: list[date] = field(default_factory=list)

    @property
    def open_positions(self) -> int:
        return self.headcount - len(self.hires)

    @property
    def status(self) -> str:
        if self.intended != NeedStatus.OPEN:
            return self.intended
        if not self.hires:
            return NeedStatus.OPEN
        return NeedStatus.FILLED if self.open_positions == 0 else NeedStatus.PARTLY_FILLED

    @property
    def published(self) -> date | None:
        return None if self.intended == NeedStatus.DRAFT else self.created

    @property
    def filled_on(self) -> date | None:
        return max(self.hires) if self.hires and self.open_positions == 0 else None

    def open_on(self, day: date) -> bool:
        """Was the need published (on an earlier day) and still taking people on ``day``?"""
        if self.published is None or day <= self.published:
            return False
        if self.filled_on is not None and day >= self.filled_on:
            return False
        return self.closed_on is None or day < self.closed_on


def _position(qualification: Qual) -> str:
    name = re.split(r" \(| lub | — |, ", qualification.name)[0]
    return name[:150]


def needs_plan(world: World) -> list[Need]:
    rng = world.rng("needs")
    as_of = world.as_of
    cards = world.cards
    providers = {kind: world.by_kind[kind] for kind in PROVIDER_SHARES if world.by_kind[kind]}
    kinds = list(providers)
    shares = [PROVIDER_SHARES[kind] for kind in kinds]
    persona = world.by_id(world.personas["org:cooperative"])
    total = world.count(NEEDS, 1)
    persona_count = min(total, world.count(PERSONA_NEEDS, 3))
    needs = []
    for index in range(total):
        if index < persona_count:
            provider, intended = persona, NeedStatus.OPEN
        else:
            provider = rng.choice(providers[rng.choices(kinds, weights=shares)[0]])
            intended = rng.choices(list(INTENDED), weights=list(INTENDED.values()))[0]
        card = rng.choice(cards)
        mandatory = [q for q in card.qualifications if q.mandatory] or card.qualifications
        quals = mandatory[: rng.choice((1, 1, 2))]
        if intended == NeedStatus.DRAFT:
            created = day_between(rng, as_of - timedelta(days=45), as_of - timedelta(days=1))
        elif intended == NeedStatus.OPEN:
            created = day_between(
                rng, as_of - timedelta(days=300 if index >= persona_count else 200), as_of - timedelta(days=3)
            )
        elif intended == NeedStatus.WITHDRAWN:
            created = day_between(rng, as_of - timedelta(days=540), as_of - timedelta(days=10))
        else:
            created = day_between(rng, as_of - timedelta(days=540), as_of - timedelta(days=60))
        start = created + timedelta(days=rng.randint(14, 90))
        end, closed_on = None, None
        if intended == NeedStatus.EXPIRED:
            start = created + timedelta(days=rng.randint(7, 30))
            end = min(start + timedelta(days=rng.randint(7, 40)), as_of - timedelta(days=2))
            closed_on = end + timedelta(days=1)
        elif intended == NeedStatus.WITHDRAWN:
            closed_on = day_between(rng, created + timedelta(days=3), min(created + timedelta(days=120), as_of))
        elif intended == NeedStatus.OPEN and rng.random() < 0.3:
            end = as_of + timedelta(days=rng.randint(10, 120))
        working_time = rng.choices(list(WORKING), weights=[w for w, _h in WORKING.values()])[0]
        headcount = (
            rng.randint(2, 6) if provider is persona else rng.choices((1, 2, 3, 4, 5), weights=(50, 25, 12, 8, 5))[0]
        )
        municipality = provider.municipality if rng.random() < 0.8 else world.territory.near(rng, provider.municipality)
        needs.append(
            Need(0, provider, card, quals, _position(quals[0]), headcount, municipality, created, start, end,
                 intended, closed_on, working_time, world.user_of(provider.id, "pes_manager", "pzs_staff"))
        )  # fmt: skip
    for need, need_id in zip(needs, world.writer.ids(StaffingNeed, len(needs)), strict=True):
        need.id = need_id
    return needs


NEED_COLUMNS = (
    "id", "public_id", "provider_id", "card_version_id", "position", "headcount", "filled_count", "working_time",
    "hours_per_week", "start_date", "end_date", "municipality_id", "pay_min", "pay_max", "conditions", "status",
    "search_text", "version", "created_by_id", "created_at", "updated_at",
)  # fmt: skip


def _events(need: Need) -> list[tuple[str, str, date, str]]:
    """(from, to, day, note) of the need's timeline, each move one the need machine allows."""
    events: list[tuple[str, str, date, str]] = []
    if need.published is None:
        return events
    events.append((NeedStatus.DRAFT, NeedStatus.OPEN, need.published, ""))
    state = NeedStatus.OPEN
    for count, day in enumerate(sorted(need.hires), start=1):
        target = NeedStatus.FILLED if count == need.headcount else NeedStatus.PARTLY_FILLED
        note = gettext("Hired %(filled)s of %(headcount)s.") % {"filled": count, "headcount": need.headcount}
        events.append((state, target, day, note))
        state = target
    if need.closed_on is not None:
        events.append((state, need.intended, need.closed_on, ""))
    for before, after, _day, _note in events:
        assert before == after or after in NEED_MACHINE.allowed(before), (before, after)
    return events


def needs_write(world: World, needs: list[Need]) -> dict[str, int]:
    rng = world.rng("needs:rows")
    providers: dict[int, Organisation] = {}
    places: dict[str, Unit] = {}
    events = []
    labour = LabourLaw()

    def rows():
        for need in needs:
            provider = providers.setdefault(need.provider.id, Organisation(name=need.provider.name))
            place = places.setdefault(need.municipality.code, Unit(name=need.municipality.name))
            derived = StaffingNeed(position=need.position, provider=provider, municipality=place)
            need_fill_derived(derived)
            weight, hours = WORKING[need.working_time]
            pay_min = Decimal(rng.randrange(4700, 5600, 50))
            # Never below the minimum wage on the start date (read once for all needs).
            floor = labour.pay_floor(hours=hours, on_date=need.start)
            if floor is not None and pay_min < floor:
                pay_min = floor.quantize(Decimal("1"), rounding=ROUND_CEILING)
            created = moment(need.created, rng)
            timeline = _events(need)
            updated = created
            for before, after, day, note in timeline:
                at = max(moment(day, rng), updated)
                events.append((need.id, before, after, need.created_by, note, at))
                updated = at
            yield (
                need.id, public_id(rng), need.provider.id, need.card.version_id, need.position, need.headcount,
                len(need.hires), need.working_time, hours, need.start, need.end, need.municipality.code, pay_min,
                pay_min + rng.randrange(300, 1500, 50), "Umowa o pracę, szkolenie stanowiskowe na start.",
                need.status, derived.search_text, 1, need.created_by, created, updated,
            )  # fmt: skip

    written = world.writer.write(StaffingNeed, NEED_COLUMNS, rows())
    through = StaffingNeed.required_qualifications.through
    links = [(need.id, q.id) for need in needs for q in need.quals]
    ids = world.writer.ids(through, len(links))
    world.writer.write(
        through,
        ("id", "staffingneed_id", "qualification_id"),
        ((link_id, *link) for link_id, link in zip(ids, links, strict=True)),
    )
    event_ids = world.writer.ids(NeedEvent, len(events))
    world.writer.write(
        NeedEvent,
        ("id", "need_id", "from_state", "to_state", "actor_id", "note", "at"),
        ((event_id, *event) for event_id, event in zip(event_ids, events, strict=True)),
    )
    return {"needs": written, "need qualifications": len(links), "need events": len(events)}
