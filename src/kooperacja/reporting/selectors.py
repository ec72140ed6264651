"""Reads of yearly reports, scoped to who asks: the staff of the CIS/KIS its own reports, the register officer
the submitted reports of the CIS and KIS of their voivodeship (figures only), administrators all; anyone else
gets 404, exactly as for a report that does not exist."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.audit.reads import shows_personal_data
from kooperacja.benefits.models import BenefitMonth
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.reintegration.models import IndividualProgramme, PlannedClass
from kooperacja.reporting import figures
from kooperacja.reporting.models import AnnualReport, ReportStatus
from kooperacja.training.models import Participation

PZS_KINDS = (OrganisationKind.CIS, OrganisationKind.KIS)
SORTS = {
    "year": ("year", "organisation__sort_name", "version", "id"),
    "-year": ("-year", "organisation__sort_name", "-version", "id"),
    "organisation": ("organisation__sort_name", "-year", "-version", "id"),
    "status": ("status", "-year", "-version", "id"),
}
DEFAULT_SORT = "-year"


def report_organisation_ids(user) -> frozenset[int]:
    """The CIS and KIS whose reports the user prepares (staff)."""
    return actor_of(user).organisations_with(Role.PZS_STAFF, kinds=PZS_KINDS)


def report_organisations_for(user) -> list[Organisation]:
    if user.is_superuser:
        return list(registry.organisations(kinds=PZS_KINDS, active=True))
    return list(registry.organisations(ids=report_organisation_ids(user)))


def report_list(
    *, user, year: int | None = None, status: str | None = None, kind: str | None = None, sort: str = DEFAULT_SORT
) -> QuerySet[AnnualReport]:
    reports = AnnualReport.objects.select_related("organisation")
    if not user.is_superuser:
        actor = actor_of(user)
        visible = Q(organisation_id__in=report_organisation_ids(user))
        voivodeships = actor.voivodeships_with(Role.REGISTER_OFFICER)
        if voivodeships:
            in_voivodeship = registry.organisations(kinds=PZS_KINDS, voivodeships=voivodeships).values("pk")
            visible |= Q(status=ReportStatus.SUBMITTED, organisation_id__in=in_voivodeship)
        reports = reports.filter(visible)
    if year:
        reports = reports.filter(year=year)
    if status:
        reports = reports.filter(status=status)
    if kind:
        reports = reports.filter(kind=kind)
    return reports.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def report_get_for_view(*, user, public_id) -> AnnualReport:
    """A report the user may see (404 otherwise)."""
    report = report_list(user=user).select_related("previous").filter(public_id=public_id).first()
    if report is None:
        raise Http404("annual report")
    return report


def report_get_for_records(*, user, public_id) -> AnnualReport:
    """A report whose lists of records the user may see: visible (else 404) and of the user's own CIS/KIS (else
    403: the register officer sees the figures only)."""
    report = report_get_for_view(user=user, public_id=public_id)
    if not user.has_perm("reporting.view_records", report):
        raise PermissionDenied
    return report


def report_get_for_change(*, user, public_id) -> AnnualReport:
    """A report the user may approve, submit or continue: visible (else 404) and theirs (else 403)."""
    report = report_get_for_view(user=user, public_id=public_id)
    if not user.has_perm("reporting.approve_report", report):
        raise PermissionDenied
    return report


def report_may_see_records(*, user, report: AnnualReport) -> bool:
    return user.has_perm("reporting.view_records", report)


def report_values(report: AnnualReport) -> dict[str, str]:
    """A draft's figures computed from the records now; an approved or submitted report's frozen ones."""
    if report.is_frozen:
        return dict(report.figures.get("values", {}))
    return figures.compute_values(organisation_id=report.organisation_id, year=report.year, kind=report.kind)


def report_header(report: AnnualReport) -> dict[str, str]:
    if report.is_frozen and report.figures.get("header"):
        return dict(report.figures["header"])
    return figures.header_of(report.organisation, report.year)


def report_timeline(*, report: AnnualReport):
    return report.events.select_related("actor").order_by("at", "id")


def report_versions(*, report: AnnualReport) -> list[AnnualReport]:
    """Every version of the organisation's report for the year, the latest first."""
    return list(
        AnnualReport.objects.filter(organisation_id=report.organisation_id, year=report.year).order_by("-version")
    )


def _people_of(record) -> list:
    if isinstance(record, Participation):
        return [record.person]
    if isinstance(record, IndividualProgramme | PlannedClass):
        return [record.participation.person]
    if isinstance(record, BenefitMonth):
        return []
    return [record]  # a staff member's account


@shows_personal_data(purpose="report records", fields=("first_name", "last_name"), persons=_people_of)
def figure_records_shown(*, user, report: AnnualReport, figure: figures.Figure) -> QuerySet:
    """The records behind one figure of a report fetched by :func:`report_get_for_records` (a page taken of them is
    logged). The records are those of now: for a frozen report they may differ from the figure if the records
    changed since, which the page says."""
    return figures.records_of(organisation_id=report.organisation_id, year=report.year, figure=figure)
