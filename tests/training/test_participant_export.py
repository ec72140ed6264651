"""The CIS/KIS staff download their participants list as CSV: the list's scope and filters, minimal
columns, every read logged, and imported values that look like formulas neutralised for spreadsheets."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.training import services
from kooperacja.training.imports import COLUMNS
from kooperacja.training.models import ImportKind, ImportStatus, Person
from tests.training.factories import enrol, make_kis, make_pesel, make_staff, participation_data, person_data

pytestmark = pytest.mark.django_db

URL = "/training/participants/export.csv"
HEADER = ["First name", "Last name", "Home municipality", "CIS or KIS", "Status", "Participation from", "Planned end"]


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER
    return rows[1:]


def _import(world, capture, people: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS["participants"])
    for person in people:
        values = {
            "home_municipality": "0462011",
            "eligibility": "homeless",
            "exclusions": "none",
            "referral_date": "2025-02-10",
            "plan_reference": "IPZS/5",
            "plan_signed_on": "2025-02-28",
            "start_date": "2025-03-03",
            "planned_end_date": "2025-12-31",
            **person,
        }
        writer.writerow([values.get(column, "") for column in COLUMNS["participants"]])
    with capture(execute=True):
        job = services.import_job_create(
            actor=world.user("pzs_staff"),
            kind=ImportKind.PARTICIPANTS,
            organisation=world.org_a,
            file_name="people.csv",
            content=buffer.getvalue().encode(),
            language="en",
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors


def test_it_exports_imported_formulas_as_text_for_spreadsheets(world, client_for, django_capture_on_commit_callbacks):
    formula = '=HYPERLINK("http://x","y")'
    pesel = make_pesel()
    _import(
        world,
        django_capture_on_commit_callbacks,
        [{"pesel": pesel, "first_name": formula, "last_name": "+48 600 100 200", "phone": "600100200"}],
    )
    person = Person.objects.get()
    assert (person.first_name, person.last_name) == (formula, "+48 600 100 200")  # stored as typed

    client = client_for("pzs_staff")
    page = client.get("/training/participants/").content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in page  # shown as text

    response = client.get(URL)
    assert response["Content-Disposition"].startswith('attachment; filename="participants-')
    assert _rows(response) == [
        [
            "'" + formula,
            "'+48 600 100 200",
            "Grudziądz",
            "CIS Grudziądz",
            "referred",
            "2025-03-03",
            "2025-12-31",
        ]
    ]
    text = response.content.decode("utf-8-sig")
    assert pesel not in text and "600100200" not in text  # never the PESEL or contact data


def _enrol(actor, organisation, last_name: str):
    return services.participant_enrol(
        actor=actor,
        organisation=organisation,
        person_data=person_data(last_name=last_name),
        participation_data=participation_data(),
    )


def test_it_exports_exactly_the_filtered_list_of_the_users_own_participants(world, client_for):
    staff = world.user("pzs_staff")
    _enrol(staff, world.org_a, "Alfa")
    _enrol(staff, world.org_a, "Beta")
    kis = make_kis()
    _enrol(make_staff(kis), kis, "Obca")

    client = client_for("pzs_staff")
    assert sorted(row[1] for row in _rows(client.get(URL))) == ["Alfa", "Beta"]
    assert [row[1] for row in _rows(client.get(URL, {"q": "bet"}))] == ["Beta"]
    assert _rows(client.get(URL, {"status": "ready"})) == []
    # Another institution cannot be chosen: the filter is ignored, as on the list page.
    assert sorted(row[1] for row in _rows(client.get(URL, {"organisation": kis.pk}))) == ["Alfa", "Beta"]

    page = client.get("/training/participants/", {"q": "bet", "page": "1"}).content.decode()
    assert f'href="{URL}?q=bet"' in page and "Download CSV" in page
    assert client_for("social_worker").get(URL).status_code == 200
    assert client_for("pes_manager").get(URL).status_code == 403
    assert client_for("member_b").get(URL).status_code == 403
    assert client_for("analyst").get(URL).status_code == 403


def test_it_logs_every_exported_read_in_few_queries(world, client_for, django_assert_max_num_queries):
    staff = world.user("pzs_staff")
    participations = [enrol(actor=staff, organisation=world.org_a) for _ in range(12)]
    client = client_for("pzs_staff")
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(_rows(response)) == 12
    reads = PersonalDataAccess.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), purpose="participants export"
    )
    assert sorted(reads.values_list("object_id", flat=True)) == sorted(str(p.person_id) for p in participations)
    assert {tuple(read.fields) for read in reads} == {("first_name", "last_name", "home_municipality")}
    assert {read.actor_id for read in reads} == {staff.pk}
