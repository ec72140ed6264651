import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.cooperatives import services
from kooperacja.cooperatives.models import FranchiseState, ModelStatus
from kooperacja.cooperatives.selectors import model_list, models_for_choice
from kooperacja.core.errors import ConflictError
from kooperacja.territory.selectors import unit_find
from tests.cooperatives import factories

pytestmark = pytest.mark.django_db

JANOW = "0605053"


def test_the_editor_creates_a_draft_then_publishes_and_withdraws_it(world):
    editor = world.user("catalogue_editor")
    model = services.model_create(actor=editor, code="testowa", data=factories.model_data())
    assert model.status == ModelStatus.DRAFT
    assert "testowa" not in set(models_for_choice().values_list("code", flat=True))
    services.model_publish(actor=editor, model=model)
    assert "testowa" in set(models_for_choice().values_list("code", flat=True))
    with pytest.raises(ValidationError) as caught:
        services.model_withdraw(actor=editor, model=model, note=" ")
    assert "note" in caught.value.message_dict
    services.model_withdraw(actor=editor, model=model, note="Zastąpiony nowym modelem.")
    assert model.status == ModelStatus.WITHDRAWN
    assert [(e.from_state, e.to_state) for e in model.events.order_by("id")] == [
        ("", "draft"),
        ("draft", "published"),
        ("published", "withdrawn"),
    ]
    assert model.events.last().actor == editor


@pytest.mark.parametrize("persona", ["coordinator", "pes_manager", "member_b", "analyst", "owes_advisor"])
def test_only_the_catalogue_editor_or_an_admin_writes_models(world, persona):
    user = world.user(persona)
    with pytest.raises(PermissionDenied):
        services.model_create(actor=user, code="obca", data=factories.model_data())
    model = factories.model()
    with pytest.raises(PermissionDenied):
        services.model_update(actor=user, model=model, data=factories.model_data(), expected_version=model.version)
    with pytest.raises(PermissionDenied):
        services.model_withdraw(actor=user, model=model, note="nie")


def test_a_model_is_checked_field_by_field(world):
    editor = world.user("catalogue_editor")
    data = factories.model_data(
        name="",
        target_groups=[],
        founders="legal_persons",
        legal_founder_kinds=[],
        capital_min=50000,
        capital_max=1000,
        service_types=["nie-ma-takiej"],
    )
    with pytest.raises(ValidationError) as caught:
        services.model_create(actor=editor, code="new", data=data)
    errors = caught.value.message_dict
    assert {"code", "name", "target_groups", "legal_founder_kinds", "capital_max", "service_types"} <= set(errors)
    assert errors["code"] == ["This code is reserved; choose another."]


def test_a_stale_edit_is_refused_and_an_edited_model_leaves_the_shipped_catalogue(world):
    editor = world.user("catalogue_editor")
    model = factories.model()
    version = model.version
    services.model_update(
        actor=editor, model=model, data=factories.model_data(name="Nowa nazwa"), expected_version=version
    )
    model.refresh_from_db()
    assert model.name == "Nowa nazwa" and model.source_hash == "" and model.version == version + 1
    assert list(model.documents.values_list("title", flat=True)) == ["Statut"]
    with pytest.raises(ConflictError):
        services.model_update(actor=editor, model=model, data=factories.model_data(), expected_version=version)


def test_the_filters_find_models_by_group_area_founders_and_words(world):
    codes = lambda **kw: set(model_list(user=world.user("coordinator"), **kw).values_list("code", flat=True))  # noqa: E731
    assert "reintegracja-osob-po-wiezieniu" in codes(target_group="prison_leavers")
    assert "trzezwosc-catering" not in codes(target_group="prison_leavers")
    assert "zielen-i-srodowisko" in codes(service_area="environment")
    assert codes(legal_founder="church") <= codes(founders="legal_persons")
    assert "dzienne-wsparcie-seniorow" in codes(legal_founder="church")
    assert codes(q="zielen") == codes(q="ZIELEŃ") == {"zielen-i-srodowisko"}
    assert "opieka-nad-malymi-dziecmi" in codes(service_type="zlobek")


def test_drafts_are_seen_by_the_editor_only(world):
    services.model_create(actor=None, code="szkic", data=factories.model_data())
    assert model_list(user=world.user("coordinator")).filter(code="szkic").count() == 0
    assert model_list(user=world.user("catalogue_editor")).filter(code="szkic").count() == 1


def test_a_franchise_moves_from_negotiating_to_active_to_ended(world):
    factories.with_franchisor(world.org_a)
    manager = world.user("pes_manager")  # a manager of the franchisor
    record = services.franchisee_add(
        actor=manager, model=factories.model(), organisation=world.org_b, unit=unit_find(code=JANOW)
    )
    assert record.state == FranchiseState.NEGOTIATING
    services.franchisee_activate(actor=manager, franchisee=record)
    assert record.state == FranchiseState.ACTIVE and record.since is not None
    services.franchisee_end(actor=manager, franchisee=record, note="Koniec umowy.")
    assert record.state == FranchiseState.ENDED and record.until is not None
    with pytest.raises(ValidationError):
        services.franchisee_activate(actor=manager, franchisee=record)
    assert [e.to_state for e in record.events.order_by("id")] == ["negotiating", "active", "ended"]
    # Ended, the same organisation may negotiate again in the same municipality.
    services.franchisee_add(actor=manager, model=factories.model(), organisation=world.org_b, unit=record.unit)


def test_the_franchisee_itself_and_strangers_do_not_record_a_franchise(world):
    factories.with_franchisor(world.org_a)
    model = factories.model()
    janow = unit_find(code=JANOW)
    # member_b manages org B: it may not record itself, nor anything for org A's model.
    with pytest.raises(PermissionDenied):
        services.franchisee_add(actor=world.user("member_b"), model=model, organisation=world.org_b, unit=janow)
    for persona in ("coordinator", "social_worker", "owes_advisor"):
        with pytest.raises(PermissionDenied):
            services.franchisee_add(actor=world.user(persona), model=model, organisation=world.org_b, unit=janow)
    record = factories.franchisee(world.org_b, JANOW)
    with pytest.raises(PermissionDenied):
        services.franchisee_activate(actor=world.user("member_b"), franchisee=record)
    # The catalogue editor records for any model.
    services.franchisee_activate(actor=world.user("catalogue_editor"), franchisee=record)


def test_a_franchise_is_checked(world):
    factories.with_franchisor(world.org_a)
    editor = world.user("catalogue_editor")
    model = factories.model()
    with pytest.raises(ValidationError) as caught:
        services.franchisee_add(actor=editor, model=model, organisation=world.org_a, unit=unit_find(code="06"))
    assert {"organisation", "unit"} <= set(caught.value.message_dict)
    factories.franchisee(world.org_b, JANOW)
    with pytest.raises(ValidationError) as caught:
        services.franchisee_add(actor=editor, model=model, organisation=world.org_b, unit=unit_find(code=JANOW))
    assert "organisation" in caught.value.message_dict


def test_a_stale_franchise_edit_is_refused(world):
    record = factories.franchisee(world.org_b, JANOW)
    editor = world.user("catalogue_editor")
    services.franchisee_update(
        actor=editor, franchisee=record, since=None, until=None, note="Rozmowy.", expected_version=record.version
    )
    with pytest.raises(ConflictError):
        services.franchisee_update(
            actor=editor, franchisee=record, since=None, until=None, note="x", expected_version=1
        )
