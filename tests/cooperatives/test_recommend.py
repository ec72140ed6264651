import pytest

from kooperacja.cooperatives.recommend import recommend_models
from kooperacja.registry.models import OrganisationKind
from kooperacja.territory.selectors import unit_find
from tests.cooperatives import factories
from tests.factories import GRUDZIADZ, OrganisationFactory
from tests.readiness.factories import make_ready, service
from tests.staffing.factories import NeedFactory

pytestmark = pytest.mark.django_db

JANOW = "0605053"
MODLIBORZYCE = "0605063"
BATORZ = "0605012"
CARE = "uslugi-opiekuncze-osob-prawnych"


def _by_code(results) -> dict:
    return {result.model.code: result for result in results}


def _texts(result) -> str:
    return " | ".join(reason.text for reason in result.reasons)


def test_every_published_model_is_ranked_the_same_way_each_time(world):
    unit = unit_find(code=GRUDZIADZ)
    first = [(r.model.code, r.score, _texts(r)) for r in recommend_models(unit, ["addictions"])]
    second = [(r.model.code, r.score, _texts(r)) for r in recommend_models(unit, ["addictions"])]
    assert first == second and len(first) >= 10
    scores = [score for _code, score, _text in first]
    assert scores == sorted(scores, reverse=True)


def test_the_problems_stated_raise_the_models_that_answer_them(world):
    unit = unit_find(code=GRUDZIADZ)
    plain = _by_code(recommend_models(unit))
    stated = _by_code(recommend_models(unit, ["addictions", "food"]))
    catering = stated["trzezwosc-catering"]
    assert catering.score == plain["trzezwosc-catering"].score + 80
    assert "Answers 2 of the 2 problems stated: people with addictions, meals and food." in _texts(catering)
    assert "Answers none of the problems stated." in _texts(stated["opieka-nad-malymi-dziecmi"])
    assert recommend_models(unit, ["addictions", "food"])[0].model.code == "trzezwosc-catering"


def test_a_service_without_a_ready_provider_in_the_unit_ranks_the_model_higher(world):
    unit = unit_find(code=GRUDZIADZ)
    before = _by_code(recommend_models(unit))[CARE]
    assert "No provider in" in _texts(before)
    provider = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE, municipality_id=GRUDZIADZ)
    make_ready(provider=provider, service_type=service("uslugi-opiekuncze"))
    after = _by_code(recommend_models(unit))[CARE]
    assert after.score == before.score - 5  # one gap of four closed
    assert len(after.missing_services) == len(before.missing_services) - 1
    assert "Already delivered in" in _texts(after)
    # Elsewhere nothing changed.
    janow = unit_find(code=JANOW)
    assert "Already delivered in" not in _texts(_by_code(recommend_models(janow))[CARE])


def test_open_staffing_needs_for_the_models_services_count(world):
    unit = unit_find(code=GRUDZIADZ)
    before = _by_code(recommend_models(unit))["trzezwosc-catering"]
    NeedFactory(
        card_version=service("posilki-catering-spoleczny").current_version, municipality_id=GRUDZIADZ, headcount=3
    )
    after = _by_code(recommend_models(unit))["trzezwosc-catering"]
    assert after.score == before.score + 6 and after.open_positions == 3
    assert "3 open positions for its services in the staffing needs of" in _texts(after)


def test_a_model_running_in_the_unit_is_needed_less_and_one_nearby_is_a_partner(world):
    factories.franchisee(world.org_b, JANOW, state="active")
    janow = _by_code(recommend_models(unit_find(code=JANOW)))[CARE]
    neighbour = _by_code(recommend_models(unit_find(code=MODLIBORZYCE)))[CARE]
    plain = _by_code(recommend_models(unit_find(code=GRUDZIADZ)))[CARE]
    assert "Already runs in" in _texts(janow) and "less need" in _texts(janow)
    assert "Runs nearby in" in _texts(neighbour) and "Janów Lubelski" in _texts(neighbour)
    assert "Runs nearby" not in _texts(plain) and "Already runs" not in _texts(plain)
    # An ended franchise no longer counts.
    ended = factories.franchisee(world.org_a, MODLIBORZYCE, state="ended")
    assert ended.state == "ended"
    assert "Already runs" not in _texts(_by_code(recommend_models(unit_find(code=MODLIBORZYCE)))[CARE])


def test_a_high_start_up_capital_weighs_against_a_small_municipality(world):
    batorz = unit_find(code=BATORZ)
    assert batorz.population is not None and batorz.population < 10_000
    transport = _by_code(recommend_models(batorz))["transport-dostepny"]
    assert "is high for a municipality of" in _texts(transport)
    assert "is high for" not in _texts(_by_code(recommend_models(unit_find(code=GRUDZIADZ)))["transport-dostepny"])


def test_a_county_is_recommended_for_too(world):
    results = recommend_models(unit_find(code="0605"), ["environment"])
    assert results[0].model.code == "zielen-i-srodowisko"


def test_a_ready_provider_of_the_only_service_moves_the_model_down_the_ranking(world):
    unit = unit_find(code=GRUDZIADZ)

    def place() -> int:
        return [r.model.code for r in recommend_models(unit)].index("trzezwosc-catering")

    before = place()
    provider = OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE, municipality_id=GRUDZIADZ)
    make_ready(provider=provider, service_type=service("posilki-catering-spoleczny"))
    assert place() > before
