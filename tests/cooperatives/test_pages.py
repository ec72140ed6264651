import pytest
from django.urls import reverse

from kooperacja.cooperatives.models import CooperativeModel, Franchisee, ModelStatus
from tests.cooperatives import factories

pytestmark = pytest.mark.django_db

JANOW = "0605053"
CARE = "uslugi-opiekuncze-osob-prawnych"


def test_the_list_filters_and_searches(world, client_for):
    client = client_for("social_worker")
    page = client.get(reverse("cooperatives:model-list")).content.decode()
    assert "Social cooperative for green spaces and environmental services" in page
    filtered = client.get(reverse("cooperatives:model-list"), {"target_group": "addictions"}).content.decode()
    assert "recovering from addiction" in filtered and "childcare under three" not in filtered
    found = client.get(reverse("cooperatives:model-list"), {"q": "zielen"}).content.decode()
    assert "green spaces" in found and "New model" not in found


def test_the_polish_interface_shows_the_polish_names(world, client_for, polish):
    page = client_for("social_worker").get(reverse("cooperatives:model-list")).content.decode()
    assert "Spółdzielnia socjalna utrzymania zieleni i ochrony środowiska" in page


def test_the_detail_shows_the_model_its_franchise_and_help(world, client_for):
    factories.with_franchisor(world.org_a)
    factories.franchisee(world.org_b, JANOW, state="active")
    page = client_for("social_worker").get(reverse("cooperatives:model-detail", args=[CARE])).content.decode()
    assert world.org_a.name in page and world.org_b.name in page and "Janów Lubelski" in page
    assert "Wzór statutu spółdzielni socjalnej" in page
    assert "Record a franchisee" not in page and "Edit the model" not in page
    manager = client_for("pes_manager").get(reverse("cooperatives:model-detail", args=[CARE])).content.decode()
    assert "Record a franchisee" in manager and "Edit the model" not in manager


def test_the_editor_creates_edits_publishes_and_withdraws(world, client_for):
    client = client_for("catalogue_editor")
    data = {
        "code": "nowy-model",
        "name": "Nowy model",
        "summary": "S.",
        "social_problem": "P.",
        "target_groups": ["homeless"],
        "service_areas": ["housing"],
        "founders": "legal_persons",
        "legal_founder_kinds": [],
        "documents": "statute | Statut | Wzór.\nnonsense",
    }
    response = client.post(reverse("cooperatives:model-create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2: write kind | title | description" in page
    data["documents"] = "statute | Statut | Wzór."
    page = client.post(reverse("cooperatives:model-create"), data).content.decode()
    assert "A cooperative of legal persons needs at least one kind of legal person founding it." in page
    data["legal_founder_kinds"] = ["ngo"]
    response = client.post(reverse("cooperatives:model-create"), data)
    assert response.status_code == 302
    model = CooperativeModel.objects.get(code="nowy-model")
    assert model.status == ModelStatus.DRAFT and model.documents.get().title == "Statut"
    edit = {**data, "name": "Nowy model 2", "version": model.version}
    edit.pop("code")
    assert client.post(reverse("cooperatives:model-edit", args=["nowy-model"]), edit).status_code == 302
    stale = client.post(reverse("cooperatives:model-edit", args=["nowy-model"]), edit).content.decode()
    assert "Someone else changed this model" in stale
    client.post(reverse("cooperatives:model-publish", args=["nowy-model"]))
    client.post(reverse("cooperatives:model-withdraw", args=["nowy-model"]), {"note": "Zdublowany."})
    model.refresh_from_db()
    assert model.name == "Nowy model 2" and model.status == ModelStatus.WITHDRAWN


def test_others_cannot_edit(world, client_for):
    for persona in ("coordinator", "pes_manager", "owes_advisor"):
        client = client_for(persona)
        assert client.get(reverse("cooperatives:model-edit", args=[CARE])).status_code == 403
        assert client.post(reverse("cooperatives:model-withdraw", args=[CARE]), {"note": "x"}).status_code == 403
    assert CooperativeModel.objects.get(code=CARE).status == ModelStatus.PUBLISHED


def test_the_franchisors_manager_records_a_franchisee_and_others_get_404(world, client_for):
    factories.with_franchisor(world.org_a)
    url = reverse("cooperatives:franchisee-create", args=[CARE])
    assert client_for("member_b").get(url).status_code == 404  # not its model's franchisor
    client = client_for("pes_manager")
    response = client.post(url, {"organisation": world.org_b.pk, "unit": JANOW, "note": "Rozmowy."})
    assert response.status_code == 302
    record = Franchisee.objects.get(organisation=world.org_b)
    kwargs = {"code": CARE, "public_id": record.public_id}
    # The franchisee itself does not move its own record.
    assert client_for("member_b").post(reverse("cooperatives:franchisee-activate", kwargs=kwargs)).status_code == 404
    client.post(reverse("cooperatives:franchisee-activate", kwargs=kwargs), {"on": "2026-01-15"})
    record.refresh_from_db()
    assert record.state == "active" and str(record.since) == "2026-01-15"
    page = client_for("coordinator").get(reverse("cooperatives:franchisee-detail", kwargs=kwargs)).content.decode()
    assert world.org_b.name in page and "History" not in page
    client.post(reverse("cooperatives:franchisee-end", kwargs=kwargs), {"on": "2026-01-10"})
    record.refresh_from_db()
    assert record.state == "active"  # ended before it started: refused


def test_the_replication_map_groups_by_voivodeship_and_municipality(world, client_for):
    factories.franchisee(world.org_b, JANOW, state="active")
    factories.franchisee(world.org_a, "0605063")
    factories.franchisee(world.org_a, "0462011", code="zielen-i-srodowisko")
    factories.franchisee(world.org_b, "0462011", code="zielen-i-srodowisko", state="ended")
    page = client_for("analyst").get(reverse("cooperatives:replication-map")).content.decode()
    assert "LUBELSKIE" in page.upper() and "KUJAWSKO-POMORSKIE" in page.upper()
    assert "Janów Lubelski" in page and "Modliborzyce" in page and "Grudziądz" in page
    only_lublin = client_for("analyst").get(reverse("cooperatives:replication-map"), {"voivodeship": "06"})
    assert "Grudziądz" not in only_lublin.content.decode()


def test_the_recommendation_page(world, client_for):
    client = client_for("coordinator")
    page = client.get(reverse("cooperatives:recommend")).content.decode()
    assert "Problems to answer" in page
    page = client.get(reverse("cooperatives:recommend"), {"unit": "0605", "problem": ["prison_leavers"]}).content
    text = page.decode()
    assert "Answers 1 of the 1 problems stated" in text and "(+40)" in text
    wrong = client.get(reverse("cooperatives:recommend"), {"unit": "06"}).content.decode()
    assert "Choose a municipality or a county, not a voivodeship." in wrong
