"""Lists count only up to a limit ("more than N") and the API pages by keyset (``cursor``) as well as by offset."""

from django.test import RequestFactory

from kooperacja.core.pagination import CappedPaginator, paginate
from kooperacja.core.querysets import LEADING_KEYS_LIMIT, keys_first, page_and_count
from kooperacja.territory.models import Unit

UNITS = "/api/v1/territory/units"


def test_it_counts_a_long_list_only_up_to_the_limit(db):
    units = Unit.objects.order_by("code")
    total = units.count()
    assert total > 2000  # TERYT is loaded once per test database
    paginator = CappedPaginator(units, 25, count_limit=1000)
    assert (paginator.count, paginator.more, paginator.num_pages) == (1000, True, 40)
    page = paginator.page(2)
    assert [unit.code for unit in page] == list(units.values_list("code", flat=True)[25:50])


def test_it_counts_further_when_a_deeper_page_is_asked_for(db):
    request = RequestFactory().get("/", {"page": "60"})
    page = paginate(request, Unit.objects.order_by("code"), per_page=25, count_limit=1000)
    assert page.number == 60 and page.has_next() and page.paginator.more
    assert page.paginator.count == 61 * 25


def test_it_counts_a_short_list_exactly(db):
    paginator = CappedPaginator(Unit.objects.filter(code__startswith="0605"), 25, count_limit=1000)
    assert paginator.more is False and paginator.count == Unit.objects.filter(code__startswith="0605").count()


def test_it_shows_more_than_n_results_on_a_long_list(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/territory/search/?level=gmina").content.decode()
    assert "More than 1,000 results" in body and "Page 1 of more than 40" in body
    body = client.get("/territory/search/?level=wojewodztwo").content.decode()
    assert "More than" not in body and "16 results" in body and "Page 1 of 1" not in body


def test_it_walks_a_list_by_cursor_as_by_offset(client, db):
    query = {"level": "gmina", "parent": "04", "limit": 50}
    by_offset, offset = [], 0
    while True:
        page = client.get(UNITS, {**query, "offset": offset}).json()
        assert set(page) == {"items", "count"}  # an offset page answers as it always did
        by_offset += [unit["code"] for unit in page["items"]]
        offset += 50
        if offset >= page["count"]:
            break
    by_cursor, cursor, pages = [], "start", 0
    while cursor:
        page = client.get(UNITS, {**query, "cursor": cursor}).json()
        assert page["more"] is False and page["count"] == len(by_offset)
        by_cursor += [unit["code"] for unit in page["items"]]
        cursor, pages = page["next_cursor"], pages + 1
    assert by_cursor == by_offset and len(by_offset) > 100 and pages >= 3


def test_it_refuses_a_cursor_of_another_list(client, db):
    assert client.get(UNITS, {"cursor": "bm9uc2Vuc2U"}).status_code == 422
    other = client.get("/api/v1/catalogue/services", {"cursor": "start", "limit": 1}).json()["next_cursor"]
    if other:
        assert client.get(UNITS, {"cursor": other}).status_code == 422


def test_a_keys_first_list_reads_its_page_and_count_in_one_query_of_keys(db, django_assert_num_queries):
    """A keys-first list (a scoped list) evaluates its filter once: the first ``limit`` keys give the count
    and the page; the page's rows then come by key."""
    units = keys_first(Unit.objects.filter(code__startswith="06").order_by("-code"))
    expected = list(Unit.objects.filter(code__startswith="06").order_by("-code").values_list("code", flat=True))
    assert 200 < len(expected) < 1000
    with django_assert_num_queries(2):  # the keys, then the rows of the page
        rows, counted = page_and_count(units, 25, 50, 1001)
    assert counted == len(expected) and [unit.code for unit in rows] == expected[25:50]
    with django_assert_num_queries(2):
        rows, counted = page_and_count(units, 0, 25, 100)
    assert counted == 100 and [unit.code for unit in rows] == expected[:25]


def test_a_page_past_the_last_is_the_last_page_read_on_its_own(db):
    request = RequestFactory().get("/", {"page": "9"})
    units = keys_first(Unit.objects.filter(code__startswith="0605").order_by("code"))
    codes = list(Unit.objects.filter(code__startswith="0605").order_by("code").values_list("code", flat=True))
    page = paginate(request, units, per_page=5, count_limit=1000)
    assert page.number == page.paginator.num_pages == -(-len(codes) // 5)
    assert [unit.code for unit in page] == codes[(page.number - 1) * 5 :]


def test_beyond_the_leading_keys_limit_the_count_is_read_apart(db, django_assert_num_queries):
    units = keys_first(Unit.objects.order_by("code"))
    with django_assert_num_queries(3):  # the keys of the page, the rows, the count
        rows, counted = page_and_count(units, 0, 10, LEADING_KEYS_LIMIT + 1)
    assert counted == Unit.objects.count() and len(rows) == 10


def test_an_empty_list_is_counted_and_not_read(db, django_assert_num_queries):
    for rows in (Unit.objects.filter(code="nothing").order_by("code"), keys_first(Unit.objects.filter(code="x"))):
        with django_assert_num_queries(1):
            assert page_and_count(rows, 0, 25, 1001) == ([], 0)
