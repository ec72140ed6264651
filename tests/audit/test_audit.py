from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.audit.services import personal_data_read_log

pytestmark = pytest.mark.django_db


def test_it_logs_reads_without_values(world):
    user = world.user("social_worker")
    written = personal_data_read_log(actor=user, records=[user], fields=["email"], purpose="test")
    row = PersonalDataAccess.objects.get()
    assert written == 1
    assert row.actor == user and row.object_id == str(user.pk) and row.fields == ["email"]
    assert row.content_type == ContentType.objects.get_for_model(user)
    assert user.email not in str(PersonalDataAccess.objects.values().get())


def test_it_shows_the_audit_trail_to_administrators_only(client_for, world):
    personal_data_read_log(actor=world.user("coordinator"), records=[world.org_a], fields=["name"], purpose="przegląd")
    response = client_for("admin").get("/audit/")
    assert response.status_code == 200 and "przegląd" in response.content.decode()
    assert client_for("coordinator").get("/audit/").status_code == 403
    assert client_for("admin").get("/audit/?kind=changes").status_code == 200


def test_it_filters_the_reads_by_who_record_channel_and_date(client_for, world, django_assert_max_num_queries):
    coordinator, staff = world.user("coordinator"), world.user("pzs_staff")
    personal_data_read_log(actor=coordinator, records=[world.org_a], fields=["name"], purpose="koordynacja")
    personal_data_read_log(actor=staff, records=[world.org_b], fields=["name"], purpose="kadra", channel="api")
    old = personal_data_read_log(actor=staff, records=[staff], fields=["email"], purpose="dawno")
    assert old == 1
    PersonalDataAccess.objects.filter(purpose="dawno").update(at=timezone.now() - timedelta(days=30))
    client = client_for("admin")
    org_type = ContentType.objects.get_for_model(world.org_a)

    def shown(query: str) -> set[str]:
        page = client.get("/audit/?kind=reads&" + query).content.decode()
        return {purpose for purpose in ("koordynacja", "kadra", "dawno") if purpose in page}

    assert shown("") == {"koordynacja", "kadra", "dawno"}
    assert shown("username=pzs_staff") == {"kadra", "dawno"}
    assert shown(f"content_type={org_type.pk}&object_id={world.org_b.pk}") == {"kadra"}
    assert shown(f"content_type={org_type.pk}") == {"koordynacja", "kadra"}
    assert shown("channel=api") == {"kadra"}
    since = (timezone.localdate() - timedelta(days=31)).isoformat()
    until = (timezone.localdate() - timedelta(days=29)).isoformat()
    assert shown(f"since={since}&until={until}") == {"dawno"}
    assert shown("since=not-a-date&username=coordinator") == {"koordynacja"}
    with django_assert_max_num_queries(8):
        assert client.get("/audit/?kind=reads&username=pzs_staff&channel=web").status_code == 200
