from datetime import date

import pytest
from django.utils import formats, translation

from kooperacja.training.forms import TransitionForm
from kooperacja.training.models import ParticipationStatus
from tests.training.factories import enrol

pytestmark = pytest.mark.django_db


def test_it_offers_only_the_moves_the_state_machine_allows_to_this_user(world):
    staff, social_worker = world.user("pzs_staff"), world.user("social_worker")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    assert participation.status == ParticipationStatus.REFERRED
    offered = [value for value, _label in TransitionForm.actions_for(participation, staff)]
    assert offered == ["start_trial", "activate", "exit"]
    participation.status = ParticipationStatus.ACTIVE
    assert "confirm_ready" in [value for value, _label in TransitionForm.actions_for(participation, staff)]
    # Readiness is confirmed by the staff only: the button is not even offered to a social worker.
    assert [value for value, _label in TransitionForm.actions_for(participation, social_worker)] == ["exit"]
    assert TransitionForm.actions_for(participation, world.user("member_b")) == []
    participation.status = ParticipationStatus.READY
    offered = [value for value, _label in TransitionForm.actions_for(participation, staff)]
    assert offered == ["back_to_active", "exit"]
    form = TransitionForm({"action": "start_trial"}, participation=participation, user=staff)
    assert not form.is_valid() and "action" in form.errors


def test_it_refuses_in_the_service_the_move_the_page_does_not_offer(world):
    from django.core.exceptions import PermissionDenied

    from kooperacja.training import services

    participation = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=date(2025, 3, 3))
    services.participation_activate(actor=world.user("social_worker"), participation=participation)
    with pytest.raises(PermissionDenied):
        services.participation_confirm_ready(actor=world.user("social_worker"), participation=participation)
    with pytest.raises(PermissionDenied):
        services.participation_activate(actor=world.user("member_b"), participation=participation)


def test_it_writes_short_dates_the_polish_way():
    with translation.override("pl"):
        assert formats.date_format(date(2026, 11, 25), "SHORT_DATE_FORMAT") == "25.11.2026"
        assert formats.date_format(date(2026, 11, 25), "DATE_FORMAT") == "25 listopada 2026"
