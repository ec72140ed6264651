"""Pages of contracts: the list of the user's contracts, a contract with its schedule and moves (the provider
signs; the commissioner completes or terminates), its PDF, and the commissioner's form preparing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.commissioning import contracts, documents, selectors
from kooperacja.commissioning.forms import ContractFilterForm, ContractForm, ReasonForm
from kooperacja.commissioning.models import CONTRACT_MACHINE, OrderStatus
from kooperacja.commissioning.views import PER_PAGE, _chosen, _error, _form_page, _render_list
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate


def contract_list(request):
    form = ContractFilterForm(request.GET or None)
    page_obj = paginate(request, selectors.contract_list_for(user=request.user, **_chosen(form)), per_page=PER_PAGE)
    context = {"form": form, "page_obj": page_obj, "rows": list(page_obj.object_list)}
    return _render_list(request, "commissioning/contract_list.html", context)


def contract_detail(request, public_id):
    contract = selectors.contract_get_for(user=request.user, public_id=public_id)
    periods = selectors.contract_periods(contract=contract)
    context = {
        "contract": contract,
        "periods": periods,
        "planned_units": sum(p.planned_units for p in periods),
        "planned_value": sum(p.planned_value for p in periods),
        "moves": CONTRACT_MACHINE.allowed_for(request.user, contract),
        "events": labelled(selectors.contract_timeline(contract=contract)),
        "terminate_form": ReasonForm(),
    }
    return render(request, "commissioning/contract_detail.html", context)


def contract_pdf(request, public_id):
    contract = selectors.contract_get_for(user=request.user, public_id=public_id)
    data = documents.contract_pdf(contract, selectors.contract_periods(contract=contract))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="umowa-{contract.pk}.pdf"'
    return response


def contract_create(request, public_id):
    """The commissioner prepares the contract on the awarded offer: number and dates; a monthly schedule."""
    order = selectors.order_get_for(user=request.user, public_id=public_id, permission="commissioning.manage_order")
    back = reverse("commissioning:order", kwargs={"public_id": order.public_id})
    if order.status != OrderStatus.AWARDED or hasattr(order, "contract"):
        messages.error(request, _("A contract is prepared for an awarded order without one."))
        return redirect(back)
    form = ContractForm(request.POST or None, initial={"start_date": order.period_start, "end_date": order.period_end})
    created: dict[str, object] = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: created.setdefault(
                "contract",
                contracts.contract_prepare(
                    actor=request.user,
                    order=order,
                    number=form.cleaned_data["number"],
                    start_date=form.cleaned_data["start_date"],
                    end_date=form.cleaned_data["end_date"],
                    planned_people=form.cleaned_data.get("planned_people"),
                ),
            )
        )
    ):
        messages.success(request, _("The contract was prepared; it awaits the provider's signature."))
        return redirect("commissioning:contract", public_id=created["contract"].public_id)  # type: ignore[attr-defined]
    intro = _("The value is the awarded offer's price; the volume and the value are spread over calendar months.")
    return _form_page(request, form, title=_("Prepare the contract"), back_url=back, intro=intro)


def _contract_move(request, public_id, permission: str, action, success: str):
    contract = selectors.contract_get_for_move(user=request.user, public_id=public_id, permission=permission)
    try:
        action(contract)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, success)
    return redirect("commissioning:contract", public_id=contract.public_id)


@require_POST
def contract_sign(request, public_id):
    return _contract_move(
        request,
        public_id,
        "commissioning.sign_contract",
        lambda contract: contracts.contract_sign(actor=request.user, contract=contract),
        _("The contract was signed and is active."),
    )


@require_POST
def contract_complete(request, public_id):
    return _contract_move(
        request,
        public_id,
        "commissioning.manage_contract",
        lambda contract: contracts.contract_complete(actor=request.user, contract=contract),
        _("The contract was recorded as completed."),
    )


@require_POST
def contract_terminate(request, public_id):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    return _contract_move(
        request,
        public_id,
        "commissioning.manage_contract",
        lambda contract: contracts.contract_terminate(actor=request.user, contract=contract, reason=reason),
        _("The contract was terminated."),
    )
