"""The selection of the founding group through ``selection``: the launch host, the confirmation moving the launch to
founding, the hooks of the apps above and the confirmed applications in rank order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kooperacja.launches import hooks, selectors, services
from kooperacja.launches.host import entry_label, may_manage, may_view
from kooperacja.launches.models import Application, LaunchState
from kooperacja.selection import services as selection_services
from kooperacja.selection.models import Selection
from tests.factories import OrganisationFactory
from tests.launches.factories import coordinator, ranked_launch

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook():
    called = []

    def remember(launch):
        called.append(launch.pk)

    hooks.FOUNDING_GROUP_CONFIRMED.append(remember)
    yield called
    hooks.FOUNDING_GROUP_CONFIRMED.remove(remember)


def test_confirming_the_selection_moves_the_launch_to_founding_and_calls_the_hooks(world, hook):
    launch, selection, made = ranked_launch(world)
    Selection.objects.filter(pk=selection.pk).update(appeal_deadline=timezone.now() - timedelta(minutes=1))
    selection.refresh_from_db()
    selection_services.selection_confirm(actor=coordinator(world), selection=selection, version=selection.version)
    launch.refresh_from_db()
    assert launch.state == LaunchState.FOUNDING
    assert hook == [launch.pk]
    confirmed = selectors.confirmed_applications(launch)
    # Totals: 2×8+3=19, 2×9+5=23, 2×4+1=9; all three within 5 places, in rank order.
    assert [application.first_name for application in confirmed] == ["Osoba1", "Osoba0", "Osoba2"]
    assert [application.rank for application in confirmed] == [1, 2, 3]


def test_the_launch_becomes_operating_with_the_registered_organisation(world):
    launch, selection, _made = ranked_launch(world)
    Selection.objects.filter(pk=selection.pk).update(appeal_deadline=timezone.now() - timedelta(minutes=1))
    selection.refresh_from_db()
    selection_services.selection_confirm(actor=coordinator(world), selection=selection, version=selection.version)
    launch.refresh_from_db()
    cooperative = OrganisationFactory(name="Spółdzielnia Socjalna Wytchnienie", kind="social_cooperative")
    services.launch_mark_operating(actor=coordinator(world), launch=launch, organisation=cooperative)
    launch.refresh_from_db()
    assert launch.state == LaunchState.OPERATING and launch.organisation == cooperative


def test_confirming_before_the_appeal_deadline_is_refused_and_the_launch_stays(world, hook):
    launch, selection, _made = ranked_launch(world)
    with pytest.raises(Exception):  # noqa: B017 - selection's ValidationError; the launch is what matters here
        selection_services.selection_confirm(actor=coordinator(world), selection=selection, version=selection.version)
    launch.refresh_from_db()
    assert launch.state == LaunchState.SELECTION and hook == []
    assert not Application.objects.filter(state="selected").exists()


def test_the_host_names_entries_for_the_owner_and_shows_codes_to_others(world):
    launch, selection, made = ranked_launch(world)
    entry = selection.entries.get(code=made[0][0].entry_code)
    assert may_manage(coordinator(world), selection)
    assert not may_manage(world.user("pzs_staff"), selection)
    assert may_view(world.user("pzs_staff"), selection)  # a committed partner
    assert not may_view(world.user("member_b"), selection)
    assert entry_label(entry, coordinator(world)) == entry.label
    assert entry_label(entry, world.user("pzs_staff")) == entry.code  # a direct applicant, not put forward by the CIS
