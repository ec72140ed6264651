"""Properties of the pure ranking function (no database)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kooperacja.selection.ranking import (
    CRITERIA_ORDER,
    EARLIER_SUBMISSION,
    LOT,
    CriterionInput,
    EntryInput,
    ScoreInput,
    inputs_digest,
    rank,
)

START = datetime(2026, 1, 1, tzinfo=UTC)
ASSESSORS = (1, 2)


@st.composite
def problems(draw):
    criteria_count = draw(st.integers(1, 4))
    criteria = [
        CriterionInput(
            key=f"c{i}",
            weight=Decimal(draw(st.integers(1, 500))) / 100,
            position=i,
            name=f"C{i}",
        )
        for i in range(criteria_count)
    ]
    maximum = 10
    entry_count = draw(st.integers(1, 8))
    entries = [
        EntryInput(
            key=f"e{i}",
            code=f"K-{i + 1:03d}",
            # few distinct times: ties on the submission happen too
            submitted_at=START + timedelta(minutes=draw(st.integers(0, 3))),
            withdrawn=draw(st.booleans()) if i else False,
        )
        for i in range(entry_count)
    ]
    scores = [
        ScoreInput(entry=e.key, criterion=c.key, assessor=a, points=draw(st.integers(0, maximum)))
        for e in entries
        for c in criteria
        for a in ASSESSORS
    ]
    rule = draw(st.sampled_from([CRITERIA_ORDER, EARLIER_SUBMISSION, LOT]))
    threshold = draw(st.none() | st.integers(0, 30).map(Decimal))
    return {
        "entries": entries,
        "criteria": criteria,
        "scores": scores,
        "tie_rule": rule,
        "places": draw(st.integers(1, 5)),
        "threshold": threshold,
        "seed": draw(st.text(alphabet="0123456789abcdef", min_size=8, max_size=8)),
    }


def _order(result):
    return [row.key for row in result]


@settings(max_examples=150, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_same_inputs_in_any_order_give_the_same_ranking(problem, random):
    shuffled = dict(problem)
    for name in ("entries", "criteria", "scores"):
        items = list(problem[name])
        random.shuffle(items)
        shuffled[name] = items
    assert rank(**problem) == rank(**shuffled)
    assert inputs_digest(**problem) == inputs_digest(**shuffled)


@settings(max_examples=150, deadline=None)
@given(problems(), st.data())
def test_raising_a_score_never_lowers_the_entry(problem, data):
    before = rank(**problem)
    ranked_keys = [row.key for row in before]
    entry = data.draw(st.sampled_from(ranked_keys))
    criterion = data.draw(st.sampled_from([c.key for c in problem["criteria"]]))
    assessor = data.draw(st.sampled_from(ASSESSORS))
    scores = []
    for score in problem["scores"]:
        if (score.entry, score.criterion, score.assessor) == (entry, criterion, assessor):
            score = ScoreInput(
                score.entry, score.criterion, score.assessor, score.points + data.draw(st.integers(1, 5))
            )
        scores.append(score)
    after = rank(**{**problem, "scores": scores})
    old = next(row for row in before if row.key == entry)
    new = next(row for row in after if row.key == entry)
    assert new.total >= old.total
    assert new.position <= old.position


@settings(max_examples=150, deadline=None)
@given(problems())
def test_doubling_every_weight_keeps_the_order(problem):
    doubled = [
        CriterionInput(key=c.key, weight=c.weight * 2, position=c.position, name=c.name) for c in problem["criteria"]
    ]
    assert _order(rank(**problem)) == _order(rank(**{**problem, "criteria": doubled}))


@settings(max_examples=150, deadline=None)
@given(problems(), st.data())
def test_an_entry_better_on_every_criterion_ranks_above(problem, data):
    result = rank(**problem)
    if len(result) < 2:
        return
    keys = [row.key for row in result]
    better, worse = data.draw(st.lists(st.sampled_from(keys), min_size=2, max_size=2, unique=True))
    # Make `better` strictly higher than `worse` on every criterion (by every assessor).
    scores = []
    for score in problem["scores"]:
        if score.entry == better:
            score = ScoreInput(score.entry, score.criterion, score.assessor, 20)
        elif score.entry == worse:
            score = ScoreInput(score.entry, score.criterion, score.assessor, min(score.points, 19))
        scores.append(score)
    after = {row.key: row.position for row in rank(**{**problem, "scores": scores})}
    assert after[better] < after[worse]


def test_withdrawn_threshold_and_places():
    criteria = [CriterionInput(key="c", weight=Decimal("1.5"), position=1, name="C")]
    entries = [
        EntryInput(key=i, code=f"K-{i:03d}", submitted_at=START + timedelta(minutes=i), withdrawn=(i == 4))
        for i in range(1, 5)
    ]
    points = {1: 8, 2: 3, 3: 9, 4: 10}
    scores = [ScoreInput(entry=i, criterion="c", assessor=1, points=p) for i, p in points.items()]
    result = rank(entries, criteria, scores, tie_rule=LOT, places=3, threshold=Decimal("5"), seed="x")
    assert [(r.code, r.total, r.selected, r.below_threshold) for r in result] == [
        ("K-003", Decimal("13.50"), True, False),
        ("K-001", Decimal("12.00"), True, False),
        ("K-002", Decimal("4.50"), False, True),
    ]


def test_ties_say_which_rule_decided():
    criteria = [
        CriterionInput(key="a", weight=Decimal(1), position=1, name="Doświadczenie"),
        CriterionInput(key="b", weight=Decimal(1), position=2, name="Motywacja"),
    ]
    entries = [EntryInput(key=i, code=f"K-{i:03d}", submitted_at=START + timedelta(minutes=i)) for i in (1, 2, 3)]
    # K-001: 4+6, K-002: 6+4 (same total, higher on the first criterion), K-003: 5+5 (same total)
    given_points = {(1, "a"): 4, (1, "b"): 6, (2, "a"): 6, (2, "b"): 4, (3, "a"): 5, (3, "b"): 5}
    scores = [ScoreInput(entry=e, criterion=c, assessor=1, points=p) for (e, c), p in given_points.items()]
    by_criteria = rank(entries, criteria, scores, tie_rule=CRITERIA_ORDER, places=1, threshold=None, seed="s")
    assert [r.code for r in by_criteria] == ["K-002", "K-003", "K-001"]
    assert by_criteria[0].tie_note == {
        "rule": "criterion",
        "criterion": "Doświadczenie",
        "criterion_key": "a",
        "against": "K-003",
    }
    by_submission = rank(entries, criteria, scores, tie_rule=EARLIER_SUBMISSION, places=1, threshold=None, seed="s")
    assert [r.code for r in by_submission] == ["K-001", "K-002", "K-003"]
    assert by_submission[0].tie_note["rule"] == "submission"
    lot = rank(entries, criteria, scores, tie_rule=LOT, places=1, threshold=None, seed="s")
    assert lot == rank(entries, criteria, scores, tie_rule=LOT, places=1, threshold=None, seed="s")
    assert {r.tie_note["rule"] for r in lot} == {"lot"}
