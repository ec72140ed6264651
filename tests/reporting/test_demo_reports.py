"""The demo region has the previous year's reports of one CIS and one KIS, approved, with figures from records."""

import pytest
from django.utils import timezone

from kooperacja.demo.loader import demo_load
from kooperacja.reporting.models import AnnualReport, ReportStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_approved_reports_for_the_previous_year_of_a_cis_and_a_kis():
    demo_load()
    reports = {report.kind: report for report in AnnualReport.objects.select_related("organisation")}
    assert set(reports) == {"cis", "kis"}
    for report in reports.values():
        assert report.year == timezone.localdate().year - 1
        assert report.status == ReportStatus.APPROVED and report.frozen_at
    cis = reports["cis"].figures["values"]
    assert cis["participants.total"] == "3" and cis["exits.total"] == "3"
    assert cis["participants.category.long_term_unemployed"] == cis["participants.category.disabled"] == "1"
    assert cis["exits.independent"] == "2"
    assert cis["finance.months"] == "1" and cis["finance.bonuses"] == "120.00"
    assert cis["classes.vocational_workshop"] == "240.0"
    assert cis["programmes.signed"] == "3"
    assert reports["cis"].figures["header"]["register_number"].startswith("CIS/04/05")
    kis = reports["kis"].figures["values"]
    assert kis["participants.total"] == "2" and kis["exits.outcome.none"] == "1"
    demo_load()
    assert AnnualReport.objects.count() == 2
