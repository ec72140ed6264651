import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kooperacja.cooperatives.loading import DATA_FILE, check_shipped, models_load, shipped_models
from kooperacja.cooperatives.models import CooperativeModel, FoundersKind, LegalFounderKind, ModelStatus, TargetGroup
from kooperacja.cooperatives.selectors import models_for_choice

pytestmark = pytest.mark.django_db


def test_the_shipped_file_says_it_is_written_from_the_seed_not_copied():
    about = json.loads(DATA_FILE.read_text(encoding="utf-8"))["_about"]
    assert "003" in about and "NIE są skopiowane" in about


def test_the_shipped_file_is_valid():
    check_shipped()


def test_loading_yields_at_least_ten_published_models_of_both_founders_kinds():
    published = list(models_for_choice())
    assert len(published) >= 10
    assert {model.founders for model in published} == set(FoundersKind.values)
    legal = {kind for model in published for kind in model.legal_founder_kinds}
    assert {LegalFounderKind.MUNICIPALITY, LegalFounderKind.NGO, LegalFounderKind.CHURCH} <= legal
    groups = {group for model in published for group in model.target_groups}
    # The seed's groups: addiction, disability, former prisoners.
    assert {TargetGroup.ADDICTIONS, TargetGroup.DISABILITIES, TargetGroup.PRISON_LEAVERS} <= groups
    areas = {area for model in published for area in model.service_areas}
    assert {"health", "care", "environment"} <= areas
    for model in published:
        assert model.documents.count() >= 3
        assert model.events.filter(to_state=ModelStatus.PUBLISHED).exists()


def test_models_deliver_catalogue_services_that_exist():
    model = CooperativeModel.objects.get(code="uslugi-opiekuncze-osob-prawnych")
    assert "uslugi-opiekuncze" in set(model.service_types.values_list("code", flat=True))


def test_loading_again_changes_nothing(capsys):
    before = list(CooperativeModel.objects.order_by("code").values_list("code", "version", "source_hash"))
    counts = models_load()
    assert counts["created"] == 0 and counts["updated"] == 0
    assert counts["unchanged"] == len(shipped_models())
    call_command("load_cooperative_models")
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert list(CooperativeModel.objects.order_by("code").values_list("code", "version", "source_hash")) == before


def test_a_changed_shipped_model_is_updated_and_an_edited_one_kept():
    entries = shipped_models()
    entries[0] = {**entries[0], "summary": "Nowe streszczenie."}
    edited = CooperativeModel.objects.get(code=entries[1]["code"])
    edited.source_hash = ""
    edited.summary = "Tekst redaktora."
    edited.save()
    entries[1] = {**entries[1], "summary": "Zmiana w pliku."}
    counts = models_load(models=entries)
    assert counts["updated"] == 1 and counts["kept"] == 1
    assert CooperativeModel.objects.get(code=entries[0]["code"]).summary == "Nowe streszczenie."
    assert CooperativeModel.objects.get(code=entries[1]["code"]).summary == "Tekst redaktora."


def test_a_bad_entry_is_refused_with_field_errors():
    entry = {**shipped_models()[0], "code": "zly", "target_groups": ["martians"], "service_types": ["nie-ma"]}
    with pytest.raises(ValidationError) as caught:
        models_load(models=[entry])
    assert {"target_groups", "service_types"} <= set(caught.value.message_dict)
