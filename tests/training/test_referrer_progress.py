"""What training lets a referring institution know of a stay: status, dates, extensions, exit and outcome only."""

from dataclasses import fields
from datetime import timedelta

import pytest
from django.utils import timezone

from kooperacja.training import services
from kooperacja.training.models import ExitOutcome
from kooperacja.training.referrer_selectors import ReferrerProgress, participations_progress_for_referrer
from kooperacja.training.selectors import participation_outcome
from tests.training.factories import enrol

pytestmark = pytest.mark.django_db


def test_it_gives_the_referrer_the_stay_and_its_outcome_and_nothing_else(world, django_assert_num_queries):
    staff = world.user("pzs_staff")
    start = timezone.localdate() - timedelta(days=60)
    participation = enrol(
        actor=staff, organisation=world.org_a, start=start, planned_end_date=start + timedelta(days=200)
    )
    services.participation_exit(actor=staff, participation=participation, reason="withdrew")
    assert participation_outcome(participation) is None
    ExitOutcome.objects.create(participation=participation, kind="employment", organisation_name="Dobra Opieka")
    assert participation_outcome(participation).kind == "employment"

    with django_assert_num_queries(2):
        progress = participations_progress_for_referrer(participation_ids=[participation.pk])[participation.pk]
    assert progress.status == "terminated" and progress.exit_reason == "withdrew" and progress.outcome == "employment"
    assert progress.start_date == start and progress.extensions == 0 and progress.exit_date == timezone.localdate()
    shown = {field.name for field in fields(ReferrerProgress)}
    assert not shown & {"attendance", "disability_degree", "person", "plan_reference", "organisation_name", "note"}
    assert participations_progress_for_referrer(participation_ids=[]) == {}
