"""The stays of participants in CIS and KIS, planned in memory before anything is written: who, where, when, and
the path each stay has taken through the participation workflow by the date the data are anchored on.

Placement later turns some stays that were ready for work into hires (``Stay.hire``); the rows are written only
after that, so every stay's events, status and dates agree."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from kooperacja.core.dates import add_months
from kooperacja.demo.country.places import Municipality
from kooperacja.demo.country.world import Org, World, day_between, largest_remainder
from kooperacja.registry.models import OrganisationKind
from kooperacja.training.models import PARTICIPATION_MACHINE, EligibilityCategory, ExitReason, Participation, Person
from kooperacja.training.models import ParticipationStatus as S

PARTICIPANTS = 100_000
PERSONA_CIS_PARTICIPANTS = 1000
PERSONA_CIS_MINIMUM = 30  # so that the persona's CIS has people at every scale
STARTS_WITHIN_DAYS = 700  # stays began over the last two years (and a few start in the coming weeks)
ELIGIBILITY: dict[str, int] = {
    EligibilityCategory.LONG_TERM_UNEMPLOYED: 45,
    EligibilityCategory.DISABLED: 15,
    EligibilityCategory.HOMELESS: 10,
    EligibilityCategory.ALCOHOL: 9,
    EligibilityCategory.MENTAL: 8,
    EligibilityCategory.FORMER_PRISONER: 6,
    EligibilityCategory.DRUGS: 4,
    EligibilityCategory.REFUGEE: 3,
}
COMPLETED_REASONS: dict[str, int] = {
    ExitReason.PERIOD_EXPIRED: 55,
    ExitReason.EMPLOYMENT: 30,
    ExitReason.COOPERATIVE: 8,
    ExitReason.BUSINESS: 7,
}
TERMINATED_REASONS: dict[str, int] = {ExitReason.ABANDONED: 45, ExitReason.WITHDREW: 35, ExitReason.BREACH: 20}
# exits for work that went through a referral are recorded as employment
HIRE_EXIT_REASONS = (ExitReason.EMPLOYMENT, ExitReason.COOPERATIVE)


@dataclass
class Stay:
    id: int
    person_id: int
    org: Org
    home: Municipality
    female: bool
    birth: date
    eligibility: str
    referral_date: date
    signed_on: date
    start: date
    trial_end: date | None
    planned_end: date
    working_time: str
    commute_km: int
    exit_date: date | None = None
    exit_reason: str = ""
    ready_on: date | None = None
    hired_on: date | None = None
    path: list[tuple[str, date]] = field(default_factory=list)  # (state entered, day), enrolment first
    codes: set[str] = field(default_factory=set)  # qualification codes met (with evidence or by a course)
    course_codes: set[str] = field(default_factory=set)  # of those, met by a completed CIS/KIS course
    serial: int = 0

    @property
    def kind(self) -> str:
        return self.org.kind

    @property
    def status(self) -> str:
        return self.path[-1][0]

    @property
    def last_day(self) -> date:
        """The last day of the stay's period (``training.services.common.participation_period``)."""
        return self.exit_date or self.planned_end

    @property
    def was_ready(self) -> bool:
        return self.ready_on is not None

    def ready_until(self, as_of: date) -> date:
        """The last day the person was available for referrals: until hired, or until the stay ended."""
        if self.hired_on:
            return self.hired_on
        return min(self.exit_date or as_of, as_of)

    def hire(self, hired_on: date) -> None:
        """A referral ended in a hire: READY -> PLACED on ``hired_on`` (then COMPLETED if the stay ended)."""
        assert self.ready_on is not None and self.ready_on <= hired_on
        self.hired_on = hired_on
        states = [state for state, _day in self.path]
        index = states.index(S.READY)
        tail: list[tuple[str, date]] = [(S.PLACED, hired_on)]
        if self.exit_date is not None:
            self.exit_reason = ExitReason.EMPLOYMENT
            tail.append((S.COMPLETED, self.exit_date))
        self.path = self.path[: index + 1] + tail
        path_check(self.path)


def path_check(path: list[tuple[str, date]]) -> None:
    """Every step of a planned path is a move the participation machine allows, in date order."""
    for (before, day_before), (after, day_after) in zip(path, path[1:], strict=False):
        assert after in PARTICIPATION_MACHINE.allowed(before), (before, after)
        assert day_before <= day_after, path


def stays_plan(world: World) -> list[Stay]:
    """``PARTICIPANTS`` stays (at scale) over the CIS and KIS, the persona's CIS the largest of its county."""
    rng = world.rng("stays")
    centres = world.by_kind[OrganisationKind.CIS] + world.by_kind[OrganisationKind.KIS]
    total = world.count(PARTICIPANTS, 1)
    persona_cis = world.personas["org:cis"]
    persona_count = min(total, world.count(PERSONA_CIS_PARTICIPANTS, PERSONA_CIS_MINIMUM))
    others = [org for org in centres if org.id != persona_cis]
    weights = [rng.lognormvariate(0, 0.5) * (1.6 if org.kind == OrganisationKind.CIS else 1.0) for org in others]
    counts = largest_remainder(total - persona_count, weights)
    # no other CIS/KIS of the persona's county is as large as the persona's
    persona_county = next(org for org in centres if org.id == persona_cis).county
    far = [i for i, org in enumerate(others) if org.county != persona_county] or list(range(len(others)))
    for i, org in enumerate(others):
        excess = counts[i] - (persona_count - 1) if org.county == persona_county else 0
        for _ in range(max(0, excess)):
            counts[i] -= 1
            counts[rng.choice(far)] += 1
    allocation = [(world.by_id(persona_cis), persona_count)] + list(zip(others, counts, strict=True))

    stays: list[Stay] = []
    serials: dict[date, int] = {}
    for org, count in allocation:
        for _ in range(count):
            stays.append(_stay(world, rng, org, serials))
    person_ids = world.writer.ids(Person, len(stays))
    for stay, stay_id, person_id in zip(stays, world.writer.ids(Participation, len(stays)), person_ids, strict=True):
        stay.id, stay.person_id = stay_id, person_id
    return stays


def _stay(world: World, rng: random.Random, org: Org, serials: dict[date, int]) -> Stay:
    as_of = world.as_of
    start = day_between(rng, as_of - timedelta(days=STARTS_WITHIN_DAYS), as_of + timedelta(days=21))
    female = rng.random() < 0.48
    birth = start - timedelta(days=rng.randint(18 * 365 + 5, 63 * 365))
    serials[birth] = serials.get(birth, rng.randint(0, 40)) + rng.randint(1, 3)
    referral_date = start - timedelta(days=rng.randint(7, 35))
    signed_on = start - timedelta(days=rng.randint(0, 6))
    if org.kind == OrganisationKind.CIS:
        trial_end: date | None = add_months(start, 1) - timedelta(days=1)
        planned_end = add_months(start, rng.choice((6, 9, 12, 12, 12))) - timedelta(days=1)
    else:
        trial_end = None
        planned_end = add_months(start, rng.choice((6, 9, 12))) - timedelta(days=1)
    stay = Stay(
        id=0,
        person_id=0,
        org=org,
        home=world.territory.near(rng, org.municipality, same_county=0.85),
        female=female,
        birth=birth,
        eligibility=rng.choices(list(ELIGIBILITY), weights=list(ELIGIBILITY.values()))[0],
        referral_date=referral_date,
        signed_on=max(signed_on, referral_date),
        start=start,
        trial_end=trial_end,
        planned_end=planned_end,
        working_time=rng.choices(("full_time", "part_time", "flexible"), weights=(70, 15, 15))[0],
        commute_km=rng.choice((10, 15, 20, 25, 25, 30, 40, 50)),
        serial=serials[birth],
    )
    _walk(stay, rng, as_of)
    path_check(stay.path)
    return stay


def _walk(stay: Stay, rng: random.Random, as_of: date) -> None:
    """The stay's path through the workflow up to ``as_of``."""
    enrolled = min(stay.signed_on, as_of)
    path: list[tuple[str, date]] = [(S.REFERRED, enrolled)]
    stay.path = path
    if stay.start > as_of or (as_of - stay.start).days < 3:
        if rng.random() < 0.03 and stay.start <= as_of:  # gave up before starting
            _exit(stay, S.TERMINATED, as_of, ExitReason.WITHDREW)
        return
    active_from = stay.start
    if stay.trial_end is not None:
        path.append((S.TRIAL, stay.start))
        active_from = stay.trial_end + timedelta(days=1)
        if as_of < active_from:
            if rng.random() < 0.04:
                _exit(stay, S.TERMINATED, day_between(rng, stay.start, as_of), ExitReason.ABANDONED)
            return
        if rng.random() < 0.06:  # did not get through the trial month
            _exit(stay, S.TERMINATED, day_between(rng, stay.start, stay.trial_end), _reason(rng, TERMINATED_REASONS))
            return
    path.append((S.ACTIVE, active_from))
    finished = stay.planned_end < as_of
    window_end = min(stay.planned_end, as_of)
    if finished:
        roll = rng.random()
        if roll < 0.7:
            reason = _reason(rng, COMPLETED_REASONS)
            exit_date = stay.planned_end if reason == ExitReason.PERIOD_EXPIRED else None
            ready = reason in HIRE_EXIT_REASONS or rng.random() < 0.35
            _ready_then_exit(stay, rng, S.COMPLETED, reason, exit_date, active_from, window_end, ready)
        else:
            reason = _reason(rng, TERMINATED_REASONS)
            _ready_then_exit(stay, rng, S.TERMINATED, reason, None, active_from, window_end, rng.random() < 0.15)
        return
    roll = rng.random()
    if roll < 0.52:
        return  # taking part
    if roll < 0.90:
        if (as_of - active_from).days >= 14:
            stay.ready_on = day_between(rng, active_from + timedelta(days=(as_of - active_from).days // 3), as_of)
            path.append((S.READY, stay.ready_on))
        return
    if roll < 0.96:
        _ready_then_exit(stay, rng, S.TERMINATED, _reason(rng, TERMINATED_REASONS), None, active_from, as_of, False)
    else:
        _ready_then_exit(stay, rng, S.COMPLETED, ExitReason.EMPLOYMENT, None, active_from, as_of, True)


def _ready_then_exit(
    stay: Stay,
    rng: random.Random,
    target: str,
    reason: str,
    exit_date: date | None,
    active_from: date,
    last: date,
    ready: bool,
) -> None:
    if exit_date is None:
        earliest = min(active_from + timedelta(days=30), last)
        exit_date = day_between(rng, earliest, last)
    if ready and (exit_date - active_from).days >= 10:
        stay.ready_on = day_between(rng, active_from + timedelta(days=7), exit_date - timedelta(days=3))
        stay.path.append((S.READY, stay.ready_on))
    _exit(stay, target, exit_date, reason)


def _exit(stay: Stay, target: str, day: date, reason: str) -> None:
    stay.exit_date = max(day, stay.start)
    stay.exit_reason = reason
    stay.path.append((target, stay.exit_date))


def _reason(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
