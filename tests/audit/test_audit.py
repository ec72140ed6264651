import pytest
from django.contrib.contenttypes.models import ContentType

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
