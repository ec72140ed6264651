from datetime import date

import pytest

from kooperacja.training import services
from kooperacja.training.models import Participation, ParticipationStatus, TrainingProgramme
from tests.training.factories import enrol, make_card, make_cohort, make_kis, make_pesel, make_programme, make_staff

pytestmark = pytest.mark.django_db


def test_it_builds_a_programme_in_two_steps_with_all_modules_preselected(world, client_for):
    card = make_card()
    client = client_for("pzs_staff")
    first = client.post(
        "/training/programmes/new/", {"organisation": world.org_a.pk, "card_version": card.pk, "choose": "1"}
    )
    page = first.content.decode()
    cis_ids = [m.pk for m in card.programme_modules.all() if m.variant == "cis"]
    assert first.status_code == 200 and all(f'value="{pk}"' in page for pk in cis_ids)
    assert page.count("checked") >= 3
    response = client.post(
        "/training/programmes/new/", {"organisation": world.org_a.pk, "card_version": card.pk, "modules": cis_ids[:2]}
    )
    programme = TrainingProgramme.objects.get()
    assert response.status_code == 302 and programme.modules.count() == 2


def test_it_refuses_cohort_editing_to_outsiders(world, client_for):
    staff = world.user("pzs_staff")
    cohort = make_cohort(actor=staff, programme=make_programme(actor=staff, organisation=world.org_a))
    kis = make_kis()
    outsider = make_staff(kis)
    from django.test import Client

    other = Client()
    other.force_login(outsider)
    assert other.get(f"/training/cohorts/{cohort.public_id}/edit/").status_code == 403
    assert client_for("social_worker").get(f"/training/cohorts/{cohort.public_id}/edit/").status_code == 403
    assert client_for("pzs_staff").get(f"/training/cohorts/{cohort.public_id}/edit/").status_code == 200
    # The participants' names on the cohort page are for the CIS staff only.
    participation = enrol(actor=staff, organisation=world.org_a)
    services.cohort_enrol(actor=staff, cohort=cohort, participation=participation)
    assert (
        participation.person.last_name
        in client_for("pzs_staff").get(f"/training/cohorts/{cohort.public_id}/").content.decode()
    )
    assert (
        participation.person.last_name
        not in client_for("analyst").get(f"/training/cohorts/{cohort.public_id}/").content.decode()
    )


def test_it_enrols_through_the_form_and_reuses_a_known_person(world, client_for):
    pesel = make_pesel()
    data = {
        "organisation": world.org_a.pk,
        "pesel": pesel,
        "first_name": "Ola",
        "last_name": "Formularz",
        "home_municipality": "0462011",
        "categories": ["homeless"],
        "exclusions_none": True,
        "referral_date": "2025-02-01",
        "plan_reference": "IPZS/5",
        "plan_signed_on": "2025-02-20",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
        "commute_limit_km": 20,
        "working_time": "part_time",
    }
    response = client_for("pzs_staff").post("/training/participants/new/", data)
    assert response.status_code == 302
    again = client_for("pzs_staff").post("/training/participants/new/", {**data, "start_date": "2025-04-01"})
    assert again.status_code == 200 and "cannot overlap" in again.content.decode()
    invalid = client_for("pzs_staff").post("/training/participants/new/", {**data, "pesel": "85031412345"})
    assert "Invalid PESEL" in invalid.content.decode()
    assert Participation.objects.count() == 1


def test_it_changes_status_and_records_attendance_from_the_participant_page(world, client_for):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    base = f"/training/participants/{participation.public_id}/"
    client = client_for("pzs_staff")
    client.post(base + "status/", {"action": "activate"})
    client.post(base + "status/", {"action": "confirm_ready"})
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.READY
    over = client.post(base + "attendance/", {"day": "2025-03-10", "kind": "excused", "hours": "4"})
    assert "only on days present" in over.content.decode()
    assert client.post(base + "attendance/", {"day": "2025-03-10", "kind": "present", "hours": "7"}).status_code == 302
    client.post(base + "consent/", {"consent": "1"})
    participation.refresh_from_db()
    assert participation.consent_to_share
    page = client.get(base).content.decode()
    assert "IPZS" in page and "ready for work" in page


def test_it_lists_participants_with_progress_in_few_queries(world, client_for, django_assert_max_num_queries):
    staff = world.user("pzs_staff")
    programme = make_programme(actor=staff, organisation=world.org_a)
    cohort = make_cohort(actor=staff, programme=programme, seats=30)
    for n in range(12):
        participation = enrol(actor=staff, organisation=world.org_a)
        services.cohort_enrol(actor=staff, cohort=cohort, participation=participation)
        if n % 2:
            services.module_complete(
                actor=staff,
                participation=participation,
                module=programme.modules.first(),
                completed_on=date(2025, 5, 1),
            )
    client = client_for("pzs_staff")
    with django_assert_max_num_queries(20):
        response = client.get("/training/participants/")
    body = response.content.decode()
    assert response.status_code == 200 and "1 / 3" in body and "0 / 3" in body
    filtered = client.get("/training/participants/", {"status": "ready"}, headers={"HX-Request": "true"})
    assert "No participant matches" in filtered.content.decode() and "<html" not in filtered.content.decode()


def test_it_lists_programmes_in_few_queries(world, client_for, django_assert_max_num_queries):
    staff = world.user("pzs_staff")
    for _ in range(5):
        make_programme(actor=staff, organisation=world.org_a)
    analyst = client_for("analyst")
    with django_assert_max_num_queries(10):
        response = analyst.get("/training/programmes/")
    assert response.status_code == 200


def test_it_polls_the_import_status_until_it_is_finished(world, client_for):
    from kooperacja.training.models import ImportJob

    job = ImportJob.objects.create(
        kind="participants",
        organisation=world.org_a,
        file_name="a.csv",
        started_by=world.user("pzs_staff"),
        status="running",
        rows_total=10,
        rows_done=4,
    )
    partial = (
        client_for("pzs_staff")
        .get(f"/training/imports/{job.public_id}/", headers={"HX-Request": "true"})
        .content.decode()
    )
    assert 'hx-trigger="every 1s"' in partial and "4 of 10" in partial and "<html" not in partial
