"""Pages of delivery monitoring: the contracts' plan against delivery (per contract, service and municipality),
a contract's periods and reports, the report form and its moves, drift alerts and imports of report files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.catalogue.selectors import service_type_names
from kooperacja.commissioning import delivery_selectors as contracts
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.core.text import short_date
from kooperacja.delivery import documents, import_jobs, imports, selectors, services
from kooperacja.delivery.forms import (
    AlertFilterForm,
    ImportForm,
    MonitoringFilterForm,
    NoteForm,
    ReportFilterForm,
    ReportForm,
    ReturnForm,
    RuleForm,
)
from kooperacja.delivery.models import ALERT_MACHINE, EDITABLE, REPORT_MACHINE, AlertStatus, ReportStatus
from kooperacja.delivery.rules import commissioner_organisation_ids, provider_organisation_ids
from kooperacja.registry import selectors as registry
from kooperacja.territory import selectors as territory

PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _render_list(request, template: str, context: dict):
    partial = request.htmx and not request.htmx.boosted
    return render(request, f"{template}#results" if partial else template, context)


def _filter_choices(request):
    return selectors.municipalities_for(user=request.user), service_type_names()


def contract_list(request):
    """The index of delivery: every contract the user is party to, plan against delivery, and per service."""
    municipalities, services_ = _filter_choices(request)
    form = MonitoringFilterForm(request.GET or None, municipalities=municipalities, services=services_)
    chosen = form.cleaned_data if form.is_valid() else {}
    filters = {"municipality": chosen.get("municipality") or None, "service_type": chosen.get("service_type")}
    rows = selectors.monitoring_for(user=request.user, sort=chosen.get("sort") or None, **filters)
    context = {
        "form": form,
        "page_obj": paginate(request, rows, per_page=PER_PAGE),
        "by_service": selectors.totals_by_service(user=request.user, municipality=filters["municipality"]),
        "may_import": request.user.has_perm("delivery.report"),
    }
    return _render_list(request, "delivery/contract_list.html", context)


def municipality_list(request):
    rows = selectors.totals_by_municipality(user=request.user)
    return render(request, "delivery/municipality_list.html", {"rows": rows})


def _issuer_of(organisation_id):
    return registry.organisations(ids=[organisation_id]).first() if organisation_id else None


def _contract_context(request, facts):
    return {
        "facts": facts,
        "summary": selectors.contract_summary(facts=facts),
        "periods": selectors.contract_periods(facts=facts),
        "indicators": selectors.indicator_averages(facts=facts),
    }


def contract_detail(request, public_id):
    facts = selectors.contract_get_for(user=request.user, public_id=public_id)
    context = _contract_context(request, facts)
    probe = services.DeliveryReport(provider_id=facts.provider_id, commissioner_id=facts.commissioner_id)
    rule = selectors.rule_of(contract_id=facts.pk)
    context |= {
        "rule": rule,
        "may_report": request.user.has_perm("delivery.submit_report", probe),
        "may_set_rule": request.user.has_perm("delivery.set_rule", probe),
        "closed": services.closed_period_message(facts, None) if facts.status in contracts.CLOSED_STATUSES else "",
        "alerts": selectors.alert_list_for(user=request.user).filter(contract_id=facts.pk)[:20],
    }
    return render(request, "delivery/contract_detail.html", context)


def _contract_document(request, public_id, *, kind: str):
    facts = selectors.contract_get_for(user=request.user, public_id=public_id)
    context = _contract_context(request, facts)
    issuer = _issuer_of(facts.commissioner_id)
    name = f"realizacja-{facts.label}".replace("/", "-").replace(" ", "_")
    if kind == "pdf":
        content = documents.contract_pdf(issuer=issuer, **context)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    else:
        content = documents.contract_xlsx(issuer=issuer, **context)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def contract_pdf(request, public_id):
    return _contract_document(request, public_id, kind="pdf")


def contract_xlsx(request, public_id):
    return _contract_document(request, public_id, kind="xlsx")


def _municipality_document(request, *, kind: str):
    code = (request.GET.get("unit") or "").strip()
    unit = territory.unit_find(code=code) if code.isdigit() and len(code) == 7 else None
    if unit is None:
        raise Http404
    rows = list(selectors.monitoring_for(user=request.user, municipality=code)[:2000])
    totals = selectors.totals_by_service(user=request.user, municipality=code)
    own = sorted(commissioner_organisation_ids(request.user))
    issuer = _issuer_of(own[0]) if own else None
    if kind == "pdf":
        response = HttpResponse(
            documents.municipality_pdf(unit=unit, rows=rows, totals=totals, issuer=issuer),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'inline; filename="realizacja-{code}.pdf"'
    else:
        response = HttpResponse(
            documents.municipality_xlsx(unit=unit, rows=rows, totals=totals, issuer=issuer), content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="realizacja-{code}.xlsx"'
    return response


def municipality_pdf(request):
    return _municipality_document(request, kind="pdf")


def municipality_xlsx(request):
    return _municipality_document(request, kind="xlsx")


# --- reports ---------------------------------------------------------------------------------------------


def report_list(request):
    form = ReportFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = selectors.report_list_for(user=request.user, status=chosen.get("status") or None, sort=chosen.get("sort"))
    context = {"form": form, "page_obj": paginate(request, rows, per_page=PER_PAGE)}
    return _render_list(request, "delivery/report_list.html", context)


def _form_page(request, form, *, title: str, back_url: str, intro: str = ""):
    return render(request, "delivery/form.html", {"form": form, "title": title, "back_url": back_url, "intro": intro})


def _data(form) -> dict:
    return dict(form.cleaned_data)


def report_create(request, public_id):
    facts = selectors.contract_get_for(user=request.user, public_id=public_id)
    probe = services.DeliveryReport(provider_id=facts.provider_id, commissioner_id=facts.commissioner_id)
    if not request.user.has_perm("delivery.submit_report", probe):
        raise Http404
    periods = {str(period.pk): period for period in contracts.periods_of(contract_id=facts.pk)}
    period = periods.get(request.GET.get("period") or request.POST.get("period") or "")
    if period is None:
        raise Http404
    indicators = contracts.indicators_of(card_version_id=facts.card_version_id)
    form = ReportForm(request.POST or None, indicators=indicators, unit=facts.unit)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user, contract_id=facts.pk, period_id=period.pk, data=_data(form)
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
            if hasattr(exc, "error_dict") and "period" in exc.error_dict:
                form.add_error(None, exc.error_dict["period"])
        else:
            messages.success(request, _("The draft report was saved. Submit it when it is complete."))
            return redirect("delivery:report", public_id=report.public_id)
    title = _("Delivery in %(start)s – %(end)s") % {"start": short_date(period.start), "end": short_date(period.end)}
    intro = _("Contract %(contract)s, %(service)s. Planned: %(planned)s %(unit)s.") % {
        "contract": facts.label,
        "service": facts.service_name,
        "planned": period.planned_units,
        "unit": facts.unit,
    }
    return _form_page(
        request, form, title=title, back_url=reverse("delivery:contract", args=[facts.public_id]), intro=intro
    )


def report_detail(request, public_id):
    report = selectors.report_get_for(user=request.user, public_id=public_id)
    facts = contracts.contract_facts(contract_ids=[report.contract_id])[report.contract_id]
    context = {
        "report": report,
        "facts": facts,
        "values": selectors.indicator_values(report=report),
        "versions": selectors.report_versions(report=report),
        "events": list(report.events.select_related("actor").order_by("at", "id")),
        "moves": REPORT_MACHINE.allowed_for(request.user, report),
        "may_edit": report.status in EDITABLE and request.user.has_perm("delivery.submit_report", report),
        "may_correct": report.status == ReportStatus.ACCEPTED
        and report.is_current
        and request.user.has_perm("delivery.submit_report", report),
        "return_form": ReturnForm(),
    }
    return render(request, "delivery/report_detail.html", context)


def report_edit(request, public_id):
    report = selectors.report_get_for(user=request.user, public_id=public_id)
    if not request.user.has_perm("delivery.submit_report", report):
        raise Http404
    facts = contracts.contract_facts(contract_ids=[report.contract_id])[report.contract_id]
    indicators = contracts.indicators_of(card_version_id=facts.card_version_id)
    initial = {name: getattr(report, name) for name in (*services.FIGURES, "note", "version")}
    initial |= {f"indicator_{row.indicator_id}": row.value for row in selectors.indicator_values(report=report)}
    form = ReportForm(request.POST or None, initial=initial, indicators=indicators, unit=facts.unit)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.report_update(
                actor=request.user,
                report=report,
                data=_data(form),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The report was saved."))
        return redirect("delivery:report", public_id=report.public_id)
    return _form_page(request, form, title=str(report), back_url=reverse("delivery:report", args=[report.public_id]))


def _moved(request, public_id, move, success: str):
    report = selectors.report_get_for(user=request.user, public_id=public_id)
    try:
        move(report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return report


@require_POST
def report_submit(request, public_id):
    report = _moved(
        request,
        public_id,
        lambda report: services.report_submit(actor=request.user, report=report),
        _("The report was submitted to the commissioner."),
    )
    return redirect("delivery:report", public_id=report.public_id)


@require_POST
def report_accept(request, public_id):
    report = _moved(
        request,
        public_id,
        lambda report: services.report_accept(actor=request.user, report=report),
        _("The report was accepted."),
    )
    return redirect("delivery:report", public_id=report.public_id)


@require_POST
def report_return(request, public_id):
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    report = _moved(
        request,
        public_id,
        lambda report: services.report_return(actor=request.user, report=report, reason=reason),
        _("The report was returned to the provider."),
    )
    return redirect("delivery:report", public_id=report.public_id)


@require_POST
def report_correct(request, public_id):
    report = selectors.report_get_for(user=request.user, public_id=public_id)
    try:
        correction = services.report_correct(actor=request.user, report=report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("delivery:report", public_id=report.public_id)
    messages.success(
        request, _("A new version of the report was opened; the accepted one counts until it is accepted.")
    )
    return redirect("delivery:report-edit", public_id=correction.public_id)


def rule_edit(request, public_id):
    facts = selectors.contract_get_for(user=request.user, public_id=public_id)
    probe = services.DeliveryReport(provider_id=facts.provider_id, commissioner_id=facts.commissioner_id)
    if not request.user.has_perm("delivery.set_rule", probe):
        raise Http404
    rule = selectors.rule_of(contract_id=facts.pk)
    initial = (
        {"threshold_percent": rule.threshold_percent, "basis": rule.basis, "version": rule.version}
        if rule
        else {"version": 0}
    )
    form = RuleForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.rule_set(
                actor=request.user,
                contract_id=facts.pk,
                threshold_percent=form.cleaned_data["threshold_percent"],
                basis=form.cleaned_data["basis"],
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The threshold was saved; it applies to the reports submitted from now on."))
        return redirect("delivery:contract", public_id=facts.public_id)
    return _form_page(
        request,
        form,
        title=_("Drift threshold of contract %(number)s") % {"number": facts.label},
        back_url=reverse("delivery:contract", args=[facts.public_id]),
    )


# --- alerts ----------------------------------------------------------------------------------------------


def alert_list(request):
    form = AlertFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = selectors.alert_list_for(user=request.user, status=chosen.get("status") or None)
    return _render_list(
        request, "delivery/alert_list.html", {"form": form, "page_obj": paginate(request, rows, per_page=PER_PAGE)}
    )


def alert_detail(request, public_id):
    alert = selectors.alert_get_for(user=request.user, public_id=public_id)
    facts = contracts.contract_facts(contract_ids=[alert.contract_id])[alert.contract_id]
    context = {
        "alert": alert,
        "facts": facts,
        "moves": ALERT_MACHINE.allowed_for(request.user, alert),
        "events": list(alert.events.select_related("actor").order_by("at", "id")),
        "form": NoteForm(),
    }
    return render(request, "delivery/alert_detail.html", context)


def _alert_moved(request, public_id, target: str, success: str):
    alert = selectors.alert_get_for(user=request.user, public_id=public_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.alert_move(actor=request.user, alert=alert, target=target, note=note)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, success)
    return redirect("delivery:alert", public_id=alert.public_id)


@require_POST
def alert_acknowledge(request, public_id):
    return _alert_moved(request, public_id, AlertStatus.ACKNOWLEDGED, _("The alert was acknowledged."))


@require_POST
def alert_close(request, public_id):
    return _alert_moved(request, public_id, AlertStatus.CLOSED, _("The alert was closed."))


# --- imports ---------------------------------------------------------------------------------------------


def import_list(request):
    providers = selectors.providers_for(user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        provider = next((p for p in providers if p.pk == form.cleaned_data["provider"]), None)
        upload = form.cleaned_data["file"]
        if upload.size > imports.reading.MAX_BYTES:
            form.add_error("file", _("The file is larger than %(size)s MB.") % {"size": imports.reading.MAX_MB})
        elif provider is not None:
            try:
                job = import_jobs.import_create(
                    actor=request.user,
                    provider=provider,
                    file_name=upload.name,
                    content=upload.read(),
                    language=get_language() or "pl",
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The file was uploaded; it is being checked."))
                return redirect("delivery:import", public_id=job.public_id)
    rows = selectors.import_list_for(user=request.user)
    context = {"form": form, "page_obj": paginate(request, rows, per_page=PER_PAGE), "providers": providers}
    return _render_list(request, "delivery/import_list.html", context)


def import_detail(request, public_id):
    job = selectors.import_get_for(user=request.user, public_id=public_id)
    return render(request, "delivery/import_detail.html", {"job": job})


def import_template(request):
    response = HttpResponse("\ufeff" + imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sprawozdania-realizacji.csv"'
    return response


def provider_ids_of(user) -> frozenset[int]:
    return provider_organisation_ids(user)
