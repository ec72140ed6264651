"""The import of delivery reports: all rows or none, every bad row listed with its row and column, closed
periods refused, wrong and oversized files refused, the same statements for 10 rows as for 200."""

import functools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kooperacja.core import jobs
from kooperacja.delivery import import_jobs, imports
from kooperacja.delivery.models import ContractDelivery, DeliveryReport, ImportStatus, ReportStatus
from kooperacja.training import imports as reading
from tests.delivery.factories import draft, make_contract, periods

pytestmark = pytest.mark.django_db


def _csv(rows: list[list]) -> bytes:
    header = ";".join(imports.HEADERS[column] for column in imports.COLUMNS)
    lines = [header] + [";".join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def _row(contract, period, units="90", people="10", staff="2", complaints="0", satisfaction="4,5", note=""):
    return [contract.public_id, period.period_start.isoformat(), units, people, staff, complaints, satisfaction, note]


def _run(world, content: bytes, capture, *, user="pes_manager", provider=None, name="reports.csv"):
    with capture(execute=False):
        job = import_jobs.import_create(
            actor=world.user(user), provider=provider or world.org_a, file_name=name, content=content, language="en"
        )
    import_jobs.import_process(job_id=job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def steady_heartbeat(monkeypatch):
    monkeypatch.setattr(import_jobs.jobs, "JobHeartbeat", functools.partial(jobs.JobHeartbeat, interval=1e9))


def test_a_good_file_is_imported_as_submitted_reports(world, django_capture_on_commit_callbacks):
    contract = make_contract(world)
    rows = [_row(contract, period) for period in periods(contract)[:6]]
    rows[0][0] = contract.number  # the contract's number serves as well as its identifier
    job = _run(world, _csv(rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.rows_done == 6
    assert DeliveryReport.objects.filter(status=ReportStatus.SUBMITTED, import_job=job).count() == 6
    summary = ContractDelivery.objects.get(contract=contract)
    assert summary.periods_reported == 6 and summary.units_delivered == 540


def test_bad_rows_are_all_listed_and_nothing_is_saved(world, django_capture_on_commit_callbacks):
    contract = make_contract(world)
    closed = make_contract(world, status="completed")
    other = make_contract(world, provider=world.org_b)
    schedule = periods(contract)
    draft(world, contract, index=3)
    rows = [
        _row(contract, schedule[0]),
        _row(contract, schedule[1], units="-5"),  # row 3
        _row(contract, schedule[2], people="lots"),  # row 4
        _row(contract, schedule[3]),  # row 5: reported already
        _row(closed, periods(closed)[0]),  # row 6: closed contract
        _row(other, periods(other)[0]),  # row 7: not the provider's
        _row(contract, schedule[11]),  # row 8: not begun
        _row(contract, schedule[0]),  # row 9: twice in the file
        _row(contract, schedule[4], satisfaction="9"),  # row 10
    ]
    job = _run(world, _csv(rows), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.REJECTED
    found = {(error["row"], error["column"]) for error in job.errors}
    assert found == {
        (3, "jednostki zrealizowane"),
        (4, "osoby objęte usługą"),
        (5, "okres od"),
        (6, "umowa"),
        (7, "umowa"),
        (8, "okres od"),
        (9, "okres od"),
        (10, "satysfakcja"),
    }
    assert DeliveryReport.objects.count() == 1  # only the draft made before
    assert not ContractDelivery.objects.filter(contract=contract).exists()


def test_a_file_without_the_required_columns_is_refused(world, django_capture_on_commit_callbacks):
    job = _run(world, b"umowa;okres od\r\nx;2025-01-01\r\n", django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.REJECTED
    assert "missing" in job.errors[0]["message"]


def test_a_wrong_or_oversized_file_is_refused_at_upload(world, monkeypatch):
    with pytest.raises(ValidationError, match="XLSX or CSV"):
        import_jobs.import_create(
            actor=world.user("pes_manager"), provider=world.org_a, file_name="a.pdf", content=b"x"
        )
    with pytest.raises(ValidationError, match="empty"):
        import_jobs.import_create(actor=world.user("pes_manager"), provider=world.org_a, file_name="a.csv", content=b"")
    monkeypatch.setattr(reading, "MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="larger than"):
        import_jobs.import_create(
            actor=world.user("pes_manager"), provider=world.org_a, file_name="a.csv", content=b"x" * 11
        )


def test_only_the_providers_staff_import(world):
    for name in ("coordinator", "member_b", "analyst"):
        with pytest.raises(PermissionDenied):
            import_jobs.import_create(actor=world.user(name), provider=world.org_a, file_name="a.csv", content=b"x")


def test_10_or_200_rows_take_the_same_statements(world, django_capture_on_commit_callbacks, steady_heartbeat):
    def statements(contracts) -> int:
        rows = [_row(contract, period) for contract in contracts for period in periods(contract)[:5]]
        with django_capture_on_commit_callbacks(execute=False):
            job = import_jobs.import_create(
                actor=world.user("pes_manager"), provider=world.org_a, file_name="r.csv", content=_csv(rows)
            )
        with CaptureQueriesContext(connection) as queries:
            import_jobs.import_process(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE, job.errors
        return len(queries)

    small = statements([make_contract(world) for _ in range(2)])
    large = statements([make_contract(world) for _ in range(40)])
    assert small == large


def test_an_xlsx_file_is_imported_too(world, django_capture_on_commit_callbacks):
    import io

    from openpyxl import Workbook

    contract = make_contract(world)
    book = Workbook()
    sheet = book.active
    sheet.append([imports.HEADERS[column] for column in imports.COLUMNS])
    for period in periods(contract)[:3]:
        sheet.append([contract.number, period.period_start, 80, 7, 2, 0, 4.2, "ok"])
    buffer = io.BytesIO()
    book.save(buffer)
    job = _run(world, buffer.getvalue(), django_capture_on_commit_callbacks, name="reports.xlsx")
    assert job.status == ImportStatus.DONE, job.errors
    assert DeliveryReport.objects.filter(import_job=job).count() == 3
