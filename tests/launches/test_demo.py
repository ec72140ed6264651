"""The demo region shows a launch in every state up to the selection, and the cancelled one; it loads twice the same."""

import pytest

from kooperacja.demo.launches import SELECTION_LAUNCH
from kooperacja.demo.loader import demo_load
from kooperacja.launches.models import Application, Launch, LaunchPartner, SessionResult
from kooperacja.selection.models import Selection

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_launch_in_each_state_built_by_the_services():
    demo_load()
    assert set(Launch.objects.values_list("state", flat=True)) >= {
        "draft",
        "announced",
        "recruiting",
        "training",
        "selection",
        "cancelled",
    }
    assert set(LaunchPartner.objects.values_list("state", flat=True)) == {"invited", "committed", "declined"}
    assert Application.objects.filter(participation__isnull=False).exists()
    assert SessionResult.objects.filter(result="passed").exists()
    launch = Launch.objects.get(public_id=SELECTION_LAUNCH)
    assert launch.state == "selection" and launch.agreement_id is not None
    selection = Selection.objects.get(subject_key=launch.subject_key)
    assert selection.state == "ranked" and selection.rankings.exists()
    counts = (Launch.objects.count(), Application.objects.count(), SessionResult.objects.count())
    demo_load()
    assert (Launch.objects.count(), Application.objects.count(), SessionResult.objects.count()) == counts
