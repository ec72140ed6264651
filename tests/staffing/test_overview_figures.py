"""The overview's figures computed in the background: stored per territory, shown with their time."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from kooperacja.core.jobs import JobStatus
from kooperacja.staffing import selectors
from kooperacja.staffing.models import Overview
from kooperacja.staffing.services.overview import overview_refresh_process, overview_refresh_queue
from kooperacja.territory.models import Level, Unit
from tests.costs import queries_for
from tests.staffing.factories import NeedFactory


def _live(code: str) -> list[tuple]:
    rows = selectors.territory_overview(territory=Unit.objects.get(code=code))
    return [(row.name, row.open_positions, row.in_training, row.ready, row.placed) for row in rows]


def test_it_stores_the_figures_the_page_would_count(world, django_capture_on_commit_callbacks):
    NeedFactory(headcount=5)
    NeedFactory(headcount=3, municipality_id="0663011")
    with django_capture_on_commit_callbacks(execute=True):
        overview = overview_refresh_queue(territory=Unit.objects.get(code="04"))
    overview.refresh_from_db()
    assert overview.status == JobStatus.DONE and overview.finished_at is not None
    rows, figures_at = selectors.territory_overview_shown(territory=Unit.objects.get(code="04"))
    assert figures_at == overview.finished_at
    assert [(row.name, row.open_positions, row.in_training, row.ready, row.placed) for row in rows] == _live("04")
    assert [row.open_positions for row in rows] == [5]


def test_it_shows_stored_figures_with_their_time_and_counts_live_without_them(
    world, client_for, django_capture_on_commit_callbacks, settings
):
    client = client_for("analyst")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    NeedFactory(headcount=5)
    url = reverse("staffing:index") + "?territory=04"
    live = client.get(url).content.decode()
    assert "Figures as of" not in live and ">5</a></td>" in live
    with django_capture_on_commit_callbacks(execute=True):
        overview_refresh_queue(territory=Unit.objects.get(code="04"))
    NeedFactory(headcount=7)  # after the figures were computed: shown at the next refresh
    stored = client.get(url).content.decode()
    assert "Figures as of" in stored and ">5</a></td>" in stored
    assert ">12</a></td>" not in stored
    few = queries_for(client, url)
    for _ in range(20):
        NeedFactory(headcount=2)
    assert queries_for(client, url) == few == 7


def test_it_refreshes_every_voivodeship_and_keeps_only_the_newest_figures(world, django_capture_on_commit_callbacks):
    voivodeships = Unit.objects.filter(level=Level.VOIVODESHIP).count()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("refresh_overviews", "--level", "voivodeship", stdout=StringIO())
    assert Overview.objects.filter(status=JobStatus.DONE).count() == voivodeships == 16


def test_it_queues_every_county_too_by_default(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as enqueued:
        call_command("refresh_overviews", stdout=StringIO())
    queued = Overview.objects.filter(status=JobStatus.QUEUED)
    counties = Unit.objects.filter(level=Level.COUNTY).count()
    assert queued.filter(territory__level=Level.COUNTY).count() == counties == 380
    assert queued.filter(territory__level=Level.VOIVODESHIP).count() == 16
    assert len(enqueued) == 396  # one task for the worker each, handed over when the transaction commits


def test_it_queues_one_refresh_per_territory(world):
    territory = Unit.objects.get(code="04")
    first = overview_refresh_queue(territory=territory)
    assert first is not None and first.status == JobStatus.QUEUED
    assert overview_refresh_queue(territory=territory) is None
    assert overview_refresh_process(overview_id=first.pk).status == JobStatus.DONE
    assert overview_refresh_process(overview_id=first.pk) is None  # claimed once only
