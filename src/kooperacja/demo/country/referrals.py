"""Referrals of people ready for work to providers' needs, planned in memory: hires first (they turn stays into
placements and fill needs), then referrals still under way, then the ones declined or withdrawn earlier.

A person has at most one referral under way at a time: the closed ones of a stay lie one after another before
the one under way or the hire; each referral is made while its need is published and has a free position."""

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kooperacja.demo.country.needs import Need
from kooperacja.demo.country.stays import HIRE_EXIT_REASONS, Stay
from kooperacja.demo.country.world import World, day_between
from kooperacja.placement.models import REFERRAL_MACHINE
from kooperacja.placement.models import ReferralStatus as R
from kooperacja.staffing.models import NeedStatus
from kooperacja.training.models import ParticipationStatus

REFERRALS = 50_000
TRIES = 12


@dataclass
class Ref:
    stay: Stay
    need: Need
    path: list[tuple[str, date]]  # (state entered, day), "proposed" first
    id: int = 0
    proposal_id: int | None = None
    accepted_at: datetime | None = None  # when the coordinator accepted the proposal: the referral's creation

    @property
    def created(self) -> date:
        return self.path[0][1]

    @property
    def status(self) -> str:
        return self.path[-1][0]

    @property
    def hired_on(self) -> date | None:
        return self.path[-1][1] if self.status == R.HIRED else None

    @property
    def territory(self) -> str:
        """The unit of the matching run that proposed it: the county, or the voivodeship across counties."""
        county = self.need.municipality.county
        return county if self.stay.org.county == county else county[:2]


class Pools:
    """Needs by county and voivodeship, drawn at random for a stay."""

    def __init__(self, needs: list[Need]):
        self.county: dict[str, list[Need]] = defaultdict(list)
        self.voivodeship: dict[str, list[Need]] = defaultdict(list)
        for need in needs:
            if need.intended != NeedStatus.DRAFT:
                self.county[need.municipality.county].append(need)
                self.voivodeship[need.municipality.voivodeship].append(need)

    def draw(self, rng: random.Random, stay: Stay, accept) -> Need | None:
        for pool in (self.county.get(stay.org.county, []), self.voivodeship.get(stay.org.voivodeship, [])):
            for _ in range(TRIES if pool else 0):
                need = rng.choice(pool)
                if accept(need):
                    return need
        return None


def _steps(rng: random.Random, created: date, last: date, states: Sequence[str]) -> list[tuple[str, date]]:
    """``states`` entered one after another between ``created`` and ``last``."""
    path: list[tuple[str, date]] = [(R.PROPOSED, created)]
    day = created
    for state in states:
        day = day_between(rng, day, min(day + timedelta(days=14), last))
        path.append((state, day))
    for (before, _d1), (after, _d2) in zip(path, path[1:], strict=False):
        assert after in REFERRAL_MACHINE.allowed(before), (before, after)
    return path


def referrals_plan(world: World, stays: list[Stay], needs: list[Need]) -> list[Ref]:
    rng = world.rng("referrals")
    as_of = world.as_of
    pools = Pools(needs)
    refs: list[Ref] = []
    busy_from: dict[int, date] = {}  # stay index -> the day its referral under way (or hire) was made

    # 1. Hires: most people ready for work now, and many who left for work, were placed through a referral.
    for index, stay in enumerate(stays):
        if not stay.was_ready:
            continue
        if stay.status == ParticipationStatus.READY and rng.random() < 0.55:
            end = as_of
        elif stay.exit_reason in HIRE_EXIT_REASONS and stay.exit_date is not None and rng.random() < 0.6:
            end = stay.exit_date - timedelta(days=1)
        else:
            continue
        assert stay.ready_on is not None
        first = stay.ready_on + timedelta(days=1)
        if (end - first).days < 6:
            continue
        created = day_between(rng, first, end - timedelta(days=5))
        need = pools.draw(
            rng, stay, lambda n, day=created: n.intended == NeedStatus.OPEN and n.open_positions > 0 and n.open_on(day)
        )
        if need is None:
            continue
        path = _steps(rng, created, end, [R.SENT, R.INTERVIEW, R.HIRED])
        need.hires.append(path[-1][1])
        stay.hire(path[-1][1])
        stay.codes.update(q.code for q in need.quals)
        refs.append(Ref(stay, need, path))
        busy_from[index] = created

    # 2. Referrals under way: most people still ready for work are proposed, sent or at an interview.
    for index, stay in enumerate(stays):
        if stay.status != ParticipationStatus.READY or index in busy_from or rng.random() > 0.7:
            continue
        assert stay.ready_on is not None
        if (as_of - stay.ready_on).days < 2:
            continue
        created = day_between(rng, stay.ready_on + timedelta(days=1), as_of)
        need = pools.draw(
            rng, stay, lambda n, day=created: n.open_positions > 0 and n.open_on(day) and n.closed_on is None
        )
        if need is None:
            continue
        states = rng.choices(([], [R.SENT], [R.SENT, R.INTERVIEW]), weights=(3, 4, 3))[0]
        stay.codes.update(q.code for q in need.quals)
        refs.append(Ref(stay, need, _steps(rng, created, as_of, states)))
        busy_from[index] = created

    # 3. Declined and withdrawn ones, one after another, before the referral under way or the hire.
    wanted = world.count(REFERRALS, 1) - len(refs)
    cursor: dict[int, date] = {}
    eligible = [index for index, stay in enumerate(stays) if stay.was_ready]
    rng.shuffle(eligible)
    misses: dict[int, int] = defaultdict(int)
    while wanted > 0 and eligible:
        still, added = [], 0
        for index in eligible:
            if wanted <= 0:
                break
            stay = stays[index]
            assert stay.ready_on is not None
            first = cursor.get(index, stay.ready_on + timedelta(days=1))
            last = busy_from.get(index, stay.ready_until(as_of) + timedelta(days=1)) - timedelta(days=1)
            if (last - first).days < 4:
                continue
            created = day_between(rng, first, min(last - timedelta(days=3), first + timedelta(days=30)))
            taken = {ref.need.id for ref in refs[-50:] if ref.stay is stay}
            need = pools.draw(rng, stay, lambda n, day=created, taken=taken: n.open_on(day) and n.id not in taken)
            if need is None:
                misses[index] += 1
                if misses[index] < 3:
                    still.append(index)
                continue
            if rng.random() < 0.55:
                states = rng.choice(([R.SENT, R.DECLINED], [R.SENT, R.INTERVIEW, R.DECLINED]))
            else:
                states = rng.choice(([R.WITHDRAWN], [R.SENT, R.WITHDRAWN], [R.SENT, R.INTERVIEW, R.WITHDRAWN]))
            path = _steps(rng, created, last, states)
            cursor[index] = path[-1][1] + timedelta(days=1)
            stay.codes.update(q.code for q in need.quals)
            refs.append(Ref(stay, need, path))
            wanted -= 1
            added += 1
            still.append(index)
        eligible = still
        if not added:
            break
    refs.sort(key=lambda ref: (ref.created, ref.stay.id, ref.need.id))
    return refs
