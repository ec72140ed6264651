"""Preparing, approving (figures frozen), submitting and versioning yearly reports; who sees what; the pages,
the PDF, the XLSX and the API."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from kooperacja.accounts.roles import Role
from kooperacja.registry.models import OrganisationKind
from kooperacja.reporting import services
from kooperacja.reporting.models import AnnualReport, ReportKind, ReportStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.reporting.factories import YEAR, active, prepared, records_2025
from tests.training.factories import make_kis, make_staff

pytestmark = pytest.mark.django_db

KRAKOW = "1261011"


def _approved(world):
    report = prepared(world)
    return services.annual_report_approve(actor=world.user("pzs_staff"), report=report)


def _submitted(world):
    report = _approved(world)
    return services.annual_report_submit(
        actor=world.user("pzs_staff"), report=report, submitted_on=timezone.localdate()
    )


def test_it_prepares_one_report_per_organisation_and_year_for_a_year_that_has_ended(world):
    report = prepared(world)
    assert (report.kind, report.status, report.version, report.figures) == (ReportKind.CIS, ReportStatus.DRAFT, 1, {})
    with pytest.raises(ValidationError) as refused:
        prepared(world)
    assert "already been prepared" in refused.value.message_dict["year"][0]
    this_year = timezone.localdate().year
    with pytest.raises(ValidationError) as refused:
        services.annual_report_prepare(actor=world.user("pzs_staff"), organisation=world.org_a, year=this_year)
    assert f"once the year has ended, from 1 January {this_year + 1}" in refused.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as refused:
        services.annual_report_prepare(actor=world.user("pzs_staff"), organisation=world.org_a, year=this_year + 1)
    assert "has not come yet" in refused.value.message_dict["year"][0]
    assert services.default_year() == this_year - 1
    kis = make_kis()
    with pytest.raises(PermissionDenied):
        services.annual_report_prepare(actor=world.user("pzs_staff"), organisation=kis, year=YEAR)
    staff = make_staff(kis)
    assert services.annual_report_prepare(actor=staff, organisation=kis, year=YEAR).kind == ReportKind.KIS
    with pytest.raises(ValidationError):
        services.annual_report_prepare(actor=world.user("admin"), organisation=world.org_b, year=YEAR)
    assert AnnualReport.objects.count() == 2


def test_the_current_year_is_refused_in_polish(world, client_for, polish):
    this_year = timezone.localdate().year
    response = client_for("pzs_staff").post(
        reverse("reporting:report-prepare"), {"organisation": world.org_a.pk, "year": this_year}
    )
    assert response.status_code == 200
    assert f"Sprawozdanie za {this_year} r. można przygotować dopiero po zakończeniu roku" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_a_draft_follows_the_records_and_approval_freezes_them(world, client_for):
    records = records_2025(world)
    report = prepared(world)
    client = client_for("pzs_staff")
    url = reverse("reporting:report-detail", args=[report.public_id])
    assert ">4</a>" in client.get(url).content.decode()  # participants.total, linked to its records
    report = services.annual_report_approve(actor=world.user("pzs_staff"), report=report)
    assert report.figures["values"]["participants.total"] == "4"
    assert report.frozen_at is not None
    frozen = dict(report.figures)
    # The records change after the approval: the approved report keeps its figures.
    active(world, start=date(2025, 6, 2), categories=["homeless"], reference="IPZS/8/2025", last_name="Późny")
    report.refresh_from_db()
    assert report.figures == frozen
    page = client.get(url).content.decode()
    assert "The figures were frozen on" in page
    assert ">4</a>" in page
    # A new version is computed from the records; the approved one is kept.
    new = services.annual_report_new_version(actor=world.user("pzs_staff"), report=report)
    assert (new.version, new.previous, new.status) == (2, report, ReportStatus.DRAFT)
    assert ">5</a>" in client.get(reverse("reporting:report-detail", args=[new.public_id])).content.decode()
    with pytest.raises(ValidationError):
        services.annual_report_new_version(actor=world.user("pzs_staff"), report=report)
    new = services.annual_report_approve(actor=world.user("pzs_staff"), report=new)
    with pytest.raises(ValidationError) as refused:
        services.annual_report_new_version(actor=world.user("pzs_staff"), report=new)
    assert "nothing to correct" in refused.value.messages[0]
    assert records.referred.pk  # the referred stay stays out of every figure
    assert report.events.count() == 2 and new.events.count() == 2


def test_a_report_is_submitted_on_a_day_after_its_approval(world, client_for):
    report = _approved(world)
    staff = world.user("pzs_staff")
    with pytest.raises(ValidationError) as refused:
        services.annual_report_submit(actor=staff, report=report, submitted_on=timezone.localdate() + timedelta(days=1))
    assert "future" in refused.value.message_dict["submitted_on"][0]
    with pytest.raises(ValidationError) as refused:
        services.annual_report_submit(actor=staff, report=report, submitted_on=timezone.localdate() - timedelta(days=1))
    assert "cannot have been submitted before" in refused.value.message_dict["submitted_on"][0]
    with pytest.raises(ValidationError):
        services.annual_report_submit(
            actor=staff, report=prepared(world, organisation=_second_cis(world)), submitted_on=timezone.localdate()
        )
    response = client_for("pzs_staff").post(
        reverse("reporting:report-submit", args=[report.public_id]), {"submitted_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.submitted_on) == (ReportStatus.SUBMITTED, timezone.localdate())


def _second_cis(world):
    cis = OrganisationFactory(name="CIS Drugi", kind=OrganisationKind.CIS)
    MembershipFactory(user=world.user("pzs_staff"), organisation=cis, role=Role.PZS_STAFF)
    return cis


def test_the_pages_approve_a_report_and_only_its_staff_may(world, client_for):
    report = prepared(world)
    url = reverse("reporting:report-approve", args=[report.public_id])
    other = make_staff(OrganisationFactory(name="CIS Inny", kind=OrganisationKind.CIS))
    from django.test import Client

    stranger = Client()
    stranger.force_login(other)
    assert stranger.post(url).status_code == 404
    assert stranger.get(reverse("reporting:report-detail", args=[report.public_id])).status_code == 404
    assert (
        client_for("social_worker").get(reverse("reporting:report-detail", args=[report.public_id])).status_code == 403
    )
    assert client_for("member_b").get(reverse("reporting:report-list")).status_code == 403
    assert client_for("pzs_staff").post(url).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_the_register_officer_sees_submitted_reports_of_the_voivodeship_figures_only(world, client_for):
    records_2025(world)
    report = prepared(world)
    officer = client_for("register_officer")
    detail = reverse("reporting:report-detail", args=[report.public_id])
    assert officer.get(detail).status_code == 404  # a draft
    services.annual_report_approve(actor=world.user("pzs_staff"), report=report)
    assert officer.get(detail).status_code == 404  # approved, not yet submitted
    services.annual_report_submit(actor=world.user("pzs_staff"), report=report, submitted_on=timezone.localdate())
    page = officer.get(detail)
    assert page.status_code == 200
    assert ">4<" in page.content.decode() and ">4</a>" not in page.content.decode()
    records = reverse("reporting:figure-records", args=[report.public_id, "participants.total"])
    assert officer.get(records).status_code == 403
    workbook = load_workbook(io.BytesIO(officer.get(reverse("reporting:report-xlsx", args=[report.public_id])).content))
    assert "Records" not in workbook.sheetnames
    assert [r.public_id for r in officer.get(reverse("reporting:report-list")).context["page_obj"].object_list] == [
        report.public_id
    ]
    # An officer of another voivodeship: nothing.
    office = OrganisationFactory(name="Małopolski UW", kind=OrganisationKind.VOIVODE_OFFICE, municipality_id=KRAKOW)
    far = UserFactory(username="far_officer")
    MembershipFactory(user=far, organisation=office, role=Role.REGISTER_OFFICER)
    from django.test import Client

    client = Client()
    client.force_login(far)
    assert client.get(detail).status_code == 404
    assert client.get(reverse("reporting:report-list")).context["page_obj"].object_list == []


def test_the_records_page_lists_what_a_figure_counts_to_the_staff(world, client_for):
    records = records_2025(world)
    report = prepared(world)
    client = client_for("pzs_staff")
    page = client.get(reverse("reporting:figure-records", args=[report.public_id, "participants.category.alcohol"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "IPZS/2/2025" in text and "Dwugrupowa" in text and "IPZS/7/2024" in text
    assert "IPZS/1/2024" not in text and "IPZS/5/2025" not in text
    assert len(page.context["page_obj"].object_list) == 2
    months = client.get(reverse("reporting:figure-records", args=[report.public_id, "finance.months"]))
    assert "03/2025" in months.content.decode()
    assert client.get(reverse("reporting:figure-records", args=[report.public_id, "no.such"])).status_code == 404
    from kooperacja.audit.models import PersonalDataAccess

    assert PersonalDataAccess.objects.filter(
        purpose="report records", object_id=records.with_two_groups.person.pk
    ).exists()


def test_the_xlsx_and_pdf_carry_the_figures_with_their_keys_and_no_names(world, client_for, polish):
    records = records_2025(world)
    report = _approved(world)
    client = client_for("pzs_staff")
    workbook = load_workbook(io.BytesIO(client.get(reverse("reporting:report-xlsx", args=[report.public_id])).content))
    assert workbook.sheetnames == ["Sprawozdanie", "Uwagi", "Rekordy"]
    rows = {row[1]: row[3] for row in workbook["Sprawozdanie"].iter_rows(values_only=True) if row and len(row) > 3}
    assert rows["participants.total"] == 4
    assert rows["finance.bonuses"] == 100.0
    listed = list(workbook["Rekordy"].iter_rows(values_only=True))
    assert ("participants.category.alcohol", "IPZS/7/2024") in listed
    assert ("finance.months", "2025-03 v1") in listed
    every_cell = " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    person = records.with_two_groups.person
    assert person.last_name not in every_cell
    pdf = client.get(reverse("reporting:report-pdf", args=[report.public_id]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Sprawozdanie centrum integracji społecznej za 2025" in text
    assert "participants.total" in text and "exits.independent" in text
    assert "Dz.U. 2017 poz. 97" in text
    assert person.last_name not in text


def test_the_list_filters_sorts_and_pages_in_a_few_queries(world, client_for, django_assert_max_num_queries):
    prepared(world)
    second = services.annual_report_prepare(actor=world.user("pzs_staff"), organisation=world.org_a, year=2024)
    client = client_for("pzs_staff")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reporting:report-list"), {"sort": "year"})
    assert [r.year for r in response.context["page_obj"].object_list] == [2024, 2025]
    filtered = client.get(reverse("reporting:report-list"), {"year": 2024})
    assert [r.pk for r in filtered.context["page_obj"].object_list] == [second.pk]
    assert client.get(reverse("reporting:report-list"), {"status": "submitted"}).context["page_obj"].object_list == []


def test_the_api_lists_prepares_and_shows_a_report_with_its_figures(world, client_for):
    records_2025(world)
    client = client_for("pzs_staff")
    url = reverse("api:reporting-reports")
    refused = client.post(
        url,
        json.dumps({"organisation": str(world.org_a.public_id), "year": timezone.localdate().year}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "year"
    foreign = client.post(
        url, json.dumps({"organisation": str(world.org_b.public_id), "year": YEAR}), content_type="application/json"
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "organisation"
    created = client.post(
        url, json.dumps({"organisation": str(world.org_a.public_id), "year": YEAR}), content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft" and body["kind"] == "cis"
    figures = {figure["key"]: figure["value"] for figure in body["figures"]}
    assert figures["participants.total"] == "4" and figures["exits.independent"] == "2"
    listed = client.get(url).json()
    assert [item["public_id"] for item in listed["items"]] == [body["public_id"]]
    detail = client.get(reverse("api:reporting-report", args=[body["public_id"]]))
    assert detail.status_code == 200 and detail.json()["notes"]
    assert (
        client_for("register_officer").get(reverse("api:reporting-report", args=[body["public_id"]])).status_code == 404
    )
