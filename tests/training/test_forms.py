from datetime import date

import pytest
from django.utils import formats, translation

from kooperacja.training.forms import TransitionForm
from kooperacja.training.models import ParticipationStatus
from tests.training.factories import enrol

pytestmark = pytest.mark.django_db


def test_it_offers_only_the_moves_the_state_machine_allows(world):
    participation = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=date(2025, 3, 3))
    assert participation.status == ParticipationStatus.REFERRED
    offered = [value for value, _label in TransitionForm.actions_for(participation)]
    assert offered == ["start_trial", "activate", "exit"]
    participation.status = ParticipationStatus.READY
    offered = [value for value, _label in TransitionForm.actions_for(participation)]
    assert offered == ["back_to_active", "exit"]
    form = TransitionForm({"action": "start_trial"}, participation=participation)
    assert not form.is_valid() and "action" in form.errors


def test_it_writes_short_dates_the_polish_way():
    with translation.override("pl"):
        assert formats.date_format(date(2026, 11, 25), "SHORT_DATE_FORMAT") == "25.11.2026"
        assert formats.date_format(date(2026, 11, 25), "DATE_FORMAT") == "25 listopada 2026"
