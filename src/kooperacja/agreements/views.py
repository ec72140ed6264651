"""Pages of programme offers and contact requests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.agreements import selectors, services
from kooperacja.agreements.forms import (
    AnswerForm,
    NoteForm,
    OfferFilterForm,
    OfferForm,
    ReasonForm,
    RequestFilterForm,
    RequestForm,
)
from kooperacja.agreements.models import OFFER_MACHINE, REQUEST_MACHINE, RequestStatus
from kooperacja.catalogue import selectors as catalogue
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate

PER_PAGE = 25


def _render_list(request, template: str, context: dict):
    return render(request, f"{template}#results" if request.htmx and not request.htmx.boosted else template, context)


def form_page(request, form, *, title: str, back_url: str, intro: str = ""):
    return render(request, "agreements/form.html", {"form": form, "title": title, "back_url": back_url, "intro": intro})


def _error(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def offer_list(request):
    form = OfferFilterForm(request.GET or None, services=catalogue.service_types_published())
    chosen = form.cleaned_data if form.is_valid() else {}
    offers = selectors.offer_list(
        user=request.user,
        service=chosen.get("service") or None,
        unit=chosen.get("unit") or None,
        q=chosen.get("q") or None,
        mine=bool(chosen.get("mine")),
        status=chosen.get("status") or None,
        sort=chosen.get("sort") or None,
    )
    context = {
        "form": form,
        "page_obj": paginate(request, offers, per_page=PER_PAGE),
        "may_publish": request.user.has_perm("agreements.publish"),
    }
    return _render_list(request, "agreements/offer_list.html", context)


def _offer_form(request, *, offer=None):
    organisations = selectors.publishing_organisations_for(request.user)
    initial = {}
    if offer is not None:
        details = selectors.offer_details(offer)
        initial = {
            name: getattr(offer, name)
            for name in ("title", "training", "delivery", "capacity", "capacity_unit", "valid_from", "valid_to")
        }
        initial |= {
            "contact_email": offer.contact_email,
            "contact_phone": offer.contact_phone,
            "organisation": offer.organisation_id,
            "service_type": offer.service_type_id,
            "modules": [m.pk for m in details["modules"]],
            "qualifications": [q.pk for q in details["qualifications"]],
            "area": ", ".join(unit.code for unit in details["area"]),
            "version": offer.version,
        }
    return OfferForm(
        request.POST or None,
        initial=initial,
        organisations=organisations,
        services=catalogue.service_types_published(),
        card=offer.card_version if offer is not None else None,
    )


def offer_create(request):
    form = _offer_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(actor=request.user, data=form.to_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The draft offer was saved. Choose the card's modules and publish it."))
            return redirect("agreements:offer-detail", public_id=offer.public_id)
    return form_page(request, form, title=_("New programme offer"), back_url=reverse("agreements:offer-list"))


def offer_edit(request, public_id):
    offer = selectors.offer_get_for_edit(user=request.user, public_id=public_id)
    form = _offer_form(request, offer=offer)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.offer_update(
                actor=request.user,
                offer=offer,
                data=form.to_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The offer was saved."))
        return redirect("agreements:offer-detail", public_id=offer.public_id)
    back = reverse("agreements:offer-detail", kwargs={"public_id": offer.public_id})
    return form_page(request, form, title=_("Edit the offer"), back_url=back)


def offer_detail(request, public_id):
    offer = selectors.offer_get(user=request.user, public_id=public_id)
    manages = request.user.has_perm("agreements.manage_offer", offer)
    context = {
        "offer": offer,
        **selectors.offer_details(offer),
        "moves": OFFER_MACHINE.allowed_for(request.user, offer),
        "may_edit": manages and offer.status in ("draft", "published"),
        "may_request": offer.status == "published"
        and not manages
        and selectors.requesting_organisations_for(request.user).exists(),
        "events": selectors.offer_timeline(offer) if manages else [],
        "withdraw_form": NoteForm(),
    }
    return render(request, "agreements/offer_detail.html", context)


@require_POST
def offer_publish(request, public_id):
    offer = selectors.offer_get_for_edit(user=request.user, public_id=public_id)
    try:
        services.offer_publish(actor=request.user, offer=offer)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The offer was published."))
    return redirect("agreements:offer-detail", public_id=offer.public_id)


@require_POST
def offer_withdraw(request, public_id):
    offer = selectors.offer_get_for_edit(user=request.user, public_id=public_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        services.offer_withdraw(actor=request.user, offer=offer, note=note)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The offer was withdrawn."))
    return redirect("agreements:offer-detail", public_id=offer.public_id)


# --- contact requests ---------------------------------------------------------------------------------------


def request_list(request):
    form = RequestFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = selectors.request_list(
        user=request.user,
        direction=chosen.get("direction") or None,
        status=chosen.get("status") or None,
        sort=chosen.get("sort") or None,
    )
    context = {"form": form, "page_obj": paginate(request, rows, per_page=PER_PAGE)}
    return _render_list(request, "agreements/request_list.html", context)


def request_create(request):
    offers = list(selectors.published_offers()[:500])
    organisations = selectors.requesting_organisations_for(request.user)
    initial = {"offer": request.GET.get("offer", "")}
    form = RequestForm(request.POST or None, initial=initial, offers=offers, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        offer = selectors.published_offer_find(public_id=form.cleaned_data["offer"])
        try:
            sent = services.request_send(
                actor=request.user, offer=offer, requester=form.cleaned_data["requester"], data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The contact request was sent."))
            return redirect("agreements:request-detail", public_id=sent.public_id)
    intro = "" if organisations.exists() else _("You send contact requests for none of your organisations.")
    return form_page(
        request, form, title=_("Contact request about an offer"), back_url=reverse("agreements:offer-list"), intro=intro
    )


def request_detail(request, public_id):
    contact = selectors.request_get(user=request.user, public_id=public_id)
    context = {
        "contact": contact,
        "moves": REQUEST_MACHINE.allowed_for(request.user, contact),
        "events": selectors.request_timeline(contact),
        "answer_form": AnswerForm(),
    }
    return render(request, "agreements/request_detail.html", context)


@require_POST
def request_accept(request, public_id):
    contact = selectors.request_get_for_move(
        user=request.user, public_id=public_id, permission="agreements.answer_request"
    )
    form = AnswerForm(request.POST)
    answer = form.cleaned_data.get("answer", "") if form.is_valid() else ""
    try:
        agreement = services.request_accept(actor=request.user, request=contact, answer=answer)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
        return redirect("agreements:request-detail", public_id=contact.public_id)
    messages.success(request, _("The request was accepted: complete the draft agreement with the other party."))
    return redirect("agreements:agreement-detail", public_id=agreement.public_id)


def request_decline(request, public_id):
    contact = selectors.request_get_for_move(
        user=request.user, public_id=public_id, permission="agreements.answer_request"
    )
    back = reverse("agreements:request-detail", kwargs={"public_id": contact.public_id})
    if contact.status != RequestStatus.PENDING:
        messages.error(request, _("This request has already been answered."))
        return redirect(back)
    form = ReasonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.request_decline(actor=request.user, request=contact, reason=form.cleaned_data["reason"])
        )
    ):
        messages.success(request, _("The request was declined."))
        return redirect(back)
    return form_page(request, form, title=_("Decline the request"), back_url=back)


@require_POST
def request_withdraw(request, public_id):
    contact = selectors.request_get_for_move(
        user=request.user, public_id=public_id, permission="agreements.withdraw_request"
    )
    try:
        services.request_withdraw(actor=request.user, request=contact)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect("agreements:request-detail", public_id=contact.public_id)
