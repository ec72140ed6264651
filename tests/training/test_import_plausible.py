"""Imports report every implausible value of every row at once, by the template's column and the file's row
number, in the uploader's language, and write nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kooperacja.staffing.models import StaffingNeed
from kooperacja.training.imports import COLUMNS, HEADERS
from kooperacja.training.models import ImportJob, ImportStatus, Participation, Person
from tests.training.factories import make_card, make_pesel

pytestmark = pytest.mark.django_db


def _upload(client, url, content, organisation, capture):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        response = client.post(url, {"organisation": organisation.pk, "file": SimpleUploadedFile("f.csv", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("created_at")
    job.refresh_from_db()
    return job


def _row(values: dict, columns) -> str:
    return ";".join(values.get(column, "") for column in columns)


def test_a_needs_file_lists_every_bad_column_of_every_bad_row(
    world, client_for, polish, django_capture_on_commit_callbacks
):
    make_card(qualifications=("TST-N1",), code="plausible-card")
    columns = (
        "service",
        "position",
        "headcount",
        "working_time",
        "hours_per_week",
        "start_date",
        "municipality",
        "pay_max",
    )
    start = (timezone.localdate() + timedelta(days=30)).isoformat()
    good = {
        "service": "plausible-card",
        "position": "Opiekunka",
        "headcount": "2",
        "working_time": "full_time",
        "start_date": start,
        "municipality": "0462011",
    }
    lines = [
        ";".join(HEADERS[column] for column in columns),  # the template's Polish header
        _row(
            {
                **good,
                "headcount": "500",
                "working_time": "part_time",
                "hours_per_week": "90",
                "start_date": "2062-01-01",
            },
            columns,
        ),
        _row(good, columns),
        _row({**good, "headcount": "0", "pay_max": "900000"}, columns),
    ]
    job = _upload(
        client_for("member_b"),
        "/training/imports/needs/",
        "\n".join(lines).encode(),
        world.org_b,
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportStatus.REJECTED
    found = {(error["row"], error["field"]): error["message"] for error in job.errors}
    assert set(found) == {
        (2, "headcount"),
        (2, "hours_per_week"),
        (2, "start_date"),
        (4, "headcount"),
        (4, "pay_max"),
    }
    assert found[(2, "headcount")] == "Liczba osób: od 1 do 100 osób."
    assert found[(2, "hours_per_week")] == "Godziny tygodniowo: od 1 do 60 godz."
    assert found[(2, "start_date")].startswith("Data rozpoczęcia: od ")
    assert found[(4, "pay_max")] == "Wynagrodzenie do: od 0 do 50\xa0000 zł."
    assert all(field in COLUMNS["needs"] for _row_number, field in found)
    # The report names each column by the template's header.
    assert {error["column"] for error in job.errors} == {
        "liczba osób",
        "godzin tygodniowo",
        "data rozpoczęcia",
        "wynagrodzenie do",
    }
    page = client_for("member_b").get(f"/training/imports/{job.public_id}/").content.decode()
    assert "<td>godzin tygodniowo</td>" in page and "<td>hours_per_week</td>" not in page
    assert not StaffingNeed.objects.exists()


def test_a_participants_file_lists_every_implausible_value_and_writes_nothing(
    world, client_for, polish, django_capture_on_commit_callbacks
):
    columns = COLUMNS["participants"]
    good = {
        "first_name": "Anna",
        "last_name": "Importowana",
        "home_municipality": "0462011",
        "eligibility": "homeless",
        "exclusions": "none",
        "referral_date": "2025-02-10",
        "plan_reference": "IPZS/9",
        "plan_signed_on": "2025-02-28",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
    }
    lines = [
        ";".join(columns),
        _row({**good, "pesel": make_pesel(), "commute_limit_km": "99999", "referral_date": "1990-02-10"}, columns),
        _row({**good, "pesel": make_pesel(birth=date(1900, 1, 1))}, columns),
        _row({**good, "pesel": make_pesel()}, columns),
    ]
    job = _upload(
        client_for("pzs_staff"),
        "/training/imports/participants/",
        "\n".join(lines).encode(),
        world.org_a,
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportStatus.REJECTED
    found = {(error["row"], error["field"]): error["message"] for error in job.errors}
    assert set(found) == {(2, "commute_limit_km"), (2, "referral_date"), (3, "pesel")}
    assert found[(2, "commute_limit_km")] == "Dojazd: od 0 do 200 km."
    assert found[(2, "referral_date")].startswith("Data skierowania: od ")
    assert found[(3, "pesel")].startswith("Data urodzenia (z numeru PESEL): od ")
    assert not Person.objects.exists() and not Participation.objects.exists()
