"""Pages of a selection: the overview (terms, criteria, assessors, entries, moves, history) and the manager's
edits. Every page starts from ``selectors.selection_get_for_*`` (404 for a selection the user may not see,
403 for a manager's page of one they only see)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kooperacja.core.errors import ConflictError
from kooperacja.selection import selectors, services
from kooperacja.selection.forms import AssessorForm, CriterionForm, MoveForm, TermsForm
from kooperacja.selection.models import SELECTION_MACHINE, State, TieRule
from kooperacja.selection.pages import TIE_RULE_TEXT, context_for
from kooperacja.selection.ranking_views import (  # noqa: F401  (routed from here)
    appeal_decide,
    appeals,
    ranking,
    ranking_pdf,
    ranking_xlsx,
)
from kooperacja.selection.score_views import score_sheet  # noqa: F401  (routed from here)

# The moves offered as buttons, with what each does (the machine also allows ranked → scoring: that follows an
# upheld appeal, decided on the appeals page).
MOVES = {
    "published": (
        State.PUBLISHED,
        gettext_lazy("Publish"),
        gettext_lazy("The criteria, their weights and the tie rule are frozen; entries may still come in."),
    ),
    "scoring": (
        State.SCORING,
        gettext_lazy("Start scoring"),
        gettext_lazy("The assessors are told and score every entry on every criterion; no new entries."),
    ),
    "ranked": (
        State.RANKED,
        gettext_lazy("Rank"),
        gettext_lazy("The ranking is computed from all the scores and published; the time for appeals starts."),
    ),
    "confirmed": (
        State.CONFIRMED,
        gettext_lazy("Confirm the selection"),
        gettext_lazy("The selected entries become final and are passed on. This cannot be undone."),
    ),
    "cancelled": (
        State.CANCELLED,
        gettext_lazy("Cancel the selection"),
        gettext_lazy("Nobody is selected. This cannot be undone; give the reason."),
    ),
}
SERVICE_OF: dict[str, Callable[..., object]] = {
    "published": services.selection_publish,
    "scoring": services.selection_start_scoring,
    "ranked": services.selection_rank,
    "confirmed": services.selection_confirm,
}


def _back(selection):
    return reverse("selection:overview", args=[selection.public_id])


def _error(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def overview(request, public_id):
    selection = selectors.selection_get_for_view(request.user, public_id)
    context = context_for(request, selection)
    entries = selectors.entries_of(selection)
    labels = selectors.entry_labels(entries, request.user)
    allowed = SELECTION_MACHINE.allowed_for(request.user, selection, field="state")
    if selection.state == State.RANKED:
        allowed = [target for target in allowed if target != State.SCORING]
    context |= {
        "criteria": selectors.criteria_of(selection),
        "tie_rule_text": TIE_RULE_TEXT[TieRule(selection.tie_rule)],
        "assessors": selectors.score_progress(selection) if context["manages"] else [],
        "entries": [(entry, labels[entry.pk]) for entry in entries],
        "moves": [(key, *MOVES[key][1:]) for key in MOVES if MOVES[key][0] in allowed],
        "events": selectors.events_of(selection),
        "criterion_form": CriterionForm(),
        "assessor_form": AssessorForm(candidates=selectors.assessor_candidates(selection))
        if context["manages"]
        else None,
        "may_edit_criteria": context["manages"] and selection.state == State.DRAFT,
        "may_change_assessors": context["manages"] and selection.state in services.ASSESSOR_STATES,
        "pending_appeals": selectors.pending_appeals_count(selection) if context["manages"] else 0,
        "ranking": selectors.ranking_get(selection),
    }
    return render(request, "selection/overview.html", context)


def _form_page(request, selection, form, *, title, intro=""):
    return render(
        request,
        "selection/form.html",
        context_for(request, selection) | {"form": form, "title": title, "intro": intro, "back_url": _back(selection)},
    )


def terms_edit(request, public_id):
    selection = selectors.selection_get_for_manage(request.user, public_id)
    if selection.state != State.DRAFT:
        messages.error(request, _("The terms are frozen once the selection is published."))
        return redirect(_back(selection))
    initial = {
        name: getattr(selection, name)
        for name in ("title", "places", "threshold", "tie_rule", "appeal_days", "version")
    }
    form = TermsForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.selection_update(actor=request.user, selection=selection, **form.cleaned_data)
        )
    ):
        messages.success(request, _("The terms were saved."))
        return redirect(_back(selection))
    return _form_page(request, selection, form, title=_("Terms of the selection"))


def criterion_add(request, public_id):
    selection = selectors.selection_get_for_manage(request.user, public_id)
    form = CriterionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(lambda: services.criterion_add(actor=request.user, selection=selection, **form.cleaned_data))
    ):
        messages.success(request, _("The criterion was added."))
        return redirect(_back(selection))
    return _form_page(request, selection, form, title=_("New criterion"))


def _criterion(selection, criterion_id):
    criterion = selection.criteria.filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404
    criterion.selection = selection
    return criterion


def criterion_edit(request, public_id, criterion_id):
    selection = selectors.selection_get_for_manage(request.user, public_id)
    criterion = _criterion(selection, criterion_id)
    initial = {name: getattr(criterion, name) for name in ("name", "description", "weight", "max_points")}
    form = CriterionForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.criterion_update(actor=request.user, criterion=criterion, **form.cleaned_data)
        )
    ):
        messages.success(request, _("The criterion was saved."))
        return redirect(_back(selection))
    return _form_page(request, selection, form, title=_("Edit the criterion"))


@require_POST
def criterion_remove(request, public_id, criterion_id):
    selection = selectors.selection_get_for_manage(request.user, public_id)
    criterion = _criterion(selection, criterion_id)
    try:
        services.criterion_remove(actor=request.user, criterion=criterion)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The criterion was removed."))
    return redirect(_back(selection))


def assessor_add(request, public_id):
    selection = selectors.selection_get_for_manage(request.user, public_id)
    form = AssessorForm(request.POST or None, candidates=selectors.assessor_candidates(selection))
    if request.method == "POST" and form.is_valid():
        user = selectors.user_for_assessor(
            selection=selection, user_id=form.cleaned_data.get("user"), username=form.cleaned_data.get("username", "")
        )
        if user is None:
            form.add_error("username", _("There is no active user with this login."))
        elif form.saved_by(lambda: services.assessor_add(actor=request.user, selection=selection, user=user)):
            messages.success(request, _("The assessor was added."))
            return redirect(_back(selection))
    return _form_page(request, selection, form, title=_("Add an assessor"))


@require_POST
def assessor_remove(request, public_id, user_id):
    selection = selectors.selection_get_for_manage(request.user, public_id)
    user = selectors.assessor_user(selection, user_id)
    try:
        services.assessor_remove(actor=request.user, selection=selection, user=user)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The assessor was removed with their scores."))
    return redirect(_back(selection))


def move(request, public_id, target):
    """A state button's confirmation page (GET) and the move itself (POST)."""
    selection = selectors.selection_get_for_manage(request.user, public_id)
    if target not in MOVES:
        raise Http404
    state, label, explanation = MOVES[target]
    form = MoveForm(request.POST or None, initial={"version": selection.version})
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]

        def call() -> object:
            if target == "cancelled":
                return services.selection_cancel(
                    actor=request.user, selection=selection, version=version, reason=form.cleaned_data["reason"]
                )
            return SERVICE_OF[target](actor=request.user, selection=selection, version=version)

        if form.saved_by(call):
            messages.success(
                request, _("Done: the selection is now “%(state)s”.") % {"state": selection.get_state_display()}
            )
            return redirect(_back(selection))
    if target != "cancelled":
        form.fields.pop("reason")
    context = context_for(request, selection) | {
        "form": form,
        "title": label,
        "intro": explanation,
        "back_url": _back(selection),
        "danger": target in ("cancelled", "confirmed"),
    }
    return render(request, "selection/move.html", context)
