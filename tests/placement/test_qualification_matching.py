"""Matching meets a required code by a qualification held with evidence or, where the card says a course
completion meets it, by the card's completed CIS/KIS course — and says which a missing code needs."""

from datetime import date

import pytest

from kooperacja.demo.builders import service_card
from kooperacja.placement.models import Proposal, Unmatched
from kooperacja.placement.problem import openings_of
from kooperacja.placement.views import unmatched_detail_text
from kooperacja.staffing.models import StaffingNeed
from kooperacja.training.models import CourseCompletion
from kooperacja.training.selectors import matching_candidates
from tests.placement import factories
from tests.placement.test_runs import start_and_run


@pytest.fixture
def card(db):
    """EV is met only by a document, CO by the card's course or a document."""
    return service_card(
        code="usluga-kursowa",
        qualifications=(("EV", "Dyplom", True, "evidence"), ("CO", "Opiekun", True, "course_or_evidence")),
        modules=False,
    )


@pytest.fixture
def start(world, django_capture_on_commit_callbacks):
    return lambda: start_and_run(world.user("coordinator"), "04", capture=django_capture_on_commit_callbacks)


def _graduate(world, card, **kwargs):
    participation = factories.participant(organisation=world.org_a, **kwargs)
    CourseCompletion.objects.create(
        participation=participation, card_version=card, variant="cis", completed_on=date(2025, 5, 1)
    )
    return participation


def test_a_completed_course_meets_only_the_codes_the_card_says_it_meets(world, card):
    graduate = _graduate(world, card)
    diploma = factories.participant(organisation=world.org_a, codes=("EV",))
    candidates = {
        c.participation_id: c for c in matching_candidates(territory_code="04", latest_start=date(2030, 1, 1))
    }
    assert candidates[graduate.pk].qualification_codes == frozenset({"CO"})
    assert candidates[graduate.pk].course_met_codes == frozenset({"CO"})
    assert candidates[diploma.pk].qualification_codes == frozenset({"EV"})
    assert candidates[diploma.pk].course_met_codes == frozenset()


def test_it_loads_candidates_with_courses_in_a_fixed_number_of_queries(world, card, django_assert_max_num_queries):
    for _ in range(5):
        _graduate(world, card, codes=("EV",))
    with django_assert_max_num_queries(6):
        assert len(matching_candidates(territory_code="0462", latest_start=date(2030, 1, 1))) == 5


def test_a_need_requiring_an_evidence_only_code_is_not_met_by_a_course(world, start, card):
    factories.need(provider=world.org_a, card_version=card, codes=("EV",))
    graduate = _graduate(world, card)
    run = start()
    assert not Proposal.objects.filter(run=run).exists()
    row = Unmatched.objects.get(run=run, participation=graduate)
    assert row.reason == "no_qualified_opening"
    assert row.explanation["most_required_missing"] == ["EV"]
    assert row.explanation["missing_met_by_course"] == []
    assert "EV (a document is needed)" in unmatched_detail_text(row.reason, row.explanation)


def test_a_course_or_evidence_code_is_met_by_the_cards_course(world, start, card):
    need = factories.need(provider=world.org_a, card_version=card, codes=("CO",))
    graduate = _graduate(world, card)
    run = start()
    proposal = Proposal.objects.get(run=run)
    assert (proposal.participation_id, proposal.need_id) == (graduate.pk, need.pk)
    assert proposal.explanation["met_by_course"] == ["CO"]


def test_the_explanation_says_a_course_would_count_for_a_course_code(world, start, card, polish):
    factories.need(provider=world.org_a, card_version=card, codes=("CO",))
    untrained = factories.participant(organisation=world.org_a, codes=())
    run = start()
    row = Unmatched.objects.get(run=run, participation=untrained)
    assert row.explanation["missing_met_by_course"] == ["CO"]
    assert "CO (liczy się ukończony kurs z karty)" in unmatched_detail_text(row.reason, row.explanation)


def test_openings_know_which_required_codes_a_course_meets(world, card):
    factories.need(provider=world.org_a, card_version=card, codes=("EV", "CO"))
    (opening,) = openings_of(StaffingNeed.objects.all())
    assert opening.required_codes == frozenset({"EV", "CO"})
    assert opening.course_codes == frozenset({"CO"})
