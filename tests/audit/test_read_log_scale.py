"""The read log stays cheap at national scale: one INSERT per page of people, reads along its indexes, and a
retention rule that deletes old rows in batches."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.audit.selectors import personal_data_reads_of
from kooperacja.audit.services import personal_data_read_log, personal_data_reads_prune
from kooperacja.audit.tasks import read_log_prune
from tests.training.factories import enrol

pytestmark = pytest.mark.django_db


def _reads(world, count: int, *, days_ago: int, record=None) -> list[int]:
    """``count`` reads of ``record`` (org A by default) made ``days_ago`` days ago; their ids."""
    record = record or world.org_a
    ids = []
    for _ in range(count):
        personal_data_read_log(actor=world.user("coordinator"), records=[record], fields=["name"], purpose="test")
        ids.append(PersonalDataAccess.objects.latest("id").pk)
    PersonalDataAccess.objects.filter(pk__in=ids).update(at=timezone.now() - timedelta(days=days_ago))
    return ids


def test_it_prunes_reads_older_than_the_retention_period_in_batches(world, settings):
    settings.READ_LOG_RETENTION_DAYS = 730
    PersonalDataAccess.objects.all().delete()
    old = _reads(world, 5, days_ago=731)
    recent = _reads(world, 3, days_ago=729)
    kept = set(PersonalDataAccess.objects.exclude(pk__in=old).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        deleted = personal_data_reads_prune(batch_size=2)
    assert deleted == 5
    assert set(PersonalDataAccess.objects.values_list("pk", flat=True)) == kept
    assert set(recent) <= kept
    # 2 + 2 + 1 rows: three DELETE statements, the last one short, and nothing else.
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("DELETE")]
    assert len(deletes) == 3 and all("LIMIT 2" in sql for sql in deletes)


def test_it_follows_the_retention_setting(world, settings):
    PersonalDataAccess.objects.all().delete()
    _reads(world, 2, days_ago=40)
    settings.READ_LOG_RETENTION_DAYS = 60
    assert personal_data_reads_prune() == 0
    settings.READ_LOG_RETENTION_DAYS = 30
    assert personal_data_reads_prune() == 2


def test_it_prunes_from_the_command_and_the_background_task(world, settings):
    settings.READ_LOG_RETENTION_DAYS = 730
    _reads(world, 3, days_ago=800)
    out = StringIO()
    call_command("prune_read_log", "--batch-size", "2", stdout=out)
    assert "3 read(s) of personal data older than 730 days deleted" in out.getvalue()
    assert not PersonalDataAccess.objects.filter(at__lt=timezone.now() - timedelta(days=730)).exists()
    _reads(world, 2, days_ago=800)
    assert read_log_prune.enqueue().return_value == 2  # the test settings run tasks at once
    _reads(world, 1, days_ago=800)
    call_command("prune_read_log", "--enqueue", stdout=StringIO())
    assert not PersonalDataAccess.objects.filter(at__lt=timezone.now() - timedelta(days=730)).exists()


def _log_statements_of_a_list(client, people: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/api/v1/training/participants?limit={people}").json()
    assert len(body["items"]) == people
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "audit_personaldataaccess"')]
    return len(inserts), len(queries.captured_queries)


def test_it_logs_a_list_of_any_length_with_one_statement(world, client_for):
    staff = world.user("pzs_staff")
    client = client_for("pzs_staff")
    client.get("/api/v1/training/participants")  # content types and the session warmed up
    for _ in range(5):
        enrol(actor=staff, organisation=world.org_a)
    few_inserts, few_queries = _log_statements_of_a_list(client, 5)
    for _ in range(45):
        enrol(actor=staff, organisation=world.org_a)
    PersonalDataAccess.objects.all().delete()
    many_inserts, many_queries = _log_statements_of_a_list(client, 50)
    assert few_inserts == many_inserts == 1
    assert few_queries == many_queries
    assert PersonalDataAccess.objects.filter(purpose="participants list", channel="api").count() == 50


def test_it_logs_a_whole_export_in_few_statements(world, client_for):
    staff = world.user("pzs_staff")
    for _ in range(12):
        enrol(actor=staff, organisation=world.org_a)
    PersonalDataAccess.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        response = client_for("pzs_staff").get(reverse("training:participant-export"))
    assert response.status_code == 200
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "audit_personaldataaccess"')]
    assert len(inserts) == 1
    assert PersonalDataAccess.objects.filter(purpose="participants export").count() == 12


def test_it_answers_who_read_a_record_newest_first_for_administrators_only(world):
    PersonalDataAccess.objects.all().delete()
    first = _reads(world, 1, days_ago=3)
    second = _reads(world, 1, days_ago=1)
    _reads(world, 2, days_ago=2, record=world.org_b)
    org_type = ContentType.objects.get_for_model(world.org_a)
    reads = personal_data_reads_of(user=world.user("admin"), content_type=org_type, object_id=str(world.org_a.pk))
    assert list(reads.values_list("pk", flat=True)) == [*second, *first]
    nobody = personal_data_reads_of(user=world.user("coordinator"), content_type=org_type, object_id=world.org_a.pk)
    assert not nobody.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL")
def test_it_finds_who_read_a_person_through_the_index(world):
    """With a log of 30,000 reads, the database reads one record's rows from the index, not the table."""
    org_type = ContentType.objects.get_for_model(world.org_a)
    PersonalDataAccess.objects.bulk_create(
        [
            PersonalDataAccess(content_type=org_type, object_id=str(n % 5000), fields=["name"], purpose="bench")
            for n in range(30_000)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_personaldataaccess")
    reads = personal_data_reads_of(user=world.user("admin"), content_type=org_type, object_id="42")
    plan = reads[:50].explain()
    assert "Index Scan Backward using audit_read_record_at" in plan, plan
    assert "Seq Scan on audit_personaldataaccess" not in plan, plan
    assert reads.count() == 6
