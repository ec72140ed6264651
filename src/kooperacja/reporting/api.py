"""Yearly reports over HTTP: the list, one report with its figures (JSON) and preparing a draft. The same
selectors and services as the pages; the register officer sees the submitted reports of their voivodeship."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.core.api import Pagination
from kooperacja.core.routes import api_rule
from kooperacja.reporting import figures, selectors, services
from kooperacja.reporting.models import AnnualReport

router = Router(tags=["reporting"])

VIEW = "reporting.view_reports"
MANAGE = "reporting.manage_reports"


class ReportOut(Schema):
    public_id: UUID
    organisation_id: UUID
    organisation_name: str
    year: int
    kind: str
    version: int
    status: str
    frozen_at: datetime | None
    submitted_on: date | None

    @staticmethod
    def resolve_organisation_id(report) -> UUID:
        return report["organisation_id"] if isinstance(report, dict) else report.organisation.public_id

    @staticmethod
    def resolve_organisation_name(report) -> str:
        return report["organisation_name"] if isinstance(report, dict) else report.organisation.name


class FigureOut(Schema):
    key: str
    block: str
    label: str
    unit: str
    value: str


class ReportDetailOut(ReportOut):
    header: dict[str, str]
    figures: list[FigureOut]
    notes: list[str]


class ReportIn(Schema):
    organisation: UUID
    year: int = Field(ge=1, le=9999)


def _detail(report: AnnualReport) -> dict:
    values = selectors.report_values(report)
    return {
        "public_id": report.public_id,
        "organisation_id": report.organisation.public_id,
        "organisation_name": report.organisation.name,
        "year": report.year,
        "kind": report.kind,
        "version": report.version,
        "status": report.status,
        "frozen_at": report.frozen_at,
        "submitted_on": report.submitted_on,
        "header": selectors.report_header(report),
        "figures": [
            {
                "key": figure.key,
                "block": figure.block,
                "label": figure.title,
                "unit": figure.unit,
                "value": values.get(figure.key, "0"),
            }
            for figure in figures.figures_for(report.kind)
        ],
        "notes": figures.notes_for(report.kind),
    }


api_rule("reporting-reports", VIEW, method="GET")
api_rule("reporting-reports", MANAGE, method="POST")


@router.get("/reports", response=list[ReportOut], url_name="reporting-reports")
@paginate(Pagination)
def list_reports(request, year: int | None = None, status: str | None = None):
    """The reports the caller may see, the newest year first (``year`` from 2000 to 2100 filters)."""
    chosen = year if year is not None and 2000 <= year <= 2100 else None
    return selectors.report_list(user=request.user, year=chosen, status=status or None)


@router.post("/reports", response={201: ReportDetailOut}, url_name="reporting-reports")
def prepare_report(request, payload: ReportIn):
    """Prepare a draft report of one of the caller's CIS or KIS for a year that has ended."""
    organisation = next(
        (o for o in selectors.report_organisations_for(request.user) if o.public_id == payload.organisation), None
    )
    if organisation is None:
        raise ValidationError({"organisation": _("Choose one of your own CIS or KIS.")})
    report = services.annual_report_prepare(actor=request.user, organisation=organisation, year=payload.year)
    return Status(201, _detail(selectors.report_get_for_view(user=request.user, public_id=report.public_id)))


api_rule("reporting-report", VIEW)


@router.get("/reports/{public_id}", response=ReportDetailOut, url_name="reporting-report")
def get_report(request, public_id: UUID):
    """One report with its figures: a draft's computed from the records now, an approved one's as frozen."""
    return _detail(selectors.report_get_for_view(user=request.user, public_id=public_id))
