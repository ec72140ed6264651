"""Pages of yearly reports: the list, preparing a report, a report with its blocks, approving and submitting it,
a new version, the PDF and XLSX, and the records behind each figure."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.reporting import documents, figures, selectors, services
from kooperacja.reporting.forms import FilterForm, PrepareForm, SubmitForm
from kooperacja.reporting.models import REPORT_MACHINE, ReportStatus


def _list_context(request, form=None):
    organisations = selectors.report_organisations_for(request.user)
    filters = FilterForm(request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    reports = selectors.report_list(
        user=request.user,
        year=chosen.get("year"),
        status=chosen.get("status") or None,
        kind=chosen.get("kind") or None,
        sort=chosen.get("sort") or selectors.DEFAULT_SORT,
    )
    return {
        "form": form or PrepareForm(organisations=organisations, default_year=services.default_year()),
        "filters": filters,
        "organisations": organisations,
        "may_prepare": request.user.has_perm("reporting.manage_reports") and bool(organisations),
        "page_obj": paginate(request, reports, per_page=25),
    }


def report_list(request):
    return render(request, "reporting/report_list.html", _list_context(request))


def report_prepare(request):
    organisations = selectors.report_organisations_for(request.user)
    if request.method != "POST":
        form = PrepareForm(organisations=organisations, default_year=services.default_year())
        return render(request, "reporting/report_prepare.html", {"form": form, "organisations": organisations})
    form = PrepareForm(request.POST, organisations=organisations, default_year=services.default_year())
    if form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        try:
            report = services.annual_report_prepare(
                actor=request.user, organisation=organisation, year=form.cleaned_data["year"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The report was prepared as a draft."))
            return redirect("reporting:report-detail", public_id=report.public_id)
    return render(request, "reporting/report_prepare.html", {"form": form, "organisations": organisations})


def report_detail(request, public_id):
    report = selectors.report_get_for_view(user=request.user, public_id=public_id)
    values = selectors.report_values(report)
    may_change = request.user.has_perm("reporting.approve_report", report)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "header": documents.header_pairs(report, selectors.report_header(report)),
            "blocks": [
                (title, [(row, documents.shown_value(row)) for row in rows])
                for title, rows in figures.blocks_of(report.kind, values)
            ],
            "notes": figures.notes_for(report.kind),
            "may_see_records": selectors.report_may_see_records(user=request.user, report=report),
            "moves": REPORT_MACHINE.allowed_for(request.user, report),
            "may_change": may_change,
            "submit_form": SubmitForm(),
            "events": labelled(selectors.report_timeline(report=report)) if may_change else [],
            "versions": selectors.report_versions(report=report) if may_change else [],
            "is_draft": report.status == ReportStatus.DRAFT,
        },
    )


@require_POST
def report_approve(request, public_id):
    report = selectors.report_get_for_change(user=request.user, public_id=public_id)
    try:
        services.annual_report_approve(actor=request.user, report=report, note=request.POST.get("note", "")[:500])
    except (ValidationError, ConflictError) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("The report was approved; its figures are frozen."))
    return redirect("reporting:report-detail", public_id=report.public_id)


@require_POST
def report_submit(request, public_id):
    report = selectors.report_get_for_change(user=request.user, public_id=public_id)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
        return redirect("reporting:report-detail", public_id=report.public_id)
    try:
        services.annual_report_submit(actor=request.user, report=report, submitted_on=form.cleaned_data["submitted_on"])
    except (ValidationError, ConflictError) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("The report was marked as submitted."))
    return redirect("reporting:report-detail", public_id=report.public_id)


@require_POST
def report_new_version(request, public_id):
    report = selectors.report_get_for_change(user=request.user, public_id=public_id)
    try:
        new = services.annual_report_new_version(actor=request.user, report=report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reporting:report-detail", public_id=report.public_id)
    messages.success(request, _("A new version was started from the records; the approved one is kept."))
    return redirect("reporting:report-detail", public_id=new.public_id)


def report_pdf(request, public_id):
    report = selectors.report_get_for_view(user=request.user, public_id=public_id)
    body = documents.report_pdf(report, selectors.report_values(report), selectors.report_header(report))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(report, "pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


def report_xlsx(request, public_id):
    report = selectors.report_get_for_view(user=request.user, public_id=public_id)
    body = documents.report_xlsx(
        report,
        selectors.report_values(report),
        selectors.report_header(report),
        with_records=selectors.report_may_see_records(user=request.user, report=report),
    )
    response = HttpResponse(body, content_type=documents.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(report, "xlsx")}"'
    response["Cache-Control"] = "no-store"
    return response


def figure_records(request, public_id, key):
    report = selectors.report_get_for_records(user=request.user, public_id=public_id)
    figure = figures.figure_of(report.kind, key)
    if figure is None:
        raise Http404("figure")
    values = selectors.report_values(report)
    rows = selectors.figure_records_shown(user=request.user, report=report, figure=figure)
    return render(
        request,
        "reporting/figure_records.html",
        {
            "report": report,
            "figure": figure,
            "value": documents.shown_value(figures.Row(figure=figure, value=values.get(figure.key, "0"))),
            "page_obj": paginate(request, rows, per_page=50, count_limit=None),
            "kind": figure.records,
        },
    )
