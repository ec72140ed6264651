"""What waits in reporting (``core.waiting``): from 1 January, the report for the year just ended of each CIS/KIS
where the user prepares reports, until a version of it is submitted. A CIS submits it by 31 March (the
regulation of 30 December 2016); the KIS report has no date in the act, so it shows none."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core import waiting
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import OrganisationKind
from kooperacja.reporting.models import AnnualReport, ReportStatus
from kooperacja.reporting.selectors import report_organisation_ids

CIS_DUE = (3, 31)  # month, day


def reports_due(user, limit: int, *, today: date | None = None) -> waiting.Waiting:
    organisation_ids = report_organisation_ids(user)
    if not organisation_ids:
        return waiting.NOTHING
    year = (today or timezone.localdate()).year - 1
    organisations = list(
        registry.organisations(ids=organisation_ids, active=True)
        .select_related(None)
        .order_by("name")
        .only("pk", "name", "kind")
    )
    reports: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(
        organisation_id__in=[organisation.pk for organisation in organisations], year=year
    ).only("public_id", "organisation_id", "status", "version"):
        known = reports.get(report.organisation_id)
        if (
            known is None
            or known.status != ReportStatus.SUBMITTED
            and (report.status == ReportStatus.SUBMITTED or report.version > known.version)
        ):
            reports[report.organisation_id] = report
    due = [
        organisation
        for organisation in organisations
        if organisation.pk not in reports or reports[organisation.pk].status != ReportStatus.SUBMITTED
    ]
    items = []
    for organisation in due[:limit]:
        latest = reports.get(organisation.pk)
        if latest is None:
            text, url = (
                gettext("%(organisation)s: the report for %(year)s is not prepared"),
                reverse("reporting:report-prepare"),
            )
        elif latest.status == ReportStatus.DRAFT:
            text = gettext("%(organisation)s: the report for %(year)s is a draft")
            url = reverse("reporting:report-detail", kwargs={"public_id": latest.public_id})
        else:
            text = gettext("%(organisation)s: the report for %(year)s is approved, not submitted")
            url = reverse("reporting:report-detail", kwargs={"public_id": latest.public_id})
        items.append(
            waiting.WaitingItem(
                label=text % {"organisation": organisation.name, "year": year},
                url=url,
                due=date(year + 1, *CIS_DUE) if organisation.kind == OrganisationKind.CIS else None,
            )
        )
    return waiting.Waiting(len(due), tuple(items))


KINDS = (
    waiting.Kind("reporting.reports_due", _("Yearly reports to submit"), reports_due, "reporting:report-list", 60),
)
