"""Expected personas per reporting rule and sample URL arguments (tests/core/test_route_permissions.py)."""

EXPECTED = {
    "reporting.view_reports": {"admin", "pzs_staff", "register_officer"},
    "reporting.manage_reports": {"admin", "pzs_staff"},
}


def _submitted(world):
    """A submitted report of org A (in the register officer's voivodeship): every admitted persona may see it."""
    cached = getattr(world, "_reporting_submitted", None)
    if cached is None:
        from django.utils import timezone

        from kooperacja.reporting import services

        staff = world.user("pzs_staff")
        report = services.annual_report_prepare(actor=staff, organisation=world.org_a, year=2024)
        report = services.annual_report_approve(actor=staff, report=report)
        cached = world._reporting_submitted = services.annual_report_submit(
            actor=staff, report=report, submitted_on=timezone.localdate()
        )
    return {"public_id": cached.public_id}


def _records(world):
    return {**_submitted(world), "key": "participants.total"}


SAMPLE_KWARGS = {
    "reporting:report-detail": _submitted,
    "reporting:report-pdf": _submitted,
    "reporting:report-xlsx": _submitted,
    "reporting:report-approve": _submitted,
    "reporting:report-submit": _submitted,
    "reporting:report-new-version": _submitted,
    "reporting:figure-records": _records,
    "api:reporting-report": _submitted,
}
