import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook

from kooperacja.core.crypto import decrypt
from kooperacja.training.imports import COLUMNS
from kooperacja.training.models import Attendance, ImportJob, ImportStatus, Participation, Person
from tests.training.factories import enrol, make_card, make_pesel

pytestmark = pytest.mark.django_db

HEADER = ";".join(COLUMNS["participants"])


def _participant_line(pesel, *, start="2025-03-03", end="2025-12-31", eligibility="homeless"):
    values = {
        "pesel": pesel,
        "first_name": "Anna",
        "last_name": "Importowana",
        "home_municipality": "0462011",
        "eligibility": eligibility,
        "exclusions": "none",
        "referral_date": "2025-02-10",
        "plan_reference": "IPZS/9",
        "plan_signed_on": "2025-02-28",
        "start_date": start,
        "planned_end_date": end,
        "consent_to_share": "tak",
    }
    return ";".join(values.get(column, "") for column in COLUMNS["participants"])


def _upload(client, url, name, content, organisation, capture):
    with capture(execute=True):
        response = client.post(url, {"organisation": organisation.pk, "file": _file(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("created_at")


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_it_imports_a_good_csv_through_the_services(world, client_for, django_capture_on_commit_callbacks):
    lines = [HEADER] + [_participant_line(make_pesel()) for _ in range(3)]
    job = _upload(
        client_for("pzs_staff"),
        "/training/imports/participants/",
        "people.csv",
        "\n".join(lines).encode(),
        world.org_a,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.rows_total == job.rows_done == 3
    assert Participation.objects.filter(organisation=world.org_a, consent_to_share=True).count() == 3
    page = client_for("pzs_staff").get(f"/training/imports/{job.public_id}/").content.decode()
    assert "3 rows were imported" in page and "every 1s" not in page


def test_it_rejects_the_whole_file_when_one_row_of_100_is_bad(world, client_for, django_capture_on_commit_callbacks):
    lines = [HEADER] + [_participant_line(make_pesel()) for _ in range(100)]
    lines[57] = _participant_line("85031412345")  # invalid PESEL in row 57
    lines[80] = _participant_line(make_pesel(), eligibility="unknown")
    job = _upload(
        client_for("pzs_staff"),
        "/training/imports/participants/",
        "people.csv",
        "\n".join(lines).encode(),
        world.org_a,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert [(e["row"], e["field"]) for e in job.errors] == [(58, "pesel"), (81, "eligibility")]
    assert job.errors[0]["message"] == "Invalid PESEL"
    assert Person.objects.count() == 0 and Participation.objects.count() == 0
    page = client_for("pzs_staff").get(f"/training/imports/{job.public_id}/").content.decode()
    assert "Nothing was imported" in page and "Invalid PESEL" in page


def test_it_reports_service_errors_such_as_overlaps_and_writes_nothing(
    world, client_for, django_capture_on_commit_callbacks
):
    pesel = make_pesel()
    lines = [
        HEADER,
        _participant_line(make_pesel()),
        _participant_line(pesel),
        _participant_line(pesel, start="2025-06-02"),
    ]
    job = _upload(
        client_for("pzs_staff"),
        "/training/imports/participants/",
        "people.csv",
        "\n".join(lines).encode(),
        world.org_a,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert {(e["row"], e["field"]) for e in job.errors} == {(4, "pesel")}
    assert Person.objects.count() == 0


def test_it_writes_errors_in_the_uploaders_language(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("pzs_staff")
    client.cookies["django_language"] = "pl"
    lines = [HEADER, _participant_line(make_pesel(), start="")]
    job = _upload(
        client,
        "/training/imports/participants/",
        "p.csv",
        "\n".join(lines).encode(),
        world.org_a,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.language == "pl" and job.status == ImportStatus.REJECTED


def test_it_imports_attendance_from_xlsx(world, client_for, django_capture_on_commit_callbacks):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    pesel = decrypt(participation.person.pesel_encrypted)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["PESEL", "day", "kind", "hours"])
    sheet.append([pesel, date(2025, 3, 3), None, 8])
    sheet.append([pesel, "04.03.2025", "obecny", "7,5"])
    sheet.append([pesel, "05.03.2025", "chorobowe", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = _upload(
        client_for("pzs_staff"),
        "/training/imports/attendance/",
        "a.xlsx",
        buffer.getvalue(),
        world.org_a,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    assert sorted(Attendance.objects.values_list("kind", "hours")) == [
        ("present", Decimal("7.5")),
        ("present", Decimal("8")),
        ("sick", Decimal("0")),
    ]


def test_it_rejects_attendance_over_the_limit_naming_row_and_limit(
    world, client_for, django_capture_on_commit_callbacks
):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    pesel = decrypt(participation.person.pesel_encrypted)
    days = "".join(f"{pesel},2025-03-{day:02d},,9\n" for day in range(3, 8))  # 45 h in the week of 3 March
    content = f"pesel,day,kind,hours\n{days}{make_pesel()},2025-03-10,,5\n{pesel},2025-03-10,holiday,\n"
    job = _upload(
        client_for("pzs_staff"),
        "/training/imports/attendance/",
        "a.csv",
        content.encode(),
        world.org_a,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert [(e["row"], e["field"]) for e in job.errors] == [(6, "hours"), (7, "pesel"), (8, "kind")]
    assert "45 h" in job.errors[0]["message"] and "40 h" in job.errors[0]["message"]
    assert "art. 14" in job.errors[0]["message"]
    assert Attendance.objects.count() == 0


def test_it_imports_needs_through_the_staffing_service(world, client_for, django_capture_on_commit_callbacks):
    from kooperacja.staffing.models import NeedStatus, StaffingNeed

    card = make_card(qualifications=("TST-N1", "TST-N2"), code="import-test-card")
    start = (timezone.localdate() + timedelta(days=60)).isoformat()
    content = (
        "service;position;headcount;required_qualifications;working_time;start_date;municipality\n"
        f"import-test-card;Opiekunka;3;TST-N1|TST-N2;full_time;{start};0462011\n"
    )
    job = _upload(
        client_for("member_b"),
        "/training/imports/needs/",
        "n.csv",
        content.encode(),
        world.org_b,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    need = StaffingNeed.objects.get(provider=world.org_b)
    assert need.card_version == card and need.headcount == 3 and need.status == NeedStatus.DRAFT
    assert need.created_by == world.user("member_b")
    assert sorted(q.code for q in need.required_qualifications.all()) == ["TST-N1", "TST-N2"]
    bad = (
        "service;position;headcount;working_time;start_date;municipality;required_qualifications\n"
        f"import-test-card;X;1;full_time;{start};0462011;NOPE\n"
    )
    job = _upload(
        client_for("member_b"),
        "/training/imports/needs/",
        "n.csv",
        bad.encode(),
        world.org_b,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED and job.errors[0]["field"] == "required_qualifications"
    assert StaffingNeed.objects.filter(provider=world.org_b).count() == 1


def test_it_rejects_a_file_without_the_required_columns(world, client_for, django_capture_on_commit_callbacks):
    job = _upload(
        client_for("pzs_staff"),
        "/training/imports/attendance/",
        "a.csv",
        b"pesel;hours\n1;2\n",
        world.org_a,
        django_capture_on_commit_callbacks,
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED and "missing: dzień" in job.errors[0]["message"]


def test_it_offers_template_files_and_refuses_other_organisations(world, client_for):
    response = client_for("pzs_staff").get("/training/imports/templates/participants.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("PESEL;imię;nazwisko;gmina zamieszkania;")
    response = client_for("pzs_staff").post(
        "/training/imports/participants/", {"organisation": world.org_b.pk, "file": _file("x.csv", b"a")}
    )
    assert response.status_code == 200 and ImportJob.objects.count() == 0
    job = ImportJob.objects.create(
        kind="participants",
        organisation=world.org_a,
        file_name="a.csv",
        started_by=world.user("pzs_staff"),
    )
    assert client_for("member_b").get(f"/training/imports/{job.public_id}/").status_code == 404


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("pl", "Importuj uczestników", "Import participants"), ("en", "Import participants", "Importuj uczestników")],
)
def test_it_titles_the_imports_in_the_language_of_the_request(world, client_for, language, shown, not_shown):
    client = client_for("pzs_staff")
    client.cookies["django_language"] = language
    page = client.get("/training/imports/").content.decode()
    assert shown in page and not_shown not in page


def test_it_reads_the_template_headers_and_the_column_codes_alike():
    from kooperacja.training.imports import BatchReader, ImportFileError, column_codes

    assert column_codes(["PESEL", " Dzień ", "rodzaj", "hours", "inna"]) == ["pesel", "day", "kind", "hours", "inna"]
    reader = BatchReader("attendance", ["PESEL", "dzień", "godziny"], max_rows=10)
    assert reader.positions == {"pesel": 0, "day": 1, "hours": 2}
    with pytest.raises(ImportFileError, match="missing: PESEL, dzień"):
        BatchReader("attendance", ["godziny"], max_rows=10)
