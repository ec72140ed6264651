"""Writes of yearly reports: prepare one for a past year, approve it (its figures frozen), mark it submitted, and
start a new version from an approved one when the records changed."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.reporting import figures
from kooperacja.reporting.models import REPORT_MACHINE, AnnualReport, AnnualReportEvent, ReportKind, ReportStatus

REPORT_KINDS: dict[str, str] = {OrganisationKind.CIS: ReportKind.CIS, OrganisationKind.KIS: ReportKind.KIS}


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _require_staff(actor: User | None, organisation: Organisation) -> None:
    if organisation.kind not in REPORT_KINDS:
        raise ValidationError({"organisation": _("Yearly reports are prepared by a CIS or a KIS.")})
    if actor is None or actor.is_superuser:
        return
    if organisation.pk not in actor_of(actor).organisations_with(Role.PZS_STAFF):
        raise PermissionDenied


def default_year() -> int:
    """The year a report is usually prepared for: the previous one."""
    return timezone.localdate().year - 1


def year_errors(year, errors: FieldErrors) -> int | None:
    """The year of a report: a whole number, a year that has ended."""
    try:
        value = int(year)
    except (TypeError, ValueError):
        errors.add("year", _("Enter a year."))
        return None
    today = timezone.localdate()
    if value < 2000:
        errors.add("year", _("Enter a year from 2000 on."))
    elif value > today.year:
        errors.add("year", _("The year %(year)s has not come yet.") % {"year": value})
    elif value == today.year:
        errors.add(
            "year",
            _("The report for %(year)s can be prepared once the year has ended, from 1 January %(next)s.")
            % {"year": value, "next": value + 1},
        )
    return value


def annual_report_prepare(*, actor: User | None, organisation: Organisation, year) -> AnnualReport:
    """A draft report of the organisation (a CIS or KIS) for a year that has ended; one per organisation and year
    (a later version is started from an approved one with :func:`annual_report_new_version`)."""
    _require_staff(actor, organisation)
    errors = FieldErrors()
    value = year_errors(year, errors)
    errors.raise_if_any()
    assert value is not None
    with transaction.atomic():
        if AnnualReport.objects.filter(organisation=organisation, year=value).exists():
            raise ValidationError(
                {
                    "year": _(
                        "A report for %(year)s has already been prepared for this organisation; open it, or start a "
                        "new version from it once it is approved."
                    )
                    % {"year": value}
                }
            )
        try:
            with transaction.atomic():
                report = AnnualReport.objects.create(
                    organisation=organisation,
                    year=value,
                    kind=REPORT_KINDS[organisation.kind],
                    created_by=_user(actor),
                )
        except IntegrityError:
            raise ConflictError(_("Someone else prepared this report in the meantime. Reload and check.")) from None
        AnnualReportEvent.objects.create(report=report, from_state="", to_state=ReportStatus.DRAFT, actor=_user(actor))
    return report


def annual_report_approve(*, actor: User | None, report: AnnualReport, note: str = "") -> AnnualReport:
    """Approve a draft: its figures are computed once more and frozen with the time."""
    _require_staff(actor, report.organisation)
    with transaction.atomic():
        frozen = figures.snapshot(organisation=report.organisation, year=report.year, kind=report.kind)
        now = timezone.now()
        return transition(
            report,
            machine=REPORT_MACHINE,
            target=ReportStatus.APPROVED,
            actor=actor,
            event_model=AnnualReportEvent,
            note=note,
            extra_updates={"figures": frozen, "frozen_at": now},
            report=report,
        )


def annual_report_submit(*, actor: User | None, report: AnnualReport, submitted_on, note: str = "") -> AnnualReport:
    """Record that an approved report was submitted (to the voivode and, for a CIS, the grantors and the founder)
    on a day: not before its approval, not in the future."""
    _require_staff(actor, report.organisation)
    errors = FieldErrors()
    if not isinstance(submitted_on, date):
        errors.add("submitted_on", _("Enter the date the report was submitted."))
    else:
        approved_on = timezone.localdate(report.frozen_at) if report.frozen_at else None
        if submitted_on > timezone.localdate():
            errors.add("submitted_on", _("The date of submission cannot be in the future."))
        elif approved_on and submitted_on < approved_on:
            errors.add(
                "submitted_on",
                _("The report was approved on %(date)s; it cannot have been submitted before.")
                % {"date": short_date(approved_on)},
            )
    errors.raise_if_any()
    with transaction.atomic():
        return transition(
            report,
            machine=REPORT_MACHINE,
            target=ReportStatus.SUBMITTED,
            actor=actor,
            event_model=AnnualReportEvent,
            note=note,
            extra_updates={"submitted_on": submitted_on},
            report=report,
        )


def annual_report_new_version(*, actor: User | None, report: AnnualReport, note: str = "") -> AnnualReport:
    """Version n+1 of an approved or submitted report, as a draft computed from the records again; refused when
    the records give the same figures as the frozen ones, or when a later version exists. The old one is kept."""
    _require_staff(actor, report.organisation)
    if report.status == ReportStatus.DRAFT:
        raise ValidationError({"status": _("This report is a draft: its figures follow the records already.")})
    current = figures.compute_values(organisation_id=report.organisation_id, year=report.year, kind=report.kind)
    if current == report.figures.get("values"):
        raise ValidationError(
            {"status": _("The records give the same figures as the approved report; there is nothing to correct.")}
        )
    with transaction.atomic():
        latest = (
            AnnualReport.objects.select_for_update()
            .filter(organisation_id=report.organisation_id, year=report.year)
            .order_by("-version")
            .first()
        )
        if latest is None or latest.pk != report.pk:
            raise ValidationError({"status": _("This report already has a later version.")})
        new = AnnualReport.objects.create(
            organisation_id=report.organisation_id,
            year=report.year,
            kind=report.kind,
            version=report.version + 1,
            previous=report,
            created_by=_user(actor),
        )
        AnnualReportEvent.objects.create(
            report=new, from_state="", to_state=ReportStatus.DRAFT, actor=_user(actor), note=note
        )
    return new
