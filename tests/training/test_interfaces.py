from datetime import date, timedelta

import pytest
from django.utils import timezone

from kooperacja.training import services
from kooperacja.training.selectors import Candidate, matching_candidates, plan_line_progress
from tests.factories import JANOW_LUBELSKI
from tests.training.factories import (
    enrol,
    make_card,
    make_cohort,
    make_plan_line,
    make_programme,
    participation_data,
    person_data,
)

pytestmark = pytest.mark.django_db


def _ready(staff, organisation, *, consent=True, home=None, codes=()):
    participation = services.participant_enrol(
        actor=staff,
        organisation=organisation,
        person_data=person_data(**({"home_municipality": home} if home else {})),
        participation_data=participation_data(date(2025, 3, 3)),
    )
    services.participation_activate(actor=staff, participation=participation)
    for code in codes:
        services.qualification_gain(
            actor=staff,
            participation=participation,
            code=code,
            issued_on=date(2025, 6, 1),
            certificate_number=f"ZAS/{code}",
            issuer="OKE",
        )
    services.participation_confirm_ready(actor=staff, participation=participation)
    if consent:
        services.consent_record(actor=staff, participation=participation)
    return participation


def test_it_offers_ready_and_soon_trained_consenting_candidates_of_the_territory(world):
    staff = world.user("pzs_staff")
    card = make_card(qualifications=("TST-A", "TST-B"))
    ready = _ready(staff, world.org_a, codes=("TST-A",))
    _ready(staff, world.org_a, consent=False)  # never offered
    janow = _ready(staff, world.org_a, home=JANOW_LUBELSKI)  # outside the territory
    today = timezone.localdate()
    cohort = make_cohort(
        actor=staff,
        programme=make_programme(actor=staff, organisation=world.org_a, card=card),
        start=today - timedelta(days=30),
        end=today + timedelta(days=20),
    )
    late_cohort = make_cohort(
        actor=staff,
        programme=make_programme(actor=staff, organisation=world.org_a),
        start=today,
        end=today + timedelta(days=200),
        name="Późna",
    )
    training = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    services.participation_activate(actor=staff, participation=training)
    services.consent_record(actor=staff, participation=training)
    services.cohort_enrol(actor=staff, cohort=cohort, participation=training)
    services.participation_mark_placed  # noqa: B018 - interface exists
    late = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    services.participation_activate(actor=staff, participation=late)
    services.consent_record(actor=staff, participation=late)
    services.cohort_enrol(actor=staff, cohort=late_cohort, participation=late)
    training.preferred_services.add(card.service_type)

    candidates = {
        c.participation_id: c for c in matching_candidates(territory_code="04", latest_start=today + timedelta(days=60))
    }
    assert set(candidates) == {ready.pk, training.pk}
    assert candidates[ready.pk] == Candidate(
        participation_id=ready.pk,
        home_municipality_code="0462011",
        latitude=ready.person.home_municipality.latitude,
        longitude=ready.person.home_municipality.longitude,
        commute_limit_km=30,
        available_from=None,
        ready_from=today,
        qualification_codes=frozenset({"TST-A"}),
        preferred_service_type_ids=frozenset(),
        working_time="full_time",
    )
    soon = candidates[training.pk]
    assert soon.ready_from == cohort.end_date
    assert soon.qualification_codes == frozenset({"TST-A", "TST-B"})
    assert soon.preferred_service_type_ids == frozenset({card.service_type_id})
    assert [c.participation_id for c in matching_candidates(territory_code="06", latest_start=today)] == [janow.pk]


def test_it_loads_candidates_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    staff = world.user("pzs_staff")
    for _ in range(5):
        _ready(staff, world.org_a, codes=())
    with django_assert_max_num_queries(5):
        assert len(matching_candidates(territory_code="0462", latest_start=date(2030, 1, 1))) == 5


def test_it_counts_in_training_and_ready_per_plan_line(world, django_assert_max_num_queries):
    staff = world.user("pzs_staff")
    card = make_card(qualifications=("TST-A",))
    line = make_plan_line(
        service_type=card.service_type, qualification_code="TST-A", territory="0462", coordinator_org=world.org_a
    )
    other = make_plan_line(
        service_type=card.service_type, qualification_code="TST-Z", territory="0462", coordinator_org=world.org_a
    )
    far = make_plan_line(
        service_type=card.service_type, qualification_code="TST-A", territory="06", coordinator_org=world.org_a
    )
    cohort = make_cohort(actor=staff, programme=make_programme(actor=staff, organisation=world.org_a, card=card))
    services.cohort_link_plan_lines(actor=staff, cohort=cohort, lines=[line, other])
    for _ in range(2):
        participation = enrol(actor=staff, organisation=world.org_a)
        services.cohort_enrol(actor=staff, cohort=cohort, participation=participation)
    ready_in_cohort = enrol(actor=staff, organisation=world.org_a)
    services.cohort_enrol(actor=staff, cohort=cohort, participation=ready_in_cohort)
    services.participation_activate(actor=staff, participation=ready_in_cohort)
    services.qualification_gain(
        actor=staff,
        participation=ready_in_cohort,
        code="TST-A",
        issued_on=date(2025, 6, 1),
        certificate_number="ZAS/1",
        issuer="OKE",
    )
    services.participation_confirm_ready(actor=staff, participation=ready_in_cohort)
    _ready(staff, world.org_a, codes=("TST-A",))
    _ready(staff, world.org_a, home=JANOW_LUBELSKI, codes=("TST-A",))
    with django_assert_max_num_queries(3):
        progress = plan_line_progress(lines=[line, other, far])
    assert progress[line.pk] == {"in_training": 2, "ready": 2}
    assert progress[other.pk] == {"in_training": 2, "ready": 0}
    assert progress[far.pk] == {"in_training": 0, "ready": 1}
    assert plan_line_progress(lines=[]) == {}
