"""Imports in bulk: a fixed number of statements whatever the number of rows, every bad row of a file listed at
once with nothing written, duplicates within the file and against the records held, files over the old limit of
20,000 rows, progress as the rows are checked, a conflict with a change made meanwhile."""

import functools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.pl import pesel as stdnum_pesel

from kooperacja.core import jobs
from kooperacja.core.crypto import blind_index
from kooperacja.staffing.models import StaffingNeed
from kooperacja.training import imports, services
from kooperacja.training.imports import COLUMNS
from kooperacja.training.models import Attendance, ImportJob, ImportKind, ImportStatus, Participation, Person
from kooperacja.training.services import import_jobs
from kooperacja.training.services.import_participants import ParticipantImport
from kooperacja.training.services.persons import pesels_validated
from tests.factories import GRUDZIADZ
from tests.training.factories import enrol, make_card, make_pesel, participation_data, person_data

pytestmark = pytest.mark.django_db


def _participant(pesel: str, **overrides) -> dict:
    values = {
        "pesel": pesel,
        "first_name": "Anna",
        "last_name": "Hurtowa",
        "home_municipality": GRUDZIADZ,
        "eligibility": "homeless",
        "exclusions": "none",
        "referral_date": "2025-02-10",
        "plan_reference": "IPZS/7",
        "plan_signed_on": "2025-02-28",
        "start_date": "2025-03-03",
        "planned_end_date": "2025-12-31",
        "consent_to_share": "tak",
    }
    values.update(overrides)
    return values


def _csv(kind: str, rows: list[dict]) -> bytes:
    columns = COLUMNS[kind]
    lines = [";".join(columns)] + [";".join(str(row.get(column, "")) for column in columns) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def _queued(world, kind: str, content: bytes, capture, *, user="pzs_staff", organisation=None) -> ImportJob:
    with capture(execute=False):  # the test plays the worker
        return services.import_job_create(
            actor=world.user(user),
            kind=kind,
            organisation=organisation or world.org_a,
            file_name=f"{kind}.csv",
            content=content,
            language="en",
        )


def _run(world, kind: str, content: bytes, capture, **options) -> ImportJob:
    job = _queued(world, kind, content, capture, **options)
    services.import_job_process(job_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def steady_heartbeat(monkeypatch):
    """Progress written only when forced: the statements of an import do not depend on how long it takes."""
    monkeypatch.setattr(import_jobs.jobs, "JobHeartbeat", functools.partial(jobs.JobHeartbeat, interval=1e9))


def _statements(world, kind, content, capture, **options) -> tuple[int, ImportJob]:
    job = _queued(world, kind, content, capture, **options)
    with CaptureQueriesContext(connection) as queries:
        services.import_job_process(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    return len(queries), job


# --- statements ----------------------------------------------------------------------------------------


def test_it_imports_10_or_200_participants_in_the_same_number_of_statements(
    world, django_capture_on_commit_callbacks, steady_heartbeat
):
    few, job = _statements(
        world,
        "participants",
        _csv("participants", [_participant(make_pesel()) for _ in range(10)]),
        django_capture_on_commit_callbacks,
    )
    many, job = _statements(
        world,
        "participants",
        _csv("participants", [_participant(make_pesel()) for _ in range(200)]),
        django_capture_on_commit_callbacks,
    )
    assert job.rows_done == 200 and Participation.objects.filter(organisation=world.org_a).count() == 210
    assert few == many <= 25


def test_it_imports_10_or_200_attendance_rows_in_the_same_number_of_statements(
    world, django_capture_on_commit_callbacks, steady_heartbeat
):
    pesels = [make_pesel() for _ in range(10)]
    _run(
        world,
        "participants",
        _csv("participants", [_participant(p) for p in pesels]),
        django_capture_on_commit_callbacks,
    )
    monday = date(2025, 3, 3)

    def weeks(first: int, count: int) -> bytes:
        # ``count`` working days of each person from the ``first`` working day on.
        return _csv(
            "attendance",
            [
                {
                    "pesel": pesel,
                    "day": (monday + timedelta(weeks=number // 5, days=number % 5)).isoformat(),
                    "kind": "obecny",
                    "hours": "6",
                }
                for number in range(first, first + count)
                for pesel in pesels
            ],
        )

    few, _job = _statements(world, "attendance", weeks(0, 1), django_capture_on_commit_callbacks)
    many, job = _statements(world, "attendance", weeks(1, 20), django_capture_on_commit_callbacks)
    assert job.rows_done == 200 and Attendance.objects.count() == 210
    assert few == many <= 25


def test_it_imports_10_or_200_needs_in_the_same_number_of_statements(
    world, django_capture_on_commit_callbacks, steady_heartbeat
):
    make_card(qualifications=("TST-B1", "TST-B2"), code="bulk-card")
    start = (timezone.localdate() + timedelta(days=30)).isoformat()

    def needs(count: int) -> bytes:
        row = {
            "service": "bulk-card",
            "position": "Opiekunka",
            "headcount": "2",
            "required_qualifications": "TST-B1|TST-B2",
            "working_time": "full_time",
            "start_date": start,
            "municipality": GRUDZIADZ,
            "pay_min": "5000",
            "pay_max": "5600,50",
        }
        return _csv("needs", [row] * count)

    options = {"user": "member_b", "organisation": world.org_b}
    few, _job = _statements(world, "needs", needs(10), django_capture_on_commit_callbacks, **options)
    many, job = _statements(world, "needs", needs(200), django_capture_on_commit_callbacks, **options)
    assert job.rows_done == 200
    need = StaffingNeed.objects.filter(provider=world.org_b).latest("id")
    assert sorted(need.required_qualifications.values_list("code", flat=True)) == ["TST-B1", "TST-B2"]
    assert need.created_by == world.user("member_b") and need.search_text and str(need.pay_max) == "5600.50"
    assert few == many <= 25


# --- every bad row, nothing written ------------------------------------------------------------------------


def test_it_lists_bad_rows_at_the_start_middle_and_end_and_writes_nothing(world, django_capture_on_commit_callbacks):
    rows = [_participant(make_pesel()) for _ in range(300)]
    rows[0]["pesel"] = "85031412345"  # row 2: the check digit is wrong
    rows[149]["start_date"] = "31.02.2025"  # row 151: no such day
    rows[150]["home_municipality"] = "0462"  # row 152: a county, not a municipality
    rows[299]["planned_end_date"] = "2028-01-01"  # row 301: longer than a CIS stay may last
    rows[299]["email"] = "not an address"
    job = _run(world, "participants", _csv("participants", rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.REJECTED and job.rows_done == 0 and job.content_encrypted is None
    assert [(error["row"], error["field"]) for error in job.errors] == [
        (2, "pesel"),
        (151, "start_date"),
        (152, "home_municipality"),
        (301, "email"),
        (301, "planned_end_date"),
    ]
    messages = {error["row"]: error["message"] for error in job.errors}
    assert messages[2] == "Invalid PESEL" and messages[152] == "Choose a municipality."
    assert messages[151] == "Enter a date as YYYY-MM-DD or DD.MM.YYYY."
    assert "may last at most 24 months" in job.errors[-1]["message"]
    assert Person.objects.count() == 0 and Participation.objects.count() == 0


def test_it_lists_bad_attendance_rows_anywhere_in_the_file_and_writes_nothing(
    world, django_capture_on_commit_callbacks
):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    from kooperacja.core.crypto import decrypt

    pesel = decrypt(participation.person.pesel_encrypted)
    services.attendance_record(actor=staff, participation=participation, day=date(2025, 3, 10), hours=6)
    # Working days from 17 March on, 8 h each.
    days = [date(2025, 3, 17) + timedelta(weeks=number // 5, days=number % 5) for number in range(30)]
    rows = [{"pesel": pesel, "day": day.isoformat(), "kind": "", "hours": "8"} for day in days]
    rows[0]["hours"] = "25"  # row 2: more than a day has
    rows[14]["day"] = "2025-03-10"  # row 16: recorded already
    rows[15]["day"] = rows[16]["day"]  # row 17 repeats row 18's day (row 18 is the later one)
    rows[21]["kind"] = "present"
    rows[21]["hours"] = ""  # row 23: present without hours
    rows[25]["kind"] = "sick"  # row 27: hours on a day of sick leave
    rows[29]["pesel"] = make_pesel()  # row 31: nobody here has this PESEL
    job = _run(world, "attendance", _csv("attendance", rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.REJECTED
    assert [(error["row"], error["field"]) for error in job.errors] == [
        (2, "hours"),
        (16, "day"),
        (18, "day"),
        (23, "hours"),
        (27, "hours"),
        (31, "pesel"),
    ]
    assert job.errors[0]["message"] == "Hours per day: from 0 to 16 h."
    assert job.errors[1]["message"] == (
        "Attendance for 03/10/2025 is already recorded (present, 6 h). Correct it instead."
    )
    assert job.errors[2]["message"] == "The same person and day are already in row 17."
    assert job.errors[3]["message"] == "Enter the hours present."
    assert job.errors[4]["message"] == "Hours are recorded only on days present."
    assert job.errors[5]["message"] == "No participant of this organisation has this PESEL."
    assert Attendance.objects.count() == 1


def test_it_reports_a_pesel_repeated_in_the_file_and_an_overlap_with_a_stay_held(
    world, django_capture_on_commit_callbacks
):
    staff = world.user("pzs_staff")
    held = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    from kooperacja.core.crypto import decrypt

    held_pesel = decrypt(held.person.pesel_encrypted)
    twice = make_pesel()
    rows = [
        _participant(twice),
        _participant(held_pesel, start_date="2025-05-05", planned_end_date="2025-08-29"),  # overlaps the stay held
        _participant(twice, start_date="2026-03-02", planned_end_date="2026-06-30"),
    ]
    job = _run(world, "participants", _csv("participants", rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.REJECTED
    assert [(error["row"], error["field"], error["message"]) for error in job.errors] == [
        (
            3,
            "start_date",
            "This person already takes part here from 03/03/2025 to 12/28/2025; participations cannot overlap.",
        ),
        (4, "pesel", "The same PESEL is already in row 2."),
    ]
    assert Person.objects.count() == 1 and Participation.objects.count() == 1

    # A later stay of a person held is a new participation of the same person, with the data held.
    rows = [_participant(held_pesel, first_name="Inna", start_date="2026-03-02", planned_end_date="2026-12-31")]
    job = _run(world, "participants", _csv("participants", rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.DONE, job.errors
    assert Person.objects.count() == 1 and held.person.participations.count() == 2
    assert Person.objects.get().first_name == held.person.first_name
    event = Participation.objects.latest("id").events.get()
    assert (event.from_state, event.to_state, event.actor, event.note) == ("", "referred", staff, "Enrolled")


def test_it_lists_the_first_errors_and_counts_the_rest_per_column():
    errors = import_jobs.ErrorList(limit=3)
    errors.extend([imports.RowError(row, "pesel", "Invalid PESEL") for row in range(2, 6)])
    errors.extend([imports.RowError(9, "hours", "Enter a number.")])
    listed = errors.as_list()
    assert [(error.row, error.field) for error in listed] == [(2, "pesel"), (3, "pesel"), (4, "pesel"), (0, "")]
    assert listed[-1].message == "2 more errors are not listed, in the columns: godziny, PESEL."


# --- size, progress, conflicts ---------------------------------------------------------------------------


def test_it_accepts_a_file_of_25000_participants(world, django_capture_on_commit_callbacks):
    rows = [
        _participant(make_pesel(date(1960, 1, 1) + timedelta(days=number % 9000), number // 9000 + 100))
        for number in range(25_000)
    ]
    job = _run(world, "participants", _csv("participants", rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.DONE and job.rows_done == job.rows_total == 25_000, job.errors[:3]
    assert Participation.objects.filter(organisation=world.org_a).count() == 25_000
    assert imports.MAX_ROWS[ImportKind.PARTICIPANTS] >= 100_000 and imports.MAX_ROWS[ImportKind.ATTENDANCE] >= 2_000_000
    person = Person.objects.get(pesel_index=blind_index(rows[12_345]["pesel"]))
    assert person.birth_date == stdnum_pesel.get_birth_date(rows[12_345]["pesel"])


def test_it_reports_progress_as_the_rows_are_checked(world, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_ROWS", 10)
    seen = []

    class Recording(jobs.JobHeartbeat):
        def __init__(self, job):
            super().__init__(job, interval=0)

        def beat(self, **fields):
            seen.append((fields.get("progress"), fields.get("rows_done")))
            return super().beat(**fields)

    monkeypatch.setattr(jobs, "JobHeartbeat", Recording)
    rows = [_participant(make_pesel()) for _ in range(45)]
    job = _run(world, "participants", _csv("participants", rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.DONE and job.progress == 100
    checked = [(progress, done) for progress, done in seen if done]
    assert checked == [(round(100 * done / 45) * 90 // 100, done) for done in (10, 20, 30, 40, 45)] + [(90, 45)]


def test_it_writes_nothing_when_someone_enrols_a_person_of_the_file_meanwhile(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    pesel = make_pesel()

    class Overtaken(ParticipantImport):
        def write(self):
            services.participant_enrol(
                actor=world.user("pzs_staff"),
                organisation=world.org_a,
                person_data=person_data(pesel=pesel),
                participation_data=participation_data(),
            )
            return super().write()

    monkeypatch.setitem(services.IMPORTERS, ImportKind.PARTICIPANTS, Overtaken)
    rows = [_participant(make_pesel()), _participant(pesel)]
    job = _run(world, "participants", _csv("participants", rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.REJECTED and job.content_encrypted is None
    assert [error["message"] for error in job.errors] == [
        "The records of this organisation changed while the file was being checked; nothing was imported. "
        "Upload the file again."
    ]
    assert Person.objects.count() == 0


# --- the PESEL column at once ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="0123456789", min_size=11, max_size=11),
            st.text(alphabet="0123456789 -", min_size=0, max_size=14),
            st.builds(
                make_pesel,
                st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)),
                st.integers(min_value=0, max_value=4999),
                st.booleans(),
            ),
        ),
        max_size=20,
    )
)
def test_it_checks_a_column_of_pesel_numbers_as_stdnum_checks_each(values):
    expected = []
    for value in values:
        try:
            compact = services.pesel_validate(value)
        except Exception:  # noqa: BLE001 - any refusal is "not a PESEL"
            expected.append(None)
        else:
            expected.append((compact, stdnum_pesel.get_birth_date(compact)))
    assert pesels_validated(values) == expected


def test_it_writes_nothing_when_a_person_held_gets_another_stay_meanwhile(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    staff = world.user("pzs_staff")
    held = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    from kooperacja.core.crypto import decrypt

    class Overtaken(ParticipantImport):
        def write(self):
            enrol(actor=staff, organisation=world.org_a, person=held.person, start=date(2027, 3, 1))
            return super().write()

    monkeypatch.setitem(services.IMPORTERS, ImportKind.PARTICIPANTS, Overtaken)
    rows = [_participant(decrypt(held.person.pesel_encrypted), start_date="2026-03-02", planned_end_date="2026-12-31")]
    job = _run(world, "participants", _csv("participants", rows), django_capture_on_commit_callbacks)
    assert (
        job.status == ImportStatus.REJECTED and "changed while the file was being checked" in job.errors[0]["message"]
    )
    assert held.person.participations.count() == 1  # the form's stay was rolled back with the import in the test
