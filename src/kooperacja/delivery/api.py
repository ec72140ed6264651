"""Delivery reports over HTTP, for providers' own systems: the same selectors, services and rules as the pages.
Mounted under ``/api/v1/commissioning`` (``/delivery-reports``)."""

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.commissioning import delivery_selectors as contracts
from kooperacja.core.api import Pagination
from kooperacja.core.routes import api_rule
from kooperacja.delivery import selectors, services
from kooperacja.delivery.models import DeliveryReport, ReportStatus

router = Router(tags=["delivery"])


class IndicatorValueOut(Schema):
    indicator: int
    name: str
    value: Decimal


class DeliveryReportOut(Schema):
    public_id: UUID
    contract: UUID
    contract_number: str
    provider: UUID
    commissioner: UUID
    period_start: date
    period_end: date
    revision: int
    is_current: bool
    status: str
    planned_units: Decimal
    units_delivered: Decimal
    people_served: int
    staff_assigned: int
    complaints: int
    satisfaction: Decimal | None = None

    @staticmethod
    def resolve_contract(report) -> UUID:
        return report.contract.public_id

    @staticmethod
    def resolve_contract_number(report) -> str:
        return report.contract.number

    @staticmethod
    def resolve_provider(report) -> UUID:
        return report.provider.public_id

    @staticmethod
    def resolve_commissioner(report) -> UUID:
        return report.commissioner.public_id


class DeliveryReportDetailOut(DeliveryReportOut):
    note: str
    return_reason: str
    indicators: list[IndicatorValueOut]

    @staticmethod
    def resolve_indicators(report) -> list[dict]:
        return [
            {"indicator": row.indicator_id, "name": row.indicator.name, "value": row.value}
            for row in selectors.indicator_values(report=report)
        ]


class DeliveryReportIn(Schema):
    contract: UUID = Field(..., description="The contract's identifier (public_id)")
    period_start: date = Field(..., description="The first day of a period of the contract's schedule")
    units_delivered: Decimal = Field(..., description="In the contract's unit (hours, places, meals…)")
    people_served: int
    staff_assigned: int
    complaints: int = 0
    satisfaction: Decimal | None = Field(None, description="The average rating, 1 to 5")
    note: str = Field("", max_length=2000)
    indicators: dict[int, Decimal] = Field(
        default_factory=dict, description="Values of the card's quality indicators by indicator id"
    )
    submit: bool = Field(False, description="Submit the report to the commissioner at once (else a draft)")


api_rule("delivery-reports", "delivery.view", method="GET")
api_rule("delivery-reports", "delivery.report", method="POST")


@router.get("/delivery-reports", response=list[DeliveryReportOut], url_name="delivery-reports")
@paginate(Pagination)
def list_reports(
    request,
    status: ReportStatus | None = None,
    contract: UUID | None = None,
    sort: Literal["newest", "oldest", "status"] = "newest",
):
    """The reports of the contracts the caller's organisations are party to (as provider or commissioner)."""
    contract_id = None
    if contract is not None:
        facts = selectors.contract_get_for(user=request.user, public_id=contract)
        contract_id = facts.pk
    return selectors.report_list_for(
        user=request.user, status=str(status) if status else None, contract_id=contract_id, sort=sort
    ).select_related("contract")


def _shown(request, public_id) -> DeliveryReport:
    return selectors.report_get_for(user=request.user, public_id=public_id)


@router.post("/delivery-reports", response={201: DeliveryReportDetailOut}, url_name="delivery-reports")
def create_report(request, payload: DeliveryReportIn):
    """A report of one period of the caller's contract (draft, or submitted with ``submit``); 422 with every field
    error at once, also for a closed period or one reported already."""
    facts = contracts.contract_find(public_id=payload.contract)
    if facts is None or not request.user.has_perm(
        "delivery.submit_report",
        DeliveryReport(provider_id=facts.provider_id, commissioner_id=facts.commissioner_id),
    ):
        raise ValidationError({"contract": _("No contract of your organisation has this identifier.")})
    period = next((p for p in contracts.periods_of(contract_id=facts.pk) if p.start == payload.period_start), None)
    if period is None:
        raise ValidationError({"period_start": _("The contract has no period starting on this day.")})
    data = payload.dict(exclude={"contract", "period_start", "indicators", "submit"})
    data |= {f"indicator_{key}": value for key, value in payload.indicators.items()}
    report = services.report_create(actor=request.user, contract_id=facts.pk, period_id=period.pk, data=data)
    if payload.submit:
        report = services.report_submit(actor=request.user, report=report)
    return Status(201, _shown(request, report.public_id))


api_rule("delivery-report", "delivery.view", method="GET")


@router.get("/delivery-reports/{public_id}", response=DeliveryReportDetailOut, url_name="delivery-report")
def get_report(request, public_id: UUID):
    return _shown(request, public_id)
