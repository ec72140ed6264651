"""The "in training" and "ready" figures of staffing-plan lines, which the training app provides to the staffing
plan and overview (registered with ``staffing.figures`` in ``TrainingConfig.ready``)."""

from collections import defaultdict

from django.db.models import Count

from kooperacja.catalogue import selectors as catalogue
from kooperacja.staffing import selectors as staffing
from kooperacja.territory.models import within_any
from kooperacja.training.models import CourseCompletion, Participation, ParticipationStatus, QualificationGained

# People still taking part (referred, on trial, active) count as in training.
IN_TRAINING_STATES = (ParticipationStatus.REFERRED, ParticipationStatus.TRIAL, ParticipationStatus.ACTIVE)


def plan_line_progress(*, lines) -> dict[int, dict[str, int]]:
    """Per plan line id: people in training in cohorts linked to it, and READY people who meet its qualification
    and live in its round's territory: holding it with evidence, or having completed the CIS/KIS course of a card
    whose course meets it (``catalogue.Qualification.met_by``), each person once. Six queries at most for any
    number of lines; qualifications held are counted by the database (one row per qualification and home
    municipality), course completions are read as one row per READY stay with a completion that meets a code."""
    line_ids = [getattr(line, "pk", line) for line in lines]
    result = {line_id: {"in_training": 0, "ready": 0} for line_id in line_ids}
    if not line_ids:
        return result
    facts = [(line.id, line.qualification_code, line.territory) for line in staffing.plan_line_facts(line_ids=line_ids)]
    in_training = (
        Participation.objects.filter(cohorts__plan_lines__in=line_ids, status__in=IN_TRAINING_STATES)
        .order_by()
        .values("cohorts__plan_lines")
        .annotate(people=Count("id", distinct=True))
        .values_list("cohorts__plan_lines", "people")
    )
    for line_id, people in in_training:
        result[line_id]["in_training"] = people
    if not facts:
        return result
    ready_rows = (
        QualificationGained.objects.filter(
            within_any("person__home_municipality_id", {territory for _id, _code, territory in facts}, widen=True),
            code__in={code for _id, code, _territory in facts},
            person__participations__status=ParticipationStatus.READY,
        )
        .order_by()
        .values("code", "person__home_municipality_id")
        .annotate(people=Count("person__participations", distinct=True))
        .values_list("code", "person__home_municipality_id", "people")
    )
    by_code: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for code, home, people in ready_rows:
        by_code[code].append((home, people))
    for code, home, people in _ready_by_course(facts):
        by_code[code].append((home, people))
    for line_id, code, territory in facts:
        result[line_id]["ready"] = sum(people for home, people in by_code.get(code, ()) if home.startswith(territory))
    return result


def _ready_by_course(facts) -> list[tuple[str, str, int]]:
    """(code, home municipality, people): READY stays with a completed course that meets the code, of people who
    do not hold that code with evidence (they are counted already)."""
    codes = {code for _id, code, _territory in facts}
    cards = catalogue.course_cards_meeting(codes=codes)
    if not cards:
        return []
    rows = list(
        CourseCompletion.objects.filter(
            within_any(
                "participation__person__home_municipality_id",
                {territory for _id, _code, territory in facts},
                widen=True,
            ),
            card_version_id__in=list(cards),
            participation__status=ParticipationStatus.READY,
        )
        .order_by()
        .values_list(
            "participation_id",
            "participation__person_id",
            "participation__person__home_municipality_id",
            "card_version_id",
        )
        .distinct()
    )
    if not rows:
        return []
    held = set(
        QualificationGained.objects.filter(person_id__in={row[1] for row in rows}, code__in=codes).values_list(
            "person_id", "code"
        )
    )
    met: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    for participation_id, person_id, home, card_id in rows:
        met[(participation_id, person_id, home)] |= cards.get(card_id, set())
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for (_participation_id, person_id, home), met_codes in met.items():
        for code in met_codes:
            if (person_id, code) not in held:
                counts[(code, home)] += 1
    return [(code, home, people) for (code, home), people in counts.items()]


def plan_line_figures(line_ids: list[int]) -> dict[str, dict[int, int]]:
    """The "in training" and "ready" figures of staffing-plan lines (registered with ``staffing.figures``)."""
    progress = plan_line_progress(lines=line_ids)
    return {
        figure: {line_id: numbers[figure] for line_id, numbers in progress.items()}
        for figure in ("in_training", "ready")
    }
