"""What the delivery app reads of contracts and their schedules (the layer rule: only this app queries its
models). Plain facts, not model instances: delivery copies what it needs onto its own rows."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum

from kooperacja.catalogue.selectors import monitoring_indicators_of
from kooperacja.commissioning.models import Contract, ContractPeriod, ContractStatus

# Only an active contract takes delivery reports: one awaiting signature has not begun, a completed or
# terminated one is closed.
CLOSED_STATUSES = frozenset({ContractStatus.TO_SIGN, ContractStatus.COMPLETED, ContractStatus.TERMINATED})


@dataclass(frozen=True)
class ContractFacts:
    pk: int
    public_id: object
    label: str
    status: str
    status_label: str
    provider_id: int
    provider_name: str
    commissioner_id: int
    commissioner_name: str
    municipality_id: str
    municipality_name: str
    service_type_id: int
    service_name: str
    card_version_id: int | None
    unit: str
    start_date: date
    end_date: date
    value: Decimal
    planned_total: Decimal
    periods_total: int


@dataclass(frozen=True)
class PeriodFacts:
    pk: int
    start: date
    end: date
    planned_units: Decimal


def _contracts():
    return Contract.objects.select_related("provider", "commissioner", "municipality", "card_version").annotate(
        planned_sum=Sum("periods__planned_units"), periods_count=Count("periods")
    )


def _facts(contract) -> ContractFacts:
    return ContractFacts(
        pk=contract.pk,
        public_id=contract.public_id,
        label=str(contract),
        status=contract.status,
        status_label=contract.get_status_display(),
        provider_id=contract.provider_id,
        provider_name=contract.provider.name,
        commissioner_id=contract.commissioner_id,
        commissioner_name=contract.commissioner.name,
        municipality_id=contract.municipality_id,
        municipality_name=contract.municipality.name,
        service_type_id=contract.service_type_id,
        service_name=contract.card_version.name,
        card_version_id=contract.card_version_id,
        unit=contract.get_unit_display(),
        start_date=contract.start_date,
        end_date=contract.end_date,
        value=contract.value,
        planned_total=contract.planned_sum or Decimal(0),
        periods_total=contract.periods_count or 0,
    )


def contract_facts(*, contract_ids) -> dict[int, ContractFacts]:
    return {contract.pk: _facts(contract) for contract in _contracts().filter(pk__in=list(contract_ids))}


def contract_find(*, public_id) -> ContractFacts | None:
    contract = _contracts().filter(public_id=public_id).first()
    return _facts(contract) if contract is not None else None


def contract_ids_of(*, provider_ids=None, commissioner_ids=None) -> list[int]:
    """The contracts the organisations are party to (as provider or as commissioner)."""
    rows = Contract.objects.none()
    if provider_ids:
        rows = rows | Contract.objects.filter(provider_id__in=provider_ids)
    if commissioner_ids:
        rows = rows | Contract.objects.filter(commissioner_id__in=commissioner_ids)
    return list(rows.values_list("pk", flat=True))


def contracts_reportable(*, provider_ids) -> list[ContractFacts]:
    """The provider's contracts that take reports (not closed), newest first."""
    return [
        _facts(contract)
        for contract in _contracts()
        .filter(provider_id__in=provider_ids)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("-start_date", "-pk")[:200]
    ]


def periods_of(*, contract_id: int) -> list[PeriodFacts]:
    return [
        PeriodFacts(pk, start, end, planned or Decimal(0))
        for pk, start, end, planned in ContractPeriod.objects.filter(contract_id=contract_id)
        .order_by("period_start")
        .values_list("pk", "period_start", "period_end", "planned_units")
    ]


def period_of(*, contract_id: int, period_id: int) -> PeriodFacts | None:
    found = (
        ContractPeriod.objects.filter(contract_id=contract_id, pk=period_id)
        .values_list("pk", "period_start", "period_end", "planned_units")
        .first()
    )
    return PeriodFacts(found[0], found[1], found[2], found[3] or Decimal(0)) if found else None


def lock_period(*, period_id: int) -> None:
    """Hold the period's row until the caller's transaction ends (two reports of one period at once)."""
    list(ContractPeriod.objects.select_for_update().filter(pk=period_id).values_list("pk", flat=True))


def indicators_of(*, card_version_id: int | None) -> list:
    return monitoring_indicators_of(card_version_id=card_version_id)


@dataclass(frozen=True)
class ContractFigures:
    """What a contract's delivery figures are kept with: its parties, place, service and plan."""

    provider_id: int
    commissioner_id: int
    municipality_id: str
    service_type_id: int
    planned_total: Decimal
    periods_total: int


def contract_figures(*, contract_ids) -> dict[int, ContractFigures]:
    """The contracts' parties and plans in two lean queries (no joins), for thousands of contracts at once."""
    ids = list(contract_ids)
    plans = {
        row["contract_id"]: (row["planned"] or Decimal(0), row["n"])
        for row in ContractPeriod.objects.filter(contract_id__in=ids)
        .values("contract_id")
        .annotate(planned=Sum("planned_units"), n=Count("id"))
        .order_by()
    }
    found = {}
    for pk, provider_id, commissioner_id, municipality_id, service_type_id in Contract.objects.filter(
        pk__in=ids
    ).values_list("pk", "provider_id", "commissioner_id", "municipality_id", "service_type_id"):
        planned, count = plans.get(pk, (Decimal(0), 0))
        found[pk] = ContractFigures(provider_id, commissioner_id, municipality_id, service_type_id, planned, count)
    return found


def import_reference(*, provider_id: int) -> Iterator[tuple]:
    """Every period of the provider's contracts, for an import: (contract identifier as 32 hex digits, contract
    number, contract id, status, status label, period id, start, end, planned units, commissioner id).

    Read with one plain SQL statement: a voivodeship's provider may hold hundreds of thousands of periods, and
    the ORM's conversion of each value would cost more than reading them."""
    labels = {str(key): str(label) for key, label in Contract._meta.get_field("status").flatchoices}
    contracts = {
        pk: (public_id.hex, number, status, labels.get(status, status), commissioner_id)
        for pk, public_id, number, status, commissioner_id in Contract.objects.filter(
            provider_id=provider_id
        ).values_list("pk", "public_id", "number", "status", "commissioner_id")
    }
    if not contracts:
        return
    period_table = ContractPeriod._meta.db_table
    contract_table = Contract._meta.db_table
    statement = (
        f"SELECT p.contract_id, p.id, p.period_start, p.period_end, p.planned_units "  # noqa: S608 - table names
        f"FROM {period_table} p JOIN {contract_table} c ON c.id = p.contract_id WHERE c.provider_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [provider_id])
        while True:
            rows = cursor.fetchmany(20_000)
            if not rows:
                break
            for contract_id, pk, start, end, planned in rows:
                key, number, status, label, commissioner_id = contracts[contract_id]
                if start.__class__ is str:  # SQLite answers text
                    start, end = date.fromisoformat(start), date.fromisoformat(end)
                if planned.__class__ is not Decimal:
                    planned = Decimal(str(planned or 0))
                yield (key, number, contract_id, status, label, pk, start, end, planned, commissioner_id)
