"""Pages of the integration benefit: the months of a CIS, a month's list with every step, its XLSX and printable
version, and the refund-claim summary for the starosta."""

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from kooperacja.accounts.people import labelled as people_labelled
from kooperacja.benefits import documents, selectors, services
from kooperacja.benefits.forms import BonusForm, ComputeForm, RefundForm
from kooperacja.benefits.models import MONTH_MACHINE, MonthState
from kooperacja.benefits.steps import STEP_LABELS, labelled
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def month_list(request):
    organisations = selectors.benefit_organisations_for(request.user)
    form = ComputeForm(organisations=organisations)
    page_obj = paginate(request, selectors.benefit_month_list(user=request.user), per_page=25)
    return render(
        request,
        "benefits/month_list.html",
        {"form": form, "page_obj": page_obj, "organisations": organisations},
    )


@require_POST
def month_compute(request):
    organisations = selectors.benefit_organisations_for(request.user)
    form = ComputeForm(request.POST, organisations=organisations)
    if form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        try:
            benefit_month = services.benefit_month_compute(
                actor=request.user,
                organisation=organisation,
                year=form.cleaned_data["year"],
                month=form.cleaned_data["month"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The month was computed."))
            return redirect("benefits:month-detail", public_id=benefit_month.public_id)
    page_obj = paginate(request, selectors.benefit_month_list(user=request.user), per_page=25)
    return render(
        request, "benefits/month_list.html", {"form": form, "page_obj": page_obj, "organisations": organisations}
    )


def _month_context(request, benefit_month):
    lines = selectors.benefit_lines_shown(user=request.user, benefit_month=benefit_month)
    for line in lines:
        line.labelled_steps = labelled(line.steps)
    totals = {
        name: sum((getattr(line, name) for line in lines), 0)
        for name in ("benefit", "bonus", "social_contributions", "health_contribution", "to_pay", "deductions")
    }
    return {
        "benefit_month": benefit_month,
        "lines": lines,
        "totals": totals,
        "events": people_labelled(selectors.benefit_month_timeline(benefit_month=benefit_month)),
        "moves": MONTH_MACHINE.allowed_for(request.user, benefit_month, field="state"),
        "states": dict(MonthState.choices),
        "is_draft": benefit_month.state == MonthState.DRAFT,
        "is_paid": benefit_month.state == MonthState.PAID,
        "bonus_form": BonusForm(),
    }


def month_detail(request, public_id):
    benefit_month = selectors.benefit_month_get(user=request.user, public_id=public_id)
    return render(request, "benefits/month_detail.html", _month_context(request, benefit_month))


def month_print(request, public_id):
    benefit_month = selectors.benefit_month_get(user=request.user, public_id=public_id)
    return render(request, "benefits/month_print.html", _month_context(request, benefit_month))


@require_POST
def month_move(request, public_id):
    benefit_month = selectors.benefit_month_get(user=request.user, public_id=public_id)
    target = request.POST.get("target", "")
    try:
        services.benefit_month_move(
            actor=request.user, benefit_month=benefit_month, target=target, note=request.POST.get("note", "")[:500]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The state of the month was changed."))
    return redirect("benefits:month-detail", public_id=benefit_month.public_id)


@require_POST
def month_correct(request, public_id):
    benefit_month = selectors.benefit_month_get(user=request.user, public_id=public_id)
    try:
        correction = services.benefit_month_correct(
            actor=request.user, benefit_month=benefit_month, note=request.POST.get("note", "")[:500]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("benefits:month-detail", public_id=benefit_month.public_id)
    messages.success(request, _("A correction was created as a new version."))
    return redirect("benefits:month-detail", public_id=correction.public_id)


@require_POST
def line_bonus(request, public_id):
    line = selectors.benefit_line_get(user=request.user, public_id=public_id)
    form = BonusForm(request.POST)
    if form.is_valid():
        try:
            services.benefit_line_set_bonus(actor=request.user, line=line, amount=form.cleaned_data["bonus"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The motivation bonus was recorded."))
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
    return redirect("benefits:month-detail", public_id=line.benefit_month.public_id)


def month_pdf(request, public_id):
    benefit_month = selectors.benefit_month_get(user=request.user, public_id=public_id)
    lines = selectors.benefit_lines_shown(user=request.user, benefit_month=benefit_month)
    response = HttpResponse(documents.month_pdf(benefit_month, lines), content_type="application/pdf")
    name = f"swiadczenia-{benefit_month.year}-{benefit_month.month:02d}-v{benefit_month.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def month_xlsx(request, public_id):
    benefit_month = selectors.benefit_month_get(user=request.user, public_id=public_id)
    lines = selectors.benefit_lines_shown(user=request.user, benefit_month=benefit_month)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{benefit_month.year}-{benefit_month.month:02d}"
    sheet.append(
        [
            str(_("Participant")),
            str(STEP_LABELS["full"]),
            str(STEP_LABELS["working_days"]),
            str(STEP_LABELS["stay_days"]),
            str(STEP_LABELS["days_present"]),
            str(_("Deductions (zł)")),
            str(STEP_LABELS["benefit"]),
            str(STEP_LABELS["bonus"]),
            str(_("Social insurance contributions (zł)")),
            str(STEP_LABELS["contribution_health"]),
            str(STEP_LABELS["to_pay"]),
        ]
    )
    for line in lines:
        person = line.participation.person
        sheet.append(
            [
                f"{person.last_name} {person.first_name}",
                line.full_amount,
                line.working_days,
                line.stay_days,
                line.days_present,
                line.deductions,
                line.benefit,
                line.bonus,
                line.social_contributions,
                line.health_contribution,
                line.to_pay,
            ]
        )
    steps = workbook.create_sheet(str(_("Calculation")))
    steps.append([str(_("Participant")), str(_("Step")), str(_("Value")), str(_("Basis and assumptions"))])
    for line in lines:
        person = line.participation.person
        for step in labelled(line.steps):
            steps.append([f"{person.last_name} {person.first_name}", str(step["label"]), step["value"], step["note"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"swiadczenia-{benefit_month.year}-{benefit_month.month:02d}-v{benefit_month.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def refund(request):
    organisations = selectors.benefit_organisations_for(request.user)
    data = request.GET.copy()
    if organisations:
        data.setdefault("organisation", str(organisations[0].pk))
    data.setdefault("year", str(timezone.localdate().year))
    form = RefundForm(data, organisations=organisations)
    summary = None
    if organisations and form.is_valid():
        summary = selectors.refund_summary(
            user=request.user,
            organisation_id=form.cleaned_data["organisation"],
            year=form.cleaned_data["year"] or timezone.localdate().year,
        )
    context: dict[str, Any] = {"form": form, "summary": summary, "organisations": organisations}
    if summary is not None:
        context["totals"] = {
            name: summary.total(name)
            for name in (
                "participants",
                "benefits",
                "bonuses",
                "social_contributions",
                "health_contributions",
                "refund",
            )
        }
        context["organisation"] = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        context["year"] = form.cleaned_data["year"] or timezone.localdate().year
    return render(request, "benefits/refund.html", context)
