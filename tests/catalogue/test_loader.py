import time

import pytest

from kooperacja.catalogue import selectors, services
from kooperacja.catalogue.data import CARDS
from kooperacja.catalogue.models import ProgrammeVariant, ServiceCardVersion, ServiceType

# Services named in the seeds and the common community services the catalogue must cover.
REQUIRED_CODES = {
    "dzienny-dom-senior-plus",
    "zlobek",
    "klub-dzieciecy",
    "dzienny-opiekun",
    "uslugi-opiekuncze",
    "specjalistyczne-uslugi-opiekuncze",
    "suo-zaburzenia-psychiczne",
    "opieka-wytchnieniowa",
    "asystencja-osobista",
    "uslugi-sasiedzkie",
    "posilki-catering-spoleczny",
    "transport-door-to-door",
    "drobne-naprawy-zlota-raczka",
    "pomoc-w-gospodarstwie-domowym",
    "asystent-rodziny",
}

pytestmark = pytest.mark.django_db


def test_it_ships_at_least_15_cards_covering_the_seed_services():
    codes = set(ServiceType.objects.values_list("code", flat=True))
    assert len(codes) >= 15
    assert codes >= REQUIRED_CODES


def test_it_gives_every_card_all_its_sections():
    for service_type in selectors.service_type_list():
        card = selectors.service_card_get(code=service_type.code)
        assert card.legal_basis.strip() and card.target_groups.strip() and card.service_standard.strip()
        qualifications = list(card.qualifications.all())
        assert qualifications and all(q.name and q.requirement for q in qualifications)
        for variant in ProgrammeVariant.values:
            modules = card.modules(variant)
            assert modules, f"{card.service_type.code} has no {variant} modules"
            assert all(module.hours > 0 and module.learning_outcomes.strip() for module in modules)
        assert card.minimum_resources.exists(), service_type.code
        assert all(c.description and c.evidence for c in card.readiness_criteria.all())
        assert card.readiness_criteria.exists() and card.indicators.exists()


def test_it_makes_the_cis_course_longer_than_the_kis_course():
    for service_type in selectors.service_type_list():
        card = selectors.service_card_get(code=service_type.code)
        assert card.cis_hours > card.kis_hours, service_type.code


def test_it_gives_the_care_course_the_documented_hours():
    card = selectors.service_card_get(code="uslugi-opiekuncze")
    assert card.cis_hours == 280
    assert card.cis_hours == sum(module.hours for module in card.cis_modules)
    assert "art. 50" in card.legal_basis


def test_it_changes_nothing_when_loaded_again():
    versions_before = ServiceCardVersion.objects.count()
    counts = services.catalogue_load()
    assert counts["created"] == 0 and counts["updated"] == 0
    assert counts["unchanged"] == len(CARDS)
    assert ServiceCardVersion.objects.count() == versions_before


def test_it_publishes_a_new_version_when_the_shipped_content_changes():
    changed = [dict(card) for card in CARDS]
    target = next(card for card in changed if card["code"] == "zlobek")
    target["summary"] = target["summary"] + " Zmieniona treść."
    old = selectors.service_card_get(code="zlobek")

    counts = services.catalogue_load(cards=changed)

    assert counts == {"created": 0, "updated": 1, "unchanged": len(CARDS) - 1}
    new = selectors.service_card_get(code="zlobek")
    assert new.number == old.number + 1
    assert new.summary.endswith("Zmieniona treść.")
    assert new.modules(ProgrammeVariant.CIS) and new.cis_hours == old.cis_hours
    assert ServiceCardVersion.objects.get(pk=old.pk).summary == old.summary
    assert services.catalogue_load(cards=changed)["updated"] == 0


def test_it_creates_a_card_that_is_new_in_the_shipped_data():
    extra = dict(next(card for card in CARDS if card["code"] == "uslugi-opiekuncze"), code="nowa-usluga-testowa")
    counts = services.catalogue_load(cards=[*CARDS, extra])
    assert counts["created"] == 1
    assert selectors.service_card_get(code="nowa-usluga-testowa").number == 1


def test_it_loads_the_whole_catalogue_quickly():
    ServiceType.objects.update(current_version=None)
    ServiceCardVersion.objects.all().delete()
    ServiceType.objects.all().delete()
    started = time.perf_counter()
    counts = services.catalogue_load()
    assert time.perf_counter() - started < 1.0
    assert counts["created"] == len(CARDS)
