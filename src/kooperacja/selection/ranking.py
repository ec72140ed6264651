"""The ranking of a selection as a pure function (no Django): the same inputs always give the same ranking.

The total of an entry is Σ weight × mean of the assessors' points on that criterion; it is published rounded to
2 places (ROUND_HALF_UP) but entries are ordered by the exact total, so scaling every weight keeps the order.
Equal exact totals are separated by the tie rule stated before publication:

- ``criteria_order``: the higher mean on the criteria in their stated order, then the earlier submission, then
  the code;
- ``earlier_submission``: the earlier submission, then the code;
- ``lot``: a shuffle fixed by the seed recorded at publication (sha256 of seed + code), then the code.

Withdrawn entries are not ranked. Entries under the threshold are ranked but not selected; the first ``places``
of the others are selected. Each row says how a tie with its neighbour was decided.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CRITERIA_ORDER = "criteria_order"
EARLIER_SUBMISSION = "earlier_submission"
LOT = "lot"
TIE_RULES = (CRITERIA_ORDER, EARLIER_SUBMISSION, LOT)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class EntryInput:
    key: Hashable
    code: str
    submitted_at: datetime
    withdrawn: bool = False


@dataclass(frozen=True)
class CriterionInput:
    key: Hashable
    weight: Decimal
    position: int
    name: str = ""


@dataclass(frozen=True)
class ScoreInput:
    entry: Hashable
    criterion: Hashable
    assessor: Hashable
    points: int


@dataclass(frozen=True)
class RankedEntry:
    key: Hashable
    code: str
    position: int
    total: Decimal  # rounded to 2 places
    means: dict = field(compare=False)  # criterion key -> mean rounded to 2 places
    selected: bool
    below_threshold: bool
    # {"rule": "criterion" | "submission" | "code" | "lot" | "unrounded", "against": code, "criterion": name}
    tie_note: dict = field(compare=False)


def to_2(value: Fraction | Decimal) -> Decimal:
    """``value`` rounded to 2 places, half up."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def lot_key(seed: str, code: str) -> str:
    return hashlib.sha256(f"{seed}:{code}".encode()).hexdigest()


@dataclass
class _Row:
    entry: EntryInput
    exact_total: Fraction
    means: dict  # criterion key -> Fraction


def _rows(entries, criteria, scores) -> list[_Row]:
    points: dict[tuple, list[int]] = defaultdict(list)
    for score in scores:
        points[(score.entry, score.criterion)].append(score.points)
    rows = []
    for entry in entries:
        if entry.withdrawn:
            continue
        means = {}
        total = Fraction(0)
        for criterion in criteria:
            given = points.get((entry.key, criterion.key), [])
            mean = Fraction(sum(given), len(given)) if given else Fraction(0)
            means[criterion.key] = mean
            total += Fraction(criterion.weight) * mean
        rows.append(_Row(entry, total, means))
    return rows


def _tie_key(row: _Row, *, tie_rule: str, criteria: Sequence[CriterionInput], seed: str) -> tuple:
    if tie_rule == CRITERIA_ORDER:
        return (
            *(-row.means[c.key] for c in criteria),
            row.entry.submitted_at,
            row.entry.code,
        )
    if tie_rule == EARLIER_SUBMISSION:
        return (row.entry.submitted_at, row.entry.code)
    return (lot_key(seed, row.entry.code), row.entry.code)


def _decided_by(a: _Row, b: _Row, *, tie_rule: str, criteria: Sequence[CriterionInput]) -> dict:
    """How the tie between ``a`` and ``b`` (equal exact totals) was decided."""
    if tie_rule == CRITERIA_ORDER:
        for criterion in criteria:
            if a.means[criterion.key] != b.means[criterion.key]:
                return {"rule": "criterion", "criterion": criterion.name, "criterion_key": str(criterion.key)}
        if a.entry.submitted_at != b.entry.submitted_at:
            return {"rule": "submission"}
        return {"rule": "code"}
    if tie_rule == EARLIER_SUBMISSION:
        if a.entry.submitted_at != b.entry.submitted_at:
            return {"rule": "submission"}
        return {"rule": "code"}
    return {"rule": "lot"}


def rank(
    entries: Iterable[EntryInput],
    criteria: Iterable[CriterionInput],
    scores: Iterable[ScoreInput],
    *,
    tie_rule: str,
    places: int,
    threshold: Decimal | None,
    seed: str,
) -> list[RankedEntry]:
    if tie_rule not in TIE_RULES:
        raise ValueError(f"unknown tie rule {tie_rule!r}")
    ordered_criteria = sorted(criteria, key=lambda c: (c.position, str(c.key)))
    rows = _rows(entries, ordered_criteria, scores)
    rows.sort(
        key=lambda row: (-row.exact_total, _tie_key(row, tie_rule=tie_rule, criteria=ordered_criteria, seed=seed))
    )
    result = []
    selected_count = 0
    limit = Fraction(threshold) if threshold is not None else None
    for index, row in enumerate(rows):
        total = to_2(row.exact_total)
        # The neighbour with the same total (the one below, or for the last of a group the one above).
        note: dict = {}
        below_row = rows[index + 1] if index + 1 < len(rows) else None
        above_row = rows[index - 1] if index else None
        for other, upper in ((below_row, True), (above_row, False)):
            if other is None:
                continue
            if other.exact_total == row.exact_total:
                a, b = (row, other) if upper else (other, row)
                note = _decided_by(a, b, tie_rule=tie_rule, criteria=ordered_criteria) | {"against": other.entry.code}
                break
            if to_2(other.exact_total) == total:
                note = {"rule": "unrounded", "against": other.entry.code}
                break
        below = limit is not None and row.exact_total < limit
        selected = not below and selected_count < places
        selected_count += selected
        result.append(
            RankedEntry(
                key=row.entry.key,
                code=row.entry.code,
                position=index + 1,
                total=total,
                means={key: to_2(mean) for key, mean in row.means.items()},
                selected=selected,
                below_threshold=below,
                tie_note=note,
            )
        )
    return result


def inputs_digest(
    entries: Iterable[EntryInput],
    criteria: Iterable[CriterionInput],
    scores: Iterable[ScoreInput],
    *,
    tie_rule: str,
    places: int,
    threshold: Decimal | None,
    seed: str,
) -> str:
    """SHA-256 of the canonical, sorted inputs of :func:`rank`: anyone holding the inputs can check that the
    published ranking came from them."""
    document = {
        "criteria": sorted([str(c.key), str(c.weight), c.position] for c in criteria),
        "entries": sorted([str(e.key), e.code, e.submitted_at.isoformat(), e.withdrawn] for e in entries),
        "scores": sorted([str(s.entry), str(s.criterion), str(s.assessor), s.points] for s in scores),
        "tie_rule": tie_rule,
        "places": places,
        "threshold": None if threshold is None else str(threshold),
        "seed": seed,
    }
    return hashlib.sha256(json.dumps(document, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
