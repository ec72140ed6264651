"""The integration benefit lists over HTTP: the same selectors and privacy rules as the pages (read only)."""

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Router, Schema
from ninja.pagination import paginate

from kooperacja.benefits import selectors
from kooperacja.core.api import Pagination
from kooperacja.core.routes import api_rule

router = Router(tags=["benefits"])

VIEW = "benefits.view_benefits"


class MonthOut(Schema):
    public_id: UUID
    organisation_id: UUID
    organisation_name: str
    year: int
    month: int
    version: int
    state: str
    corrects: UUID | None
    computed_at: datetime

    @staticmethod
    def resolve_organisation_id(month) -> UUID:
        return month["organisation_id"] if isinstance(month, dict) else month.organisation.public_id

    @staticmethod
    def resolve_organisation_name(month) -> str:
        return month["organisation_name"] if isinstance(month, dict) else month.organisation.name

    @staticmethod
    def resolve_corrects(month) -> UUID | None:
        if isinstance(month, dict):
            return month["corrects"]
        return month.corrects.public_id if month.corrects_id else None


class StepOut(Schema):
    code: str
    value: str
    note: str


class LineOut(Schema):
    participant_id: UUID
    first_name: str
    last_name: str
    full_amount: Decimal
    working_days: int
    stay_days: int
    days_present: int
    unrecorded_days: int
    deductions: Decimal
    benefit: Decimal
    bonus: Decimal
    social_contributions: Decimal
    health_contribution: Decimal
    to_pay: Decimal
    steps: list[StepOut]


class MonthDetailOut(MonthOut):
    lines: list[LineOut]


def _month(month) -> dict:
    return {
        "public_id": month.public_id,
        "organisation_id": month.organisation.public_id,
        "organisation_name": month.organisation.name,
        "year": month.year,
        "month": month.month,
        "version": month.version,
        "state": month.state,
        "corrects": month.corrects.public_id if month.corrects_id else None,
        "computed_at": month.computed_at,
    }


api_rule("benefits-months", VIEW)


@router.get("/months", response=list[MonthOut], url_name="benefits-months")
@paginate(Pagination)
def list_months(request):
    """The monthly lists of the CIS where the caller is staff, the latest first."""
    return selectors.benefit_month_list(user=request.user).select_related("corrects")


api_rule("benefits-month", VIEW)


@router.get("/months/{public_id}", response=MonthDetailOut, url_name="benefits-month")
def get_month(request, public_id: UUID):
    """One month's list with each participant's calculation (the names read are logged)."""
    month = selectors.benefit_month_get(user=request.user, public_id=public_id)
    lines = selectors.benefit_lines_shown(user=request.user, benefit_month=month, channel="api")
    return {
        **_month(month),
        "lines": [
            {
                "participant_id": line.participation.public_id,
                "first_name": line.participation.person.first_name,
                "last_name": line.participation.person.last_name,
                "full_amount": line.full_amount,
                "working_days": line.working_days,
                "stay_days": line.stay_days,
                "days_present": line.days_present,
                "unrecorded_days": line.unrecorded_days,
                "deductions": line.deductions,
                "benefit": line.benefit,
                "bonus": line.bonus,
                "social_contributions": line.social_contributions,
                "health_contribution": line.health_contribution,
                "to_pay": line.to_pay,
                "steps": [{"code": s["code"], "value": s["value"], "note": s["note"]} for s in line.steps],
            }
            for line in lines
        ],
    }
