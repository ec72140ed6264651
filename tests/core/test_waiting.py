"""What waits for a user: the registry of kinds, the home page that lists them and the navigation's count."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from kooperacja.core import waiting
from tests.admission.factories import issued

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def counted_kind():
    """A kind registered for the test: one item for the coordinator, nothing for anyone else; counts its calls."""
    calls = []

    def provider(user, limit):
        calls.append(limit)
        if user.username != "coordinator":
            return waiting.NOTHING
        items = (waiting.WaitingItem("Plan of Grudziądz", "/staffing/rounds/", due=None),)
        return waiting.Waiting(1, items[:limit])

    kind = waiting.Kind("test.kind", "Things to test", provider, "core:home", order=0)
    waiting.register(kind)
    yield calls
    waiting._KINDS.pop("test.kind")


def test_a_registered_kind_shows_for_whom_it_has_items(world, counted_kind):
    entries = waiting.waiting_for(world.user("coordinator"))
    assert [entry.kind.code for entry in entries][:1] == ["test.kind"]
    assert entries[0].count == 1 and entries[0].items[0].label == "Plan of Grudziądz"
    assert "test.kind" not in {entry.kind.code for entry in waiting.waiting_for(world.user("analyst"))}
    assert waiting.waiting_for(None) == []


def test_a_code_is_registered_once(counted_kind):
    with pytest.raises(ValueError, match="registered already"):
        waiting.register(waiting.Kind("test.kind", "Other", lambda user, limit: waiting.NOTHING, "core:home"))


def test_every_app_registers_its_kinds():
    codes = {kind.code for kind in waiting.kinds()}
    assert {
        "staffing.plans_to_sign",
        "staffing.rounds_to_contribute",
        "placement.proposals",
        "placement.referrals_to_send",
        "placement.referrals_to_answer",
        "placement.follow_ups",
        "admission.incoming",
        "admission.drafts",
        "training.attendance",
        "training.imports_failed",
        "training.outcome_follow_ups",
        "reintegration.programmes_to_sign",
        "benefits.months",
        "reporting.reports_due",
        "notifications.unread",
    } <= codes


def test_an_item_past_its_date_is_overdue():
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    assert waiting.WaitingItem("x", "/", due=today - timedelta(days=1)).overdue
    assert not waiting.WaitingItem("x", "/", due=today).overdue
    assert not waiting.WaitingItem("x", "/").overdue


def test_the_home_page_lists_what_waits_with_a_link_to_all(world, client_for, counted_kind):
    response = client_for("coordinator").get(reverse("core:home"))
    page = response.content.decode()
    assert "Waiting for you" in page
    assert 'data-waiting-kind="test.kind"' in page and "Things to test" in page and "Plan of Grudziądz" in page
    assert 'data-testid="waiting-badge"' in page
    # The section cards stay below.
    assert "Sections" in page


def test_an_overdue_item_says_so_in_words(world, client_for):
    from datetime import timedelta

    from django.utils import timezone

    due = timezone.localdate() - timedelta(days=3)

    def provider(user, limit):
        return waiting.Waiting(1, (waiting.WaitingItem("Late thing", "/", due=due),))

    waiting.register(waiting.Kind("test.late", "Late things", provider, "core:home", order=0))
    try:
        page = client_for("analyst").get(reverse("core:home")).content.decode()
    finally:
        waiting._KINDS.pop("test.late")
    assert "overdue, it was due on" in page


def test_nothing_waiting_says_what_to_do_first(world, client_for):
    page = client_for("no_membership").get(reverse("core:home")).content.decode()
    assert 'data-testid="waiting-empty"' in page and "Nothing waits for you right now." in page


def test_anonymous_users_keep_the_public_home(world, client_for):
    page = client_for("anonymous").get(reverse("core:home")).content.decode()
    assert "Waiting for you" not in page and "One place for the municipality" in page


def test_the_badge_counts_once_a_minute_per_user(world, client_for, counted_kind):
    client = client_for("coordinator")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert counted_kind == []  # a page does not count: its badge asks after it has loaded
    assert reverse("core:waiting-count") in page
    first = client.get(reverse("core:waiting-count"), HTTP_X_KOOPERACJA_POLL="1").content.decode()
    client.get(reverse("core:waiting-count"))
    assert counted_kind == [0]  # counted for the first answer only, kept for the second
    assert 'data-testid="waiting-total">1<' in first and "btn-warning" in first
    waiting.forget(world.user("coordinator"))
    client.get(reverse("core:waiting-count"))
    assert counted_kind == [0, 0]


def test_the_home_page_counts_for_the_badge_too(world, client_for, counted_kind):
    client_for("coordinator").get(reverse("core:home"))
    assert counted_kind == [3]  # the home page's own count is kept for the badge
    assert waiting.badge_total(world.user("coordinator")) == 1


def test_the_incoming_referral_waits_only_for_the_receiving_centre(world, client_for):
    referral = issued(world)
    staff = waiting.waiting_for(world.user("pzs_staff"))
    incoming = next(entry for entry in staff if entry.kind.code == "admission.incoming")
    assert incoming.count == 1
    assert referral.number in str(incoming.items[0].label)
    assert referral.last_name not in str(incoming.items[0].label)  # no personal data in the label
    # The cooperative of Janów (another organisation) has nothing of it.
    assert "admission.incoming" not in {entry.kind.code for entry in waiting.waiting_for(world.user("member_b"))}


def test_the_home_page_of_a_coordinator_costs_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    issued(world)
    client = client_for("coordinator")
    client.get(reverse("accounts:profile"))  # the session and the actor are warm
    with django_assert_max_num_queries(25):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
