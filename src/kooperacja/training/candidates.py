"""The candidates training offers to matching (``training.selectors`` re-exports them): READY participants, and
ACTIVE ones finishing a cohort in time, with the qualification codes they meet."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kooperacja.catalogue import selectors as catalogue
from kooperacja.territory.models import within
from kooperacja.training.models import CourseCompletion, Participation, ParticipationStatus, QualificationGained


@dataclass(frozen=True)
class Candidate:
    """A participant who may be offered to a provider, as the matching problem needs them."""

    participation_id: int
    home_municipality_code: str
    latitude: float | None
    longitude: float | None
    commute_limit_km: int
    available_from: date | None
    ready_from: date
    qualification_codes: frozenset[str]  # the codes they meet: with evidence, or by a completed course
    preferred_service_type_ids: frozenset[int]
    working_time: str
    # Of ``qualification_codes``, those met only by a (completed or finishing) course, not held with evidence.
    course_met_codes: frozenset[str] = frozenset()


def matching_candidates(*, territory_code: str, latest_start) -> list[Candidate]:
    """READY participants, and ACTIVE ones with a cohort ending on or before ``latest_start``, living in
    the territory, who consented to share their profile. Six queries at most, whatever the number of people.

    A candidate's ``qualification_codes`` are the codes they *meet*: those they hold with evidence
    (``QualificationGained``), and those of the cards whose CIS/KIS course they completed (``CourseCompletion``;
    for an ACTIVE person, also the course of the cohort they finish by ``latest_start``) that the card says a
    course completion meets (``catalogue.Qualification.met_by``)."""
    today = timezone.localdate()
    through = Participation.cohorts.through
    finishing = through.objects.filter(participation_id=OuterRef("pk"), cohort__end_date__lte=latest_start)
    base = (
        Participation.objects.alias(finishing=Exists(finishing))
        .filter(
            Q(status=ParticipationStatus.READY) | Q(status=ParticipationStatus.ACTIVE, finishing=True),
            consent_to_share=True,
        )
        .filter(within("person__home_municipality_id", territory_code))
    )
    rows = list(
        base.order_by("id").values_list(
            "id",
            "status",
            "person_id",
            "person__home_municipality_id",
            "person__home_municipality__latitude",
            "person__home_municipality__longitude",
            "commute_limit_km",
            "available_from",
            "working_time",
        )
    )
    if not rows:
        return []
    ids = base.values("id")
    cohort_end: dict[int, date] = {}
    cards_of: dict[int, set[int]] = defaultdict(set)
    for participation_id, end_date, card_id in through.objects.filter(
        participation_id__in=ids,
        participation__status=ParticipationStatus.ACTIVE,
        cohort__end_date__lte=latest_start,
    ).values_list("participation_id", "cohort__end_date", "cohort__programme__card_version_id"):
        if participation_id not in cohort_end or end_date > cohort_end[participation_id]:
            cohort_end[participation_id] = end_date
        cards_of[participation_id].add(card_id)
    completed_cards: dict[int, set[int]] = defaultdict(set)
    for participation_id, card_id in CourseCompletion.objects.filter(participation_id__in=ids).values_list(
        "participation_id", "card_version_id"
    ):
        completed_cards[participation_id].add(card_id)
    all_cards = set().union(*cards_of.values(), *completed_cards.values())
    card_codes = catalogue.course_met_codes(card_version_ids=all_cards) if all_cards else {}
    held: dict[int, set[str]] = defaultdict(set)
    for person_id, code in QualificationGained.objects.filter(person__participations__in=ids).values_list(
        "person_id", "code"
    ):
        held[person_id].add(code)
    preferred: dict[int, set[int]] = defaultdict(set)
    for participation_id, service_type_id in Participation.preferred_services.through.objects.filter(
        participation_id__in=ids
    ).values_list("participation_id", "servicetype_id"):
        preferred[participation_id].add(service_type_id)
    candidates = []
    for pk, status, person_id, home, lat, lon, limit, available_from, working_time in rows:
        codes = set(held.get(person_id, ()))
        evidence = frozenset(codes)
        for card_id in completed_cards.get(pk, ()):
            codes |= card_codes.get(card_id, set())
        if status == ParticipationStatus.READY:
            ready_from = today
        else:
            ready_from = cohort_end[pk]
            for card_id in cards_of.get(pk, ()):  # the course they finish by then counts as completed
                codes |= card_codes.get(card_id, set())
        candidates.append(
            Candidate(
                participation_id=pk,
                home_municipality_code=home,
                latitude=lat,
                longitude=lon,
                commute_limit_km=limit,
                available_from=available_from,
                ready_from=ready_from,
                qualification_codes=frozenset(codes),
                preferred_service_type_ids=frozenset(preferred.get(pk, ())),
                working_time=working_time,
                course_met_codes=frozenset(codes - evidence),
            )
        )
    return candidates
