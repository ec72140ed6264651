"""Who may take part (art. 1): one or more categories of ust. 2, the exclusions of ust. 3 checked or
confirmed by staff, the disability pension in a KIS (ust. 3a) — by the service, the form, the API and the
import (a file with bad rows is refused whole, every bad row reported)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.training import services
from kooperacja.training.imports import COLUMNS
from kooperacja.training.models import (
    EligibilityCategory,
    Exclusion,
    ImportJob,
    ImportStatus,
    Participation,
    ParticipationCategory,
    Person,
)
from tests.factories import GRUDZIADZ
from tests.training.factories import make_kis, make_pesel, make_staff, participation_data, person_data

pytestmark = pytest.mark.django_db


def _enrol(world, organisation=None, start=date(2025, 3, 3), actor="pzs_staff", **overrides):
    return services.participant_enrol(
        actor=world.user(actor) if actor else None,
        organisation=organisation or world.org_a,
        person_data=person_data(),
        participation_data=participation_data(start, **overrides),
    )


def _refused(world, **overrides) -> dict:
    persons, participations = Person.objects.count(), Participation.objects.count()
    with pytest.raises(ValidationError) as caught:
        _enrol(world, **overrides)
    assert (Person.objects.count(), Participation.objects.count()) == (persons, participations)  # nothing saved
    return caught.value.message_dict


def test_a_participation_records_several_categories_as_rows(world):
    participation = _enrol(world, categories=["homeless", "alcohol"])
    assert sorted(participation.categories.values_list("category", flat=True)) == ["alcohol", "homeless"]
    assert ParticipationCategory.objects.filter(category=EligibilityCategory.HOMELESS).count() == 1


def test_the_categories_are_labelled_as_the_act_words_them():
    from django.utils import translation

    with translation.override("pl"):
        assert str(EligibilityCategory.HOMELESS.label) == (
            "bezdomni realizujący indywidualny program wychodzenia z bezdomności, w rozumieniu przepisów o pomocy "
            "społecznej"
        )
        assert str(EligibilityCategory.ALCOHOL.label) == "uzależnieni od alkoholu"


def test_categories_missing_unknown_or_repeated_are_refused(world):
    assert "at least one" in _refused(world, categories=[])["categories"][0]
    assert "no category" in _refused(world, categories=["homeless", "poor"])["categories"][0]
    assert "more than once" in _refused(world, categories=["homeless", "homeless"])["categories"][0]


def test_staff_confirm_that_no_exclusion_applies_and_who_did_is_recorded(world):
    errors = _refused(world, exclusions_none=False)
    assert "art. 1 ust. 3" in errors["exclusions"][0]
    participation = _enrol(world)
    assert participation.exclusion == "" and participation.exclusions_checked_by == world.user("pzs_staff")
    assert participation.exclusions_checked_at is not None


def test_an_applying_exclusion_refuses_the_stay_with_its_reason(world):
    errors = _refused(world, categories=["homeless"], exclusions_none=False, exclusions=["retirement_pension"])
    assert "retirement pension" in errors["exclusions"][0] and "art. 1 ust. 3" in errors["exclusions"][0]
    both = _refused(world, exclusions_none=True, exclusions=["retirement_pension"])
    assert "one or the other" in both["exclusions"][0]


def test_long_term_unemployed_with_an_unemployment_benefit_contradict(world):
    errors = _refused(
        world,
        categories=["long_term_unemployed", "alcohol"],
        exclusions_none=False,
        exclusions=["unemployment_benefit"],
    )
    assert "contradicts" in errors["categories"][0] and "unemployment benefit" in errors["exclusions"][0]


def test_a_disability_pension_is_allowed_in_a_kis_since_2022_and_recorded(world):
    kis = make_kis()
    participation = _enrol(
        world,
        organisation=kis,
        actor=None,
        plan_reference="KS/1",
        exclusions_none=False,
        exclusions=[Exclusion.DISABILITY_PENSION],
        categories=["disabled"],
    )
    assert participation.exclusion == Exclusion.DISABILITY_PENSION
    before = _refused(
        world,
        organisation=kis,
        actor=None,
        start=date(2021, 3, 1),
        plan_reference="KS/2",
        exclusions_none=False,
        exclusions=[Exclusion.DISABILITY_PENSION],
    )
    assert "15.02.2022" in before["exclusions"][0]


def test_a_disability_pension_refuses_a_cis_stay(world):
    errors = _refused(world, exclusions_none=False, exclusions=[Exclusion.DISABILITY_PENSION], categories=["disabled"])
    assert "only in a KIS" in errors["exclusions"][0]


def test_the_form_takes_several_categories_and_shows_the_assumptions(world, client_for):
    client = client_for("pzs_staff")
    page = client.get("/training/participants/new/").content.decode()
    assert "Assumption:" in page and "ISAP" in page
    data = {
        "organisation": world.org_a.pk,
        "pesel": make_pesel(),
        "first_name": "Ola",
        "last_name": "Kategorie",
        "home_municipality": GRUDZIADZ,
        "categories": ["homeless", "mental"],
        "referral_date": "2025-02-01",
        "plan_reference": "IPZS/5",
        "plan_signed_on": "2025-02-20",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
        "commute_limit_km": 20,
        "working_time": "full_time",
    }
    refused = client.post("/training/participants/new/", data)
    assert refused.status_code == 200 and "confirm that none applies" in refused.content.decode()
    assert not Participation.objects.exists()
    response = client.post("/training/participants/new/", {**data, "exclusions_none": "on"})
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert set(participation.categories.values_list("category", flat=True)) == {"homeless", "mental"}
    page = client.get(response["Location"]).content.decode()
    assert "with mental disorders" in page and "none applies" in page


def test_the_api_takes_categories_and_the_confirmation(world, client_for):
    body = {
        "organisation": str(world.org_a.public_id),
        **person_data(),
        "categories": ["homeless", "refugee"],
        "exclusions_none": True,
        "referral_date": "2025-02-01",
        "plan_reference": "IPZS/API",
        "plan_signed_on": "2025-02-20",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
    }
    client = client_for("pzs_staff")
    refused = client.post(
        "/api/v1/training/participants", {**body, "exclusions_none": False}, content_type="application/json"
    )
    assert refused.status_code == 422 and "exclusions" in refused.content.decode()
    created = client.post("/api/v1/training/participants", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["categories"] == ["homeless", "refugee"] and created.json()["exclusions_checked_at"]


# --- the import ------------------------------------------------------------------------------------------


def _row(pesel: str, **overrides) -> dict:
    values = {
        "pesel": pesel,
        "first_name": "Anna",
        "last_name": "Plikowa",
        "home_municipality": GRUDZIADZ,
        "eligibility": "homeless",
        "exclusions": "brak",
        "referral_date": "2025-02-10",
        "plan_reference": "IPZS/7",
        "plan_signed_on": "2025-02-28",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
    }
    values.update(overrides)
    return values


def _import(world, rows: list[dict], capture, organisation=None, actor=None) -> ImportJob:
    columns = COLUMNS["participants"]
    lines = [";".join(columns)] + [";".join(str(row.get(column, "")) for column in columns) for row in rows]
    with capture(execute=False):
        job = services.import_job_create(
            actor=actor or world.user("pzs_staff"),
            kind="participants",
            organisation=organisation or world.org_a,
            file_name="people.csv",
            content=("\r\n".join(lines) + "\r\n").encode(),
            language="en",
        )
    services.import_job_process(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_the_import_takes_several_categories_and_the_confirmation(world, django_capture_on_commit_callbacks):
    rows = [
        _row(make_pesel(), eligibility='"homeless;alcohol"'),
        _row(make_pesel(), eligibility="mental, disabled", exclusions="none"),
    ]
    job = _import(world, rows, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.DONE, job.errors
    codes = sorted(ParticipationCategory.objects.values_list("category", flat=True))
    assert codes == ["alcohol", "disabled", "homeless", "mental"]
    assert set(Participation.objects.values_list("exclusions_checked_by", flat=True)) == {world.user("pzs_staff").pk}


def test_the_import_refuses_the_whole_file_and_reports_every_bad_row(world, django_capture_on_commit_callbacks):
    rows = [
        _row(make_pesel()),  # good
        _row(make_pesel(), exclusions=""),  # not checked
        _row(make_pesel(), exclusions="unemployment_benefit"),  # excluded
        _row(make_pesel(), eligibility="long_term_unemployed", exclusions="unemployment_benefit"),  # contradicts
        _row(make_pesel(), eligibility='"homeless;homeless"'),  # repeated
        _row(make_pesel(), planned_end_date="2026-06-30"),  # beyond the base period (ends 2.04.2026)
        _row(make_pesel(), exclusions="disability_pension"),  # a CIS
        _row(make_pesel(), eligibility="poor"),  # unknown category
    ]
    job = _import(world, rows, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.REJECTED
    found = {(error["row"], error["field"]) for error in job.errors}
    assert found >= {
        (3, "exclusions"),
        (4, "exclusions"),
        (5, "eligibility"),
        (6, "eligibility"),
        (7, "planned_end_date"),
        (8, "exclusions"),
        (9, "eligibility"),
    }
    assert not any(error["row"] == 2 for error in job.errors)
    assert not Participation.objects.exists() and not Person.objects.exists()
    assert not ParticipationCategory.objects.exists()


def test_the_import_records_a_disability_pension_in_a_kis(world, django_capture_on_commit_callbacks):
    kis = make_kis()
    staff = make_staff(kis, username="kis_import")
    job = _import(
        world,
        [_row(make_pesel(), exclusions="disability_pension", eligibility="disabled", plan_reference="KS/1")],
        django_capture_on_commit_callbacks,
        organisation=kis,
        actor=staff,
    )
    assert job.status == ImportStatus.DONE, job.errors
    assert Participation.objects.get().exclusion == Exclusion.DISABILITY_PENSION


def _unchecked_stay(world) -> Participation:
    """A stay as recorded before the categories were kept: no category, exclusions never checked."""
    participation = _enrol(world)
    participation.categories.all().delete()
    Participation.objects.filter(pk=participation.pk).update(exclusions_checked_at=None, exclusions_checked_by=None)
    participation.refresh_from_db()
    return participation


def test_staff_record_the_categories_and_the_check_of_an_earlier_stay(world, client_for):
    participation = _unchecked_stay(world)
    client = client_for("pzs_staff")
    detail = client.get(f"/training/participants/{participation.public_id}/").content.decode()
    assert "not checked yet" in detail and "record the categories and the check" in detail
    url = f"/training/participants/{participation.public_id}/eligibility/"
    form = {"categories": ["alcohol", "mental"], "version": participation.version}
    refused = client.post(url, form)  # neither "none applies" nor a benefit: the check was not made
    assert refused.status_code == 200 and "confirm that none applies" in refused.content.decode()
    assert not participation.categories.exists()
    response = client.post(url, {**form, "exclusions_none": "on"})
    assert response.status_code == 302
    participation.refresh_from_db()
    assert sorted(participation.categories.values_list("category", flat=True)) == ["alcohol", "mental"]
    assert participation.exclusions_checked_by == world.user("pzs_staff") and participation.exclusion == ""
    event = participation.events.order_by("-id").first()
    assert event.actor == world.user("pzs_staff") and "alcohol, mental" in event.note
    # The stale form (read at the old version) does not silently overwrite the new check.
    stale = client.post(url, {**form, "categories": ["homeless"], "exclusions_none": "on"})
    assert stale.status_code == 200 and "Someone else changed" in stale.content.decode()
    assert sorted(participation.categories.values_list("category", flat=True)) == ["alcohol", "mental"]


def test_the_check_of_an_earlier_stay_applies_the_same_rules(world):
    participation = _unchecked_stay(world)
    with pytest.raises(ValidationError) as caught:
        services.participation_eligibility_record(
            actor=world.user("pzs_staff"),
            participation=participation,
            data={"categories": ["long_term_unemployed"], "exclusions": ["unemployment_benefit"]},
        )
    errors = caught.value.message_dict
    assert "contradicts" in errors["categories"][0] and "art. 1 ust. 3" in errors["exclusions"][0]
    assert not participation.categories.exists()  # nothing partly saved


def test_the_check_is_made_only_by_the_stays_own_staff(world, client):
    participation = _unchecked_stay(world)
    other_kis_staff = make_staff(make_kis(name="KIS obok"))
    client.force_login(other_kis_staff)  # staff, but of another KIS: the stay is not there for them
    assert client.get(f"/training/participants/{participation.public_id}/eligibility/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.participation_eligibility_record(
            actor=other_kis_staff, participation=participation, data={"categories": ["alcohol"]}
        )
