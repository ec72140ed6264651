"""The bulk import of delivery reports (CSV or XLSX, one row per contract period): every row checked by the
rules of the form's service against the provider's contracts and periods read once per file, all rows written
by ``core.bulk`` (COPY on PostgreSQL) in one transaction, or none.

Columns: the contract (its identifier as the contract page and the API show it), the first day of the period,
units delivered, people served, staff assigned, complaints, satisfaction (1–5) and a note. An imported report is
submitted: it counts as delivered and waits for the commissioner's decision."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.commissioning import delivery_selectors as contracts
from kooperacja.core import bulk, plausible
from kooperacja.delivery.models import DeliveryReport, ReportImport, ReportStatus
from kooperacja.delivery.rules import provider_organisation_ids
from kooperacja.training import imports as reading
from kooperacja.training.imports import Batch, FileSpec, RowError

# A voivodeship's providers report 10,000 contracts × 36 months at most in one file, with room to spare.
MAX_ROWS = 500_000
COLUMNS = (
    "contract",
    "period_start",
    "units_delivered",
    "people_served",
    "staff_assigned",
    "complaints",
    "satisfaction",
    "note",
)
HEADERS = {
    "contract": "umowa",
    "period_start": "okres od",
    "units_delivered": "jednostki zrealizowane",
    "people_served": "osoby objęte usługą",
    "staff_assigned": "kadra",
    "complaints": "skargi",
    "satisfaction": "satysfakcja",
    "note": "uwagi",
}
SPEC = FileSpec(
    columns=COLUMNS,
    required=frozenset({"contract", "period_start", "units_delivered", "people_served", "staff_assigned"}),
    parsers={
        "period_start": reading.parse_date,
        "units_delivered": reading.parse_decimal,
        "people_served": reading.parse_int,
        "staff_assigned": reading.parse_int,
        "complaints": reading.parse_int,
        "satisfaction": reading.parse_decimal,
    },
    headers=HEADERS,
)
WRITTEN = (
    "public_id",
    "contract_id",
    "period_id",
    "provider_id",
    "commissioner_id",
    "period_start",
    "period_end",
    "planned_units",
    "revision",
    "is_current",
    "status",
    "units_delivered",
    "people_served",
    "staff_assigned",
    "complaints",
    "satisfaction",
    "note",
    "return_reason",
    "import_job_id",
    "created_by_id",
    "submitted_at",
    "version",
    "created_at",
    "updated_at",
)
RANGED = ("units_delivered", "people_served", "staff_assigned", "complaints", "satisfaction")


def header_of(column: str) -> str:
    return HEADERS.get(column, column)


def error_dict(error: RowError) -> dict:
    return {"row": error.row, "field": error.field, "column": header_of(error.field), "message": error.message}


def template_csv() -> str:
    return ";".join(HEADERS[column] for column in COLUMNS) + "\r\n"


class _Range:
    """A quantity's bounds as plain numbers, with its message made once per file."""

    __slots__ = ("high", "low", "message")

    def __init__(self, quantity: plausible.Quantity):
        self.low = quantity.low
        self.high = quantity.high
        self.message = quantity.message()


class DeliveryImport:
    """Checks batches of a delivery file and writes what they hold (see :mod:`kooperacja.delivery.import_jobs`)."""

    def __init__(self, *, job: ReportImport, actor: User | None):
        provider = job.provider
        if actor is not None and not actor.is_superuser and provider.pk not in provider_organisation_ids(actor):
            raise reading.ImportFileError(_("You may not do this for this organisation."))
        self.job = job
        self.provider_id = provider.pk
        self.actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        self.today = timezone.localdate()
        # (contract identifier as 32 hex digits, period start) -> the period and its contract.
        self.periods: dict[tuple[str, date], tuple] = {}
        self.closed: dict[int, str] = {}
        self.contract_known: set[str] = set()
        numbers: dict[str, set[str]] = {}
        for row in contracts.import_reference(provider_id=provider.pk):
            key, number, contract_id, status, status_label, period_id, start, end, planned, commissioner_id = row
            numbers.setdefault(" ".join(number.split()).lower(), set()).add(key)
            self.periods[(key, start)] = (contract_id, period_id, end, planned, commissioner_id)
            self.contract_known.add(key)
            if status in contracts.CLOSED_STATUSES:
                self.closed[contract_id] = _("The contract is %(status)s: its periods take no delivery reports.") % {
                    "status": status_label
                }
        # A contract may be named by its number where no two of the provider's contracts share it.
        self.by_number = {number: next(iter(keys)) for number, keys in numbers.items() if len(keys) == 1}
        self.reported: set[int] = set(
            DeliveryReport.objects.filter(provider_id=provider.pk).values_list("period_id", flat=True).distinct()
        )
        self.seen: set[int] = set()
        self.ranges = {
            "units_delivered": _Range(plausible.DELIVERED_UNITS),
            "people_served": _Range(plausible.PEOPLE_SERVED),
            "staff_assigned": _Range(plausible.STAFF_ASSIGNED),
            "complaints": _Range(plausible.COMPLAINTS),
            "satisfaction": _Range(plausible.SATISFACTION),
        }
        self.rows: list[tuple] = []
        self.contract_ids: set[int] = set()

    @property
    def staged(self) -> int:
        return len(self.rows)

    def _key(self, text: Any) -> str:
        folded = " ".join(str(text or "").split()).lower()
        found = self.by_number.get(folded)
        if found is not None:
            return found
        return folded.replace("-", "")

    def check(self, batch: Batch) -> None:
        values = batch.values
        for name in RANGED:
            bounds = self.ranges[name]
            low, high = bounds.low, bounds.high
            for index, value in enumerate(values[name]):
                if value is not None and not low <= value <= high:
                    batch.error(index, name, bounds.message)
        periods = self.periods
        reported = self.reported
        seen = self.seen
        today = self.today
        keys = [self._key(text) for text in values["contract"]]
        rows = self.rows
        for index, (key, start) in enumerate(zip(keys, values["period_start"], strict=True)):
            if not key or start is None:
                continue
            found = periods.get((key, start))
            if found is None:
                if key in self.contract_known:
                    batch.error(index, "period_start", _("The contract has no period starting on this day."))
                else:
                    batch.error(index, "contract", _("No contract of your organisation has this identifier."))
                continue
            contract_id, period_id, end, planned, commissioner_id = found
            closed = self.closed.get(contract_id)
            if closed:
                batch.error(index, "contract", closed)
            elif start > today:
                batch.error(index, "period_start", _("The period has not begun yet: report it once it has."))
            elif period_id in reported:
                batch.error(index, "period_start", _("This period has a report already; correct it on its page."))
            elif period_id in seen:
                batch.error(index, "period_start", _("This period is in the file twice."))
            if index in batch.bad:
                continue
            seen.add(period_id)
            self.contract_ids.add(contract_id)
            rows.append(
                (
                    contract_id,
                    period_id,
                    commissioner_id,
                    start,
                    end,
                    planned,
                    values["units_delivered"][index],
                    values["people_served"][index],
                    values["staff_assigned"][index],
                    values["complaints"][index] or 0,
                    values["satisfaction"][index],
                    (values["note"][index] or "")[:2000],
                )
            )

    def check_file(self) -> list[RowError]:
        return []

    def write(self) -> int:
        """Every staged row as a submitted report, then the contracts' figures (in the caller's transaction)."""
        now = bulk.db_datetime(timezone.now())
        ids = bulk.new_public_ids(len(self.rows))
        provider_id, job_id, actor_id = self.provider_id, self.job.pk, self.actor_id
        submitted = str(ReportStatus.SUBMITTED)
        pg = connection.vendor == "postgresql"

        def rows():
            for public_id, row in zip(ids, self.rows, strict=True):
                (
                    contract_id,
                    period_id,
                    commissioner_id,
                    start,
                    end,
                    planned,
                    units,
                    people,
                    staff,
                    complaints,
                    sat,
                    note,
                ) = row
                yield (
                    public_id,
                    contract_id,
                    period_id,
                    provider_id,
                    commissioner_id,
                    start,
                    end,
                    planned,
                    1,
                    True,
                    submitted,
                    units if pg else str(units),
                    people,
                    staff,
                    complaints,
                    sat if (pg or sat is None) else str(sat),
                    note,
                    "",
                    job_id,
                    actor_id,
                    now,
                    1,
                    now,
                    now,
                )

        written = bulk.insert_rows(DeliveryReport, WRITTEN, rows())
        from kooperacja.delivery.services import drift_check_imported, summary_refresh

        summary_refresh(contract_ids=sorted(self.contract_ids))
        drift_check_imported(job_id=job_id, contract_ids=self.contract_ids)
        return written


def as_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))
