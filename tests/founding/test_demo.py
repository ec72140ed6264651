"""The demo's founding story, built through the services: one launch founding, one operating."""

import pytest

from kooperacja.demo.loader import demo_load
from kooperacja.founding.models import FoundingGroup, GroupState, PlanState
from kooperacja.launches.models import LaunchState
from kooperacja.registry.models import OrganisationKind

pytestmark = pytest.mark.django_db


def test_it_shows_a_launch_founding_and_one_operating_idempotently():
    demo_load()
    demo_load()
    groups = {group.launch.state: group for group in FoundingGroup.objects.select_related("launch", "organisation")}
    assert set(groups) >= {LaunchState.FOUNDING, LaunchState.OPERATING}
    founding = groups[LaunchState.FOUNDING]
    assert founding.state == GroupState.REGISTERING and founding.cooperative_model is not None
    assert founding.plan.state == PlanState.COMMENTED and founding.plan.comments.count() == 2
    assert founding.steps.count() == 2 and founding.members.count() == 5
    operating = groups[LaunchState.OPERATING]
    assert operating.state == GroupState.REGISTERED and operating.plan.state == PlanState.FINAL
    cooperative = operating.organisation
    assert cooperative.kind == OrganisationKind.SOCIAL_COOPERATIVE and cooperative.krs == "0000987654"
    assert operating.launch.organisation == cooperative
    assert operating.members.filter(left_on__isnull=False).count() == 1
