"""How a card's qualification is met: the card's CIS/KIS course, a document only, or either."""

import hashlib
import importlib
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from kooperacja.catalogue import services
from kooperacja.catalogue.data import CARDS
from kooperacja.catalogue.models import MetBy, Qualification, ServiceType
from tests.catalogue.helpers import CARE, card_post_data, current_card

pytestmark = pytest.mark.django_db

fill = importlib.import_module("kooperacja.catalogue.migrations.0003_qualification_met_by_from_cards").fill


def _met_by(card_code: str) -> dict[str, str]:
    return {q.code: q.met_by for q in current_card(card_code).qualifications.all()}


def test_it_ships_how_each_qualification_is_met_as_the_card_text_says():
    care = _met_by(CARE)
    assert care["UO-1"] == MetBy.COURSE_OR_EVIDENCE  # «… — lub ukończony kurs przygotowawczy z tej karty»
    assert care["UO-2"] == MetBy.EVIDENCE  # a first-aid certificate is its own evidence
    specialist = _met_by("specjalistyczne-uslugi-opiekuncze")
    assert set(specialist.values()) == {MetBy.EVIDENCE}  # SUO-1 needs a profession; the course only prepares
    assert _met_by("uslugi-sasiedzkie")["US-3"] == MetBy.COURSE
    for card in CARDS:
        for row in card["qualifications"]:
            assert row["met_by"] in MetBy.values
            if (
                "kurs przygotowawczy z tej karty" in row["requirement"].lower()
                and "przygotowuje" not in row["requirement"]
            ):
                assert row["met_by"] != MetBy.EVIDENCE, row["code"]


def test_it_shows_how_a_qualification_is_met_on_the_card_page(client, polish):
    response = client.get(reverse("catalogue:detail", args=[CARE]))
    page = response.content.decode()
    assert "Sposób spełnienia" in page
    assert "kurs CIS/KIS z tej karty albo dokument" in page
    assert "wyłącznie dokument" in page


def test_it_gives_met_by_in_the_api(client):
    body = client.get(f"/api/v1/catalogue/services/{CARE}").json()
    assert {q["code"]: q["met_by"] for q in body["qualifications"]}["UO-1"] == "course_or_evidence"


def test_it_publishes_a_changed_way_of_meeting_as_a_new_version_and_compares_it(client_for):
    client = client_for("catalogue_editor")
    old = current_card()
    data = card_post_data(change_note="UO-2 także kursem.")
    index = next(i for i, q in enumerate(old.qualifications.all()) if q.code == "UO-2")
    data[f"qualifications-{index}-met_by"] = "course_or_evidence"
    assert client.post(reverse("catalogue:edit", args=[CARE]), data).status_code == 302
    assert _met_by(CARE)["UO-2"] == MetBy.COURSE_OR_EVIDENCE
    assert {q.code: q.met_by for q in old.qualifications.all()}["UO-2"] == MetBy.EVIDENCE  # the old one is kept
    compare = client.get(reverse("catalogue:compare", args=[CARE])).content.decode()
    assert "met by: the card&#x27;s course or a document" in compare


def test_it_refuses_an_unknown_way_of_meeting():
    card = services.card_data(current_card())
    card["qualifications"][0]["met_by"] = "rumour"
    with pytest.raises(ValidationError) as caught:
        services.validate_card(card)
    assert "qualifications.0.met_by" in caught.value.message_dict


def test_the_migration_fills_existing_versions_from_the_data_and_keeps_the_cards_unchanged(db):
    Qualification.objects.filter(version__service_type__code=CARE).update(met_by=MetBy.EVIDENCE)
    service = ServiceType.objects.get(code=CARE)
    card = next(card for card in CARDS if card["code"] == CARE)
    new_hash = services.card_fingerprint(card)
    assert service.source_hash == new_hash
    old = services.normalise_card(card)
    old["qualifications"] = [{k: v for k, v in row.items() if k != "met_by"} for row in old["qualifications"]]
    old_hash = hashlib.sha256(
        json.dumps(old, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ).hexdigest()
    ServiceType.objects.filter(pk=service.pk).update(source_hash=old_hash)

    fill(apps, None)

    assert _met_by(CARE)["UO-1"] == MetBy.COURSE_OR_EVIDENCE
    service.refresh_from_db()
    assert service.source_hash == new_hash
    assert services.catalogue_load()["updated"] == 0
