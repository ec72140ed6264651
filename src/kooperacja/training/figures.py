"""The "in training" and "ready" figures of staffing-plan lines, which the training app provides to the staffing
plan and overview (registered with ``staffing.figures`` in ``TrainingConfig.ready``)."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef

from kooperacja.catalogue.models import MET_BY_COURSE
from kooperacja.staffing import selectors as staffing
from kooperacja.territory.models import within_any
from kooperacja.training.models import CourseCompletion, Participation, ParticipationStatus, QualificationGained

# People still taking part (referred, on trial, active) count as in training.
IN_TRAINING_STATES = (ParticipationStatus.REFERRED, ParticipationStatus.TRIAL, ParticipationStatus.ACTIVE)


def plan_line_progress(*, lines) -> dict[int, dict[str, int]]:
    """Per plan line id: people in training in cohorts linked to it, and READY people who meet its qualification
    and live in its round's territory: holding it with evidence, or having completed the CIS/KIS course of a card
    whose course meets it (``catalogue.Qualification.met_by``), each person once. Three queries for any number of
    lines, each counted by the database within the lines' territories (one row per qualification and home
    municipality, for qualifications held and for completed courses)."""
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
    territories = {territory for _id, _code, territory in facts}
    codes = {code for _id, code, _territory in facts}
    held = (
        QualificationGained.objects.filter(
            within_any("person__home_municipality_id", territories, widen=True),
            code__in=codes,
            person__participations__status=ParticipationStatus.READY,
        )
        .order_by()
        .values("code", "person__home_municipality_id")
        .annotate(people=Count("person__participations", distinct=True))
        .values_list("code", "person__home_municipality_id", "people")
    )
    # READY stays whose completed course meets the code (by the card's ``met_by``), of people not holding it with
    # evidence (counted above); added to the same statement.
    by_course = (
        CourseCompletion.objects.filter(
            within_any("participation__person__home_municipality_id", territories, widen=True),
            ~Exists(
                QualificationGained.objects.filter(
                    person_id=OuterRef("participation__person_id"), code=OuterRef("card_version__qualifications__code")
                )
            ),
            participation__status=ParticipationStatus.READY,
            card_version__qualifications__code__in=codes,
            card_version__qualifications__met_by__in=MET_BY_COURSE,
        )
        .order_by()
        .values("card_version__qualifications__code", "participation__person__home_municipality_id")
        .annotate(people=Count("participation", distinct=True))
        .values_list("card_version__qualifications__code", "participation__person__home_municipality_id", "people")
    )
    by_code: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for code, home, people in held.union(by_course, all=True):
        by_code[code].append((home, people))
    for line_id, code, territory in facts:
        result[line_id]["ready"] = sum(people for home, people in by_code.get(code, ()) if home.startswith(territory))
    return result


def plan_line_figures(line_ids: list[int]) -> dict[str, dict[int, int]]:
    """The "in training" and "ready" figures of staffing-plan lines (registered with ``staffing.figures``)."""
    progress = plan_line_progress(lines=line_ids)
    return {
        figure: {line_id: numbers[figure] for line_id, numbers in progress.items()}
        for figure in ("in_training", "ready")
    }
