import json
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.core.crypto import decrypt
from kooperacja.training import services
from kooperacja.training.models import Person
from tests.training.factories import enrol, make_cohort, make_kis, make_pesel, make_programme, make_referral, make_staff

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, data=json.dumps(body, default=str), content_type="application/json")


def test_it_lists_and_creates_cohorts(world, client_for, django_assert_max_num_queries):
    staff = world.user("pzs_staff")
    programme = make_programme(actor=staff, organisation=world.org_a)
    for n in range(3):
        make_cohort(actor=staff, programme=programme, name=f"G{n}")
    analyst = client_for("analyst")
    with django_assert_max_num_queries(8):
        body = analyst.get("/api/v1/training/cohorts").json()
    assert body["count"] == 3
    client = client_for("pzs_staff")
    client.handler.enforce_csrf_checks = False
    payload = {
        "programme": str(programme.public_id),
        "name": "Nowa",
        "start_date": "2026-03-02",
        "end_date": "2026-06-30",
        "seats": 12,
        "municipality": "0462011",
    }
    response = _post(client, "/api/v1/training/cohorts", payload)
    assert response.status_code == 201 and response.json()["seats"] == 12
    bad = _post(client, "/api/v1/training/cohorts", {**payload, "end_date": "2026-01-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "end_date"
    assert client_for("analyst").get(f"/api/v1/training/cohorts/{response.json()['public_id']}").status_code == 200


def test_it_lists_only_own_participants_with_minimal_fields(world, client_for, django_assert_max_num_queries):
    staff = world.user("pzs_staff")
    for _ in range(3):
        enrol(actor=staff, organisation=world.org_a)
    kis = make_kis()
    enrol(actor=make_staff(kis), organisation=kis)
    client = client_for("pzs_staff")
    with django_assert_max_num_queries(10):
        body = client.get("/api/v1/training/participants").json()
    assert body["count"] == 3
    assert set(body["items"][0]) == {
        "public_id",
        "first_name",
        "last_name",
        "organisation_id",
        "kind",
        "status",
        "start_date",
        "planned_end_date",
    }
    assert PersonalDataAccess.objects.filter(channel="api", purpose="participants list").count() == 3
    assert client_for("pes_manager").get("/api/v1/training/participants").status_code == 403


def test_it_enrols_and_records_attendance_over_the_api(world, client_for):
    client = client_for("pzs_staff")
    client.handler.enforce_csrf_checks = False
    pesel = make_pesel()
    payload = {
        "organisation": str(world.org_a.public_id),
        "pesel": pesel,
        "first_name": "Ewa",
        "last_name": "Api",
        "home_municipality": "0462011",
        "categories": ["disabled"],
        "exclusions_none": True,
        "referral_date": "2025-02-01",
        "plan_reference": "IPZS/3",
        "plan_signed_on": "2025-02-20",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
    }
    response = _post(client, "/api/v1/training/participants", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["view"] == "staff" and "pesel_last_digits" not in body and pesel not in response.content.decode()
    url = f"/api/v1/training/participants/{body['public_id']}/attendance"
    over = _post(client, url, {"day": "2025-03-10", "kind": "present", "hours": 25})
    assert over.status_code == 422 and over.json()["errors"][0]["message"] == "Hours per day: from 0 to 16 h."
    created = _post(client, url, {"day": "2025-03-10", "kind": "present", "hours": 7.5})
    assert created.status_code == 201 and created.json() == {"day": "2025-03-10", "kind": "present", "hours": "7.5"}
    sick = _post(client, url, {"day": "2025-03-11", "kind": "sick"})
    assert sick.status_code == 201 and sick.json()["hours"] == "0.0"
    again = _post(client, url, {"day": "2025-03-10", "kind": "present", "hours": 8})
    assert again.status_code == 422 and "already recorded" in again.json()["errors"][0]["message"]
    invalid = _post(client, "/api/v1/training/participants", {**payload, "pesel": "85031412345"})
    assert invalid.status_code == 422 and invalid.json()["errors"] == [{"field": "pesel", "message": "Invalid PESEL"}]
    foreign = _post(client, "/api/v1/training/participants", {**payload, "organisation": str(world.org_b.public_id)})
    assert foreign.status_code == 422


def test_it_applies_the_privacy_rules_to_a_provider_and_logs_the_api_read(world, client_for):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a)
    url = f"/api/v1/placement/candidates/{participation.public_id}"
    assert client_for("member_b").get(url).status_code == 404
    make_referral(participation=participation, provider=world.org_b)
    assert client_for("member_b").get(url).status_code == 404
    services.consent_record(actor=staff, participation=participation)
    response = client_for("member_b").get(url)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "public_id",
        "first_name",
        "last_name",
        "home_municipality",
        "phone",
        "email",
        "courses",
        "qualifications",
    }
    assert decrypt(participation.person.pesel_encrypted) not in response.content.decode()
    assert PersonalDataAccess.objects.filter(
        actor=world.user("member_b"),
        channel="api",
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(participation.person_id),
    ).exists()
    staff_url = f"/api/v1/training/participants/{participation.public_id}"
    assert client_for("pzs_staff").get(staff_url).json()["view"] == "staff"
    assert client_for("member_b").get(staff_url).status_code == 403  # the CIS's own record is for its staff
    assert client_for("analyst").get(staff_url).status_code == 403
    assert date.fromisoformat(client_for("pzs_staff").get(staff_url).json()["start_date"])


def test_it_answers_every_implausible_value_of_an_enrolment_at_once(world, client_for):
    client = client_for("pzs_staff")
    client.handler.enforce_csrf_checks = False
    payload = {
        "organisation": str(world.org_a.public_id),
        "pesel": make_pesel(birth=date(1900, 5, 5)),
        "first_name": "Ewa",
        "last_name": "Api",
        "home_municipality": "0462011",
        "categories": ["disabled"],
        "exclusions_none": True,
        "referral_date": "1990-02-01",
        "plan_reference": "IPZS/3",
        "plan_signed_on": "2025-02-20",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
        "commute_limit_km": 99_999,
    }
    response = _post(client, "/api/v1/training/participants", payload)
    assert response.status_code == 422
    fields = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert fields.keys() >= {"pesel", "referral_date", "commute_limit_km"}
    assert fields["commute_limit_km"] == "Commute: from 0 to 200 km."
    assert not Person.objects.exists()
