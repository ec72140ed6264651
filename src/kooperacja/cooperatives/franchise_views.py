"""Pages of a model's franchisees: record one, correct it, activate it, end it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.cooperatives import selectors, services
from kooperacja.cooperatives.forms import FranchiseeEditForm, FranchiseeForm, FranchiseMoveForm
from kooperacja.cooperatives.models import FRANCHISE_MACHINE, FranchiseState
from kooperacja.cooperatives.views import _error, form_page
from kooperacja.core.errors import ConflictError
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import PROVIDER_KINDS


def franchisee_create(request, code):
    model = selectors.model_get_for_franchise(user=request.user, code=code)
    organisations = registry.organisations(kinds=PROVIDER_KINDS, active=True)
    if model.franchisor_id:
        organisations = organisations.exclude(pk=model.franchisor_id)
    form = FranchiseeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        created = {}

        def save():
            created["franchisee"] = services.franchisee_add(
                actor=request.user,
                model=model,
                organisation=form.cleaned_data["organisation"],
                unit=form.cleaned_data["unit"],
                since=form.cleaned_data.get("since"),
                until=form.cleaned_data.get("until"),
                note=form.cleaned_data.get("note") or "",
            )

        if form.saved_by(save):
            messages.success(request, _("The franchisee was recorded as negotiating."))
            return redirect(
                "cooperatives:franchisee-detail", code=model.code, public_id=created["franchisee"].public_id
            )
    return form_page(
        request,
        form,
        title=_("New franchisee of %(model)s") % {"model": model.display_name},
        back_url=reverse("cooperatives:model-detail", args=[model.code]),
        intro=_("The franchisor's manager or the catalogue editor records who runs the model, and where."),
    )


def franchisee_detail(request, code, public_id):
    franchisee = selectors.franchisee_get_for_view(user=request.user, code=code, public_id=public_id)
    manages = request.user.has_perm("cooperatives.manage_franchise", franchisee)
    context = {
        "franchisee": franchisee,
        "model": franchisee.model,
        "manages": manages,
        "moves": FRANCHISE_MACHINE.allowed_for(request.user, franchisee, field="state"),
        "events": selectors.franchisee_events(franchisee=franchisee) if manages else [],
        "move_form": FranchiseMoveForm(),
    }
    return render(request, "cooperatives/franchisee_detail.html", context)


def franchisee_edit(request, code, public_id):
    franchisee = selectors.franchisee_get_for_manage(user=request.user, code=code, public_id=public_id)
    initial = {"since": franchisee.since, "until": franchisee.until, "note": franchisee.note}
    form = FranchiseeEditForm(request.POST or None, initial={**initial, "version": franchisee.version})
    back = reverse("cooperatives:franchisee-detail", args=[code, franchisee.public_id])
    if request.method == "POST" and form.is_valid():

        def save():
            services.franchisee_update(
                actor=request.user,
                franchisee=franchisee,
                since=form.cleaned_data.get("since"),
                until=form.cleaned_data.get("until"),
                note=form.cleaned_data.get("note") or "",
                expected_version=form.cleaned_data["version"],
            )

        if form.saved_by(save):
            messages.success(request, _("The franchise record was saved."))
            return redirect(back)
    return form_page(request, form, title=_("Edit the franchise record"), back_url=back)


def _move(request, code, public_id, target: str):
    franchisee = selectors.franchisee_get_for_manage(user=request.user, code=code, public_id=public_id)
    form = FranchiseMoveForm(request.POST)
    chosen = form.cleaned_data if form.is_valid() else {}
    try:
        if target == FranchiseState.ACTIVE:
            services.franchisee_activate(
                actor=request.user, franchisee=franchisee, since=chosen.get("on"), note=chosen.get("note") or ""
            )
        else:
            services.franchisee_end(
                actor=request.user, franchisee=franchisee, until=chosen.get("on"), note=chosen.get("note") or ""
            )
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The franchise is now: %(state)s.") % {"state": franchisee.get_state_display()})
    return redirect("cooperatives:franchisee-detail", code=code, public_id=franchisee.public_id)


@require_POST
def franchisee_activate(request, code, public_id):
    return _move(request, code, public_id, FranchiseState.ACTIVE)


@require_POST
def franchisee_end(request, code, public_id):
    return _move(request, code, public_id, FranchiseState.ENDED)
