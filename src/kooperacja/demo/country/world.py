"""What the stages of the generator share: the scale, the seed, the date the data are anchored on, the writer,
and the organisations and users built for the later stages (kept in memory as plain records, so no stage reads
rows back)."""

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from kooperacja.demo.country.places import Municipality, Territory
from kooperacja.demo.country.writer import Writer


@dataclass(eq=False)  # one instance per organisation: compared and hashed by identity
class Org:
    id: int
    kind: str
    name: str
    municipality: Municipality
    created: date

    @property
    def county(self) -> str:
        return self.municipality.county

    @property
    def voivodeship(self) -> str:
        return self.municipality.voivodeship


@dataclass
class World:
    scale: float
    seed: int
    as_of: date
    territory: Territory
    writer: Writer = field(default_factory=Writer)
    orgs: list[Org] = field(default_factory=list)
    by_kind: dict[str, list[Org]] = field(default_factory=lambda: defaultdict(list))
    _by_id: dict[int, Org] = field(default_factory=dict)
    personas: dict[str, int] = field(default_factory=dict)  # persona key -> organisation id / user id
    # organisation id -> role -> user ids
    staff: dict[int, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    coordinators_by_county: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    cards: list = field(default_factory=list)  # the catalogue's current service cards (cards.Card)

    def count(self, base: float, minimum: int = 0) -> int:
        """``base`` (the figure of a whole country) at this scale."""
        return max(minimum, round(base * self.scale))

    def rng(self, stage: str) -> random.Random:
        """A random stream of its own for each stage: the same seed gives the same rows, stage by stage."""
        return random.Random(f"{self.seed}:{stage}")

    def add_org(self, org: Org) -> None:
        self.orgs.append(org)
        self.by_kind[org.kind].append(org)
        self._by_id[org.id] = org

    def by_id(self, org_id: int) -> Org:
        return self._by_id[org_id]

    def user_of(self, org_id: int, *roles: str) -> int | None:
        for role in roles:
            users = self.staff.get(org_id, {}).get(role)
            if users:
                return users[0]
        return None


def public_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def moment(day: date, rng: random.Random, *, start_hour: int = 7, end_hour: int = 17) -> datetime:
    """A time in working hours of ``day`` (UTC)."""
    seconds = rng.randint(start_hour * 3600, end_hour * 3600 - 1)
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(seconds=seconds)


def day_between(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=rng.randint(0, (last - first).days))


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` into whole numbers that add up to it exactly."""
    weight_sum = sum(weights)
    if total <= 0 or not weights or weight_sum <= 0:
        return [0] * len(weights)
    shares = [total * w / weight_sum for w in weights]
    counts = [int(share) for share in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
