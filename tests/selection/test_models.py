"""The state machine, the entries' codes and the logging of names shown."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.selection import selectors, services
from kooperacja.selection.models import SELECTION_MACHINE, State
from tests.selection import factories


def test_the_machine_allows_only_the_stated_moves():
    assert SELECTION_MACHINE.allowed(State.DRAFT) == {State.PUBLISHED, State.CANCELLED}
    assert SELECTION_MACHINE.allowed(State.RANKED) == {State.CONFIRMED, State.SCORING, State.CANCELLED}
    assert SELECTION_MACHINE.allowed(State.CONFIRMED) == frozenset()
    assert SELECTION_MACHINE.allowed(State.CANCELLED) == frozenset()
    with pytest.raises(ValidationError):
        SELECTION_MACHINE.check(State.DRAFT, State.RANKED)


@pytest.mark.django_db
def test_entries_are_numbered_once_and_close_when_scoring_starts(world):
    selection = factories.draft(world)
    made = factories.with_entries(selection, 2)
    assert [entry.code for entry, _code in made] == ["K-001", "K-002"]
    with pytest.raises(ValidationError) as error:
        services.entry_add(selection=selection, subject_key="c1", label="Again", submitted_at=timezone.now())
    assert "subject_key" in error.value.message_dict
    manager = world.user("pzs_staff")
    services.selection_publish(actor=manager, selection=selection, version=selection.version)
    services.assessor_add(actor=manager, selection=selection, user=world.user("social_worker"))
    services.selection_start_scoring(actor=manager, selection=selection, version=selection.version)
    with pytest.raises(ValidationError) as error:
        services.entry_add(selection=selection, subject_key="late", label="Late", submitted_at=timezone.now())
    assert "state" in error.value.message_dict


@pytest.mark.django_db
def test_criteria_and_terms_are_validated(world):
    manager = world.user("pzs_staff")
    selection = factories.draft(world, criteria=())
    with pytest.raises(ValidationError) as error:
        services.criterion_add(actor=manager, selection=selection, name="", description="", weight=0, max_points=0)
    assert set(error.value.message_dict) == {"name", "weight", "max_points"}
    with pytest.raises(ValidationError) as error:
        services.selection_create(
            actor=manager,
            kind="nobody-registered-this",
            owner=world.org_a,
            subject_key="x",
            title="",
            places=0,
            tie_rule="coin",
            appeal_days=100,
        )
    assert set(error.value.message_dict) == {"kind", "title", "places", "tie_rule", "appeal_days"}


@pytest.mark.django_db
def test_names_shown_are_logged_codes_are_not(world):
    selection = factories.draft(world)
    entries = [entry for entry, _code in factories.with_entries(selection, 2)]
    labels = selectors.entry_labels(entries, world.user("social_worker"))
    assert labels == {entries[0].pk: "K-001", entries[1].pk: "K-002"}
    assert not PersonalDataAccess.objects.exists()
    selectors.entry_labels(entries, world.user("pzs_staff"))
    assert PersonalDataAccess.objects.filter(actor=world.user("pzs_staff")).count() == 2


@pytest.mark.django_db
def test_cancel_needs_a_reason_and_ends_the_selection(world):
    manager = world.user("pzs_staff")
    selection = factories.draft(world)
    with pytest.raises(ValidationError):
        services.selection_cancel(actor=manager, selection=selection, version=selection.version, reason=" ")
    services.selection_cancel(actor=manager, selection=selection, version=selection.version, reason="Brak środków")
    assert selection.state == State.CANCELLED
    assert selection.events.last().note == "Brak środków"
    assert selectors.selected_entries(selection) == []


@pytest.mark.django_db
def test_the_overview_renders_in_polish(world, client_for, polish):
    selection = factories.draft(world)
    factories.with_entries(selection, 1, start=timezone.now() - timedelta(hours=1))
    page = client_for("pzs_staff").get(f"/selections/{selection.public_id}/").content.decode()
    assert '<html lang="pl">' in page and "Doświadczenie" in page
