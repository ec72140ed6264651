"""The ranking (each version), its downloads, and the managers' page of appeals."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kooperacja.core.pagination import paginate
from kooperacja.selection import documents, selectors, services
from kooperacja.selection.forms import DecisionForm
from kooperacja.selection.models import AppealState, TieRule
from kooperacja.selection.pages import TIE_RULE_TEXT, context_for, host_label

APPEALS_PER_PAGE = 25


def _version(request) -> int | None:
    value = request.GET.get("version", "")
    return int(value) if value.isdigit() else None


def _reading(request, public_id):
    selection = selectors.selection_get_for_view(request.user, public_id)
    reading = selectors.ranking_for_reader(selection, request.user, version=_version(request))
    return selection, reading


def ranking(request, public_id):
    selection, reading = _reading(request, public_id)
    if reading["ranking"] is None and _version(request) is not None:
        raise Http404
    context = (
        context_for(request, selection)
        | reading
        | {
            "versions": selectors.rankings_of(selection),
            "tie_rule_text": TIE_RULE_TEXT[TieRule(selection.tie_rule)],
        }
    )
    return render(request, "selection/ranking.html", context)


def _download(data: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response


def ranking_pdf(request, public_id):
    selection, reading = _reading(request, public_id)
    if reading["ranking"] is None:
        raise Http404
    data = documents.ranking_pdf(
        selection=selection,
        ranking=reading["ranking"],
        rows=reading["rows"],
        criteria=reading["criteria"],
        labels=reading["labels"],
        tie_rule_text=str(TIE_RULE_TEXT[TieRule(selection.tie_rule)]),
        host_label=host_label(selection),
    )
    return _download(data, "application/pdf", f"ranking-v{reading['ranking'].number}.pdf")


def ranking_xlsx(request, public_id):
    selection, reading = _reading(request, public_id)
    if reading["ranking"] is None:
        raise Http404
    data = documents.ranking_xlsx(
        selection=selection,
        ranking=reading["ranking"],
        rows=reading["rows"],
        criteria=reading["criteria"],
        labels=reading["labels"],
    )
    return _download(data, documents.XLSX, f"ranking-v{reading['ranking'].number}.xlsx")


def appeals(request, public_id):
    selection = selectors.selection_get_for_manage(request.user, public_id)
    state = request.GET.get("state", "")
    rows = selectors.appeals_of(selection)
    if state in AppealState.values:
        rows = rows.filter(state=state)
    page_obj = paginate(request, rows, per_page=APPEALS_PER_PAGE)
    labels = selectors.entry_labels([appeal.entry for appeal in page_obj], request.user)
    for appeal in page_obj:
        appeal.shown_label = labels[appeal.entry_id]
    context = context_for(request, selection) | {
        "page_obj": page_obj,
        "state": state,
        "states": AppealState.choices,
        "decision_form": DecisionForm(),
    }
    return render(request, "selection/appeals.html", context)


def appeal_decide(request, public_id, appeal_id):
    selection = selectors.selection_get_for_manage(request.user, public_id)
    appeal = selectors.appeal_get_for_manage(request.user, selection, appeal_id)
    back = reverse("selection:appeals", args=[selection.public_id])
    form = DecisionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.appeal_decide(
                actor=request.user,
                appeal=appeal,
                upheld=form.cleaned_data["upheld"],
                reason=form.cleaned_data["reason"],
            )
        )
    ):
        if appeal.state == AppealState.UPHELD:
            messages.success(request, _("The appeal was upheld: the selection is back in scoring for a re-score."))
        else:
            messages.success(request, _("The appeal was dismissed."))
        return redirect(back)
    labels = selectors.entry_labels([appeal.entry], request.user)
    context = context_for(request, selection) | {
        "form": form,
        "appeal": appeal,
        "label": labels[appeal.entry_id],
        "back_url": back,
    }
    return render(request, "selection/appeal_decide.html", context)
