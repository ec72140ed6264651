"""Pages of orders and offers: sphere 3's landing page, the published orders (with whether and why not the
user's providers may bid), the commissioner's orders and their draft, publication, closing, evaluation, award and
cancellation, a provider's offer and its withdrawal. Contracts: ``contract_views.py``."""

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.catalogue import selectors as catalogue
from kooperacja.commissioning import documents, evaluation, selectors, services
from kooperacja.commissioning.forms import (
    MyOrderFilterForm,
    OfferFilterForm,
    OfferForm,
    OrderFilterForm,
    OrderForm,
    ReasonForm,
)
from kooperacja.commissioning.models import ORDER_MACHINE, CriterionKind, OfferStatus, OrderStatus
from kooperacja.commissioning.modes import MODES
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.core.text import long_datetime

PER_PAGE = 25
ORDER_FIELDS = (
    "number",
    "title",
    "mode",
    "expectations",
    "unit",
    "volume",
    "unit_price",
    "max_value",
    "period_start",
    "period_end",
    "social_share_percent",
)


def _render_list(request, template: str, context: dict):
    partial = request.htmx and not request.htmx.boosted
    return render(request, f"{template}#results" if partial else template, context)


def _chosen(form) -> dict:
    return {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}


def _error(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def index(request):
    """Sphere 3: what the user can do here (commission, bid, read contracts)."""
    user = request.user
    context = {
        "commissions": user.has_perm("commissioning.commission"),
        "bids": user.has_perm("commissioning.bid"),
        "reads_contracts": user.has_perm("commissioning.view_contracts"),
        "modes": list(MODES.values()),
    }
    return render(request, "commissioning/index.html", context)


def order_list(request):
    """Orders open for offers now (or in a chosen state) with, for a provider's staff, whether each of their
    organisations may bid and why not."""
    form = OrderFilterForm(request.GET or None)
    page_obj = paginate(request, selectors.order_list(user=request.user, **_chosen(form)), per_page=PER_PAGE)
    orders = list(page_obj.object_list)
    eligibility = selectors.eligibility_for(user=request.user, orders=orders)
    rows = [{"order": order, "eligibility": list(eligibility[order.pk].items())} for order in orders]
    context = {"form": form, "page_obj": page_obj, "rows": rows}
    return _render_list(request, "commissioning/order_list.html", context)


def my_order_list(request):
    form = MyOrderFilterForm(request.GET or None)
    page_obj = paginate(request, selectors.my_order_list(user=request.user, **_chosen(form)), per_page=PER_PAGE)
    context = {"form": form, "page_obj": page_obj, "rows": list(page_obj.object_list)}
    return _render_list(request, "commissioning/my_order_list.html", context)


def _form_page(request, form, *, title: str, back_url: str, intro: str = ""):
    context = {"form": form, "title": title, "back_url": back_url, "intro": intro}
    return render(request, "commissioning/form.html", context)


def _order_form(request, *, initial=None):
    return OrderForm(
        request.POST or None,
        initial=initial,
        commissioners=selectors.commissioning_organisations(user=request.user),
        services=catalogue.service_types_published(),
    )


def order_create(request):
    initial = {"offer_deadline": (timezone.localtime() + timedelta(days=22)).replace(second=0, microsecond=0)}
    form = _order_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(actor=request.user, data=form.to_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The draft order was saved."))
            return redirect("commissioning:order", public_id=order.public_id)
    return _form_page(
        request,
        form,
        title=_("New order"),
        back_url=reverse("commissioning:my-order-list"),
        intro=_("The specification is taken from the card of the service current today."),
    )


def order_edit(request, public_id):
    order = selectors.order_get_for(user=request.user, public_id=public_id, permission="commissioning.manage_order")
    back = reverse("commissioning:order", kwargs={"public_id": order.public_id})
    if order.status != OrderStatus.DRAFT:
        messages.error(request, _("Only a draft order can be edited."))
        return redirect(back)
    initial = {name: getattr(order, name) for name in ORDER_FIELDS}
    initial |= {
        "commissioner": order.commissioner_id,
        "service_type": order.service_type_id,
        "place": order.place_id,
        "offer_deadline": timezone.localtime(order.offer_deadline),
        "version": order.version,
        **OrderForm.criteria_initial(list(order.criteria.all())),
    }
    form = _order_form(request, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.order_update(
                actor=request.user,
                order=order,
                data=form.to_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The draft order was saved."))
        return redirect(back)
    return _form_page(request, form, title=_("Edit the draft order"), back_url=back)


def order_detail(request, public_id):
    order = selectors.order_get(user=request.user, public_id=public_id)
    user = request.user
    manages = user.has_perm("commissioning.manage_order", order)
    scores = user.has_perm("commissioning.score_order", order)
    offers = selectors.order_offers(user=user, order=order)
    ranked = evaluation.ranking(order) if scores and order.status != OrderStatus.PUBLISHED and offers else []
    own = selectors.own_offer(user=user, order=order)
    accepts = order.status == OrderStatus.PUBLISHED and timezone.now() < order.offer_deadline
    context = {
        "order": order,
        "rules": MODES[order.mode],
        "criteria": list(order.criteria.all()),
        "price_kind": CriterionKind.PRICE,
        "offers": offers,
        "ranked": ranked,
        "own_offer": own,
        "accepts_offers": accepts,
        "eligibility": list(selectors.eligibility_for(user=user, orders=[order])[order.pk].items()) if accepts else [],
        "may_bid": user.has_perm("commissioning.bid") and accepts,
        "manages": manages,
        "scores": scores and order.status == OrderStatus.OFFERS_CLOSED,
        "moves": ORDER_MACHINE.allowed_for(user, order),
        "deadline_passed": order.status == OrderStatus.PUBLISHED and not accepts,
        # The contract and its PDF are linked for those who may open them (not the commissioner's social workers).
        "contract": getattr(order, "contract", None)
        if order.status in ("awarded", "contracted") and user.has_perm("commissioning.view_contracts")
        else None,
        # Who moved the order: for the commissioner's staff (other readers see the moves without names).
        "events": labelled(selectors.order_timeline(order=order)) if manages or scores else [],
        "public_events": [] if manages or scores else selectors.order_timeline(order=order),
        "withdrawable": own is not None and own.status == OfferStatus.SUBMITTED and accepts,
    }
    return render(request, "commissioning/order_detail.html", context)


def order_pdf(request, public_id):
    order = selectors.order_get(user=request.user, public_id=public_id)
    response = HttpResponse(documents.order_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="zamowienie-{order.pk}.pdf"'
    return response


def _order_move(request, public_id, action, success: str):
    order = selectors.order_get_for(user=request.user, public_id=public_id, permission="commissioning.manage_order")
    try:
        action(order)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, success)
    return redirect("commissioning:order", public_id=order.public_id)


@require_POST
def order_publish(request, public_id):
    return _order_move(
        request,
        public_id,
        lambda order: services.order_publish(actor=request.user, order=order),
        _("The order was published."),
    )


@require_POST
def order_close(request, public_id):
    return _order_move(
        request,
        public_id,
        lambda order: services.order_close_offers(actor=request.user, order=order),
        _("The offers were closed."),
    )


@require_POST
def order_evaluate(request, public_id):
    return _order_move(
        request,
        public_id,
        lambda order: evaluation.order_evaluate(actor=request.user, order=order),
        _("The evaluation was closed and the ranking stored."),
    )


@require_POST
def order_award(request, public_id):
    return _order_move(
        request,
        public_id,
        lambda order: evaluation.order_award(actor=request.user, order=order),
        _("The order was awarded to the first offer of the ranking."),
    )


def order_cancel(request, public_id):
    order = selectors.order_get_for(user=request.user, public_id=public_id, permission="commissioning.manage_order")
    back = reverse("commissioning:order", kwargs={"public_id": order.public_id})
    form = ReasonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.order_cancel(actor=request.user, order=order, reason=form.cleaned_data["reason"])
        )
    ):
        messages.success(request, _("The order was cancelled."))
        return redirect(back)
    return _form_page(request, form, title=_("Cancel the order"), back_url=back)


def order_scores(request, public_id):
    """The evaluator's own points per offer and quality/social criterion (0–10); others' points are theirs."""
    order = selectors.order_get_for(user=request.user, public_id=public_id, permission="commissioning.score_order")
    back = reverse("commissioning:order", kwargs={"public_id": order.public_id})
    criteria = [c for c in order.criteria.all() if c.kind != CriterionKind.PRICE]
    offers = list(selectors.order_offers(user=request.user, order=order))
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        points = {
            (offer.pk, criterion.pk): request.POST.get(f"points_{offer.pk}_{criterion.pk}", "")
            for offer in offers
            for criterion in criteria
        }
        try:
            evaluation.scores_save(actor=request.user, order=order, points=points)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            messages.success(request, _("Your points were saved."))
            return redirect(back)
    own = selectors.own_scores(user=request.user, order=order)
    rows = [
        {
            "offer": offer,
            "cells": [
                {
                    "criterion": criterion,
                    "name": f"points_{offer.pk}_{criterion.pk}",
                    "value": request.POST.get(f"points_{offer.pk}_{criterion.pk}")
                    if request.method == "POST"
                    else own.get((offer.pk, criterion.pk), ""),
                    "errors": errors.get(f"points_{offer.pk}_{criterion.pk}", []),
                }
                for criterion in criteria
            ],
        }
        for offer in offers
    ]
    context = {"order": order, "criteria": criteria, "rows": rows, "errors": errors.get("__all__", [])}
    return render(request, "commissioning/scores.html", context)


def offer_create(request):
    """Submit an offer for the order named by ``?order=`` (open for offers: the server's clock decides)."""
    try:
        public_id = UUID(request.GET.get("order") or request.POST.get("order") or "")
    except ValueError:
        raise Http404("order") from None
    order = selectors.order_get(user=request.user, public_id=public_id)
    back = reverse("commissioning:order", kwargs={"public_id": order.public_id})
    form = OfferForm(request.POST or None, bidders=selectors.bidding_organisations(user=request.user), order=order)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_submit(
                actor=request.user, order=order, bidder=form.cleaned_data["bidder"], data=form.cleaned_data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_service_errors(exc)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request, _("Your offer was submitted at %(time)s.") % {"time": long_datetime(offer.submitted_at)}
            )
            return redirect(back)
    intro = _("Offers are accepted until %(deadline)s (the server's clock).") % {
        "deadline": long_datetime(order.offer_deadline)
    }
    return _form_page(
        request, form, title=_("Offer for %(title)s") % {"title": order.title}, back_url=back, intro=intro
    )


def offer_list(request):
    form = OfferFilterForm(request.GET or None)
    page_obj = paginate(request, selectors.offer_list(user=request.user, **_chosen(form)), per_page=PER_PAGE)
    context = {"form": form, "page_obj": page_obj, "rows": list(page_obj.object_list)}
    return _render_list(request, "commissioning/offer_list.html", context)


@require_POST
def offer_withdraw(request, public_id):
    offer = selectors.offer_get_for_bidder(user=request.user, public_id=public_id)
    try:
        services.offer_withdraw(actor=request.user, offer=offer)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Your offer was withdrawn."))
    return redirect("commissioning:order", public_id=offer.order.public_id)
