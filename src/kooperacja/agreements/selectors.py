"""Reads of offers, contact requests and agreements, scoped to who asks. Published offers are open to every
signed-in user; drafts and withdrawn offers only to their organisation. A contact request is seen by the
requesting and the offering organisation; an agreement by its parties. Nothing here shows a participant: the
signatories are organisations' representatives (name and function), the contact is the organisation's."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from kooperacja.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    ContactRequest,
    Obligation,
    ProgrammeOffer,
    ProgrammeOfferStatus,
    RequestStatus,
)
from kooperacja.agreements.rules import (
    party_organisation_ids,
    publishing_organisation_ids,
    requesting_organisation_ids,
)
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import PROVIDER_KINDS, Organisation

OFFER_SORTS = {
    "newest": ("-published_on", "-id"),
    "service": ("card_version__name", "id"),
    "organisation": ("organisation__sort_name", "id"),
    "capacity": ("-capacity", "id"),
}
REQUEST_SORTS = {"newest": ("-created_at", "-id"), "oldest": ("created_at", "id")}
AGREEMENT_SORTS = {"newest": ("-created_at", "-id"), "review": ("review_on", "id"), "valid_to": ("valid_to", "id")}


def _offers() -> QuerySet[ProgrammeOffer]:
    return ProgrammeOffer.objects.select_related("organisation", "organisation__municipality", "card_version")


def offers_visible(user) -> QuerySet[ProgrammeOffer]:
    """Published offers, and every offer of the user's own organisations (all offers for an administrator)."""
    if not user.is_authenticated:
        return ProgrammeOffer.objects.none()
    if user.is_superuser:
        return _offers()
    return _offers().filter(
        Q(status=ProgrammeOfferStatus.PUBLISHED) | Q(organisation_id__in=publishing_organisation_ids(user))
    )


def offer_list(
    *,
    user,
    service: str | None = None,
    unit: str | None = None,
    q: str | None = None,
    mine: bool = False,
    status: str | None = None,
    sort: str | None = None,
) -> QuerySet[ProgrammeOffer]:
    """The offers the user may see, by service code, by territory (an offer serving the unit, its county or a
    municipality in it), by words of the title or the organisation, and the user's own."""
    offers = offers_visible(user)
    if mine:
        offers = offers.filter(organisation_id__in=publishing_organisation_ids(user))
    if status:
        offers = offers.filter(status=status)
    elif not mine:
        offers = offers.filter(status=ProgrammeOfferStatus.PUBLISHED)
    if service:
        offers = offers.filter(service_type__code=service)
    if unit:
        # A municipality is served by an offer naming it or its county; a county or a voivodeship by an offer
        # naming it or any unit in it.
        condition = Q(area__code__in={unit, unit[:4]}) if len(unit) == 7 else Q(area__code__startswith=unit)
        offers = offers.filter(pk__in=ProgrammeOffer.objects.filter(condition).values("pk"))
    if q:
        offers = offers.filter(Q(title__icontains=q) | Q(organisation__search_text__icontains=q.lower()))
    return offers.order_by(*OFFER_SORTS.get(sort or "", OFFER_SORTS["newest"]))


def offer_get(*, user, public_id) -> ProgrammeOffer:
    offer = offers_visible(user).filter(public_id=public_id).first()
    if offer is None:
        raise Http404("offer")
    return offer


def offer_get_for_edit(*, user, public_id) -> ProgrammeOffer:
    """An offer of the user's own organisation: 404 if not visible, 403 if visible but not theirs."""
    offer = offer_get(user=user, public_id=public_id)
    if not user.has_perm("agreements.manage_offer", offer):
        raise PermissionDenied
    return offer


def offer_details(offer: ProgrammeOffer) -> dict:
    return {
        "modules": list(offer.modules.order_by("variant", "order")),
        "qualifications": list(offer.qualifications.order_by("order")),
        "area": list(offer.area.order_by("code")),
    }


def offer_timeline(offer: ProgrammeOffer):
    return list(offer.events.select_related("actor").order_by("at", "id"))


def publishing_organisations_for(user) -> QuerySet[Organisation]:
    if user.is_superuser:
        return registry.organisations(kinds=PROVIDER_KINDS, active=True)
    return registry.organisations(ids=publishing_organisation_ids(user), kinds=PROVIDER_KINDS)


def requesting_organisations_for(user) -> QuerySet[Organisation]:
    if user.is_superuser:
        return registry.organisations(active=True)
    return registry.organisations(ids=requesting_organisation_ids(user))


def published_offers() -> QuerySet[ProgrammeOffer]:
    return _offers().filter(status=ProgrammeOfferStatus.PUBLISHED).order_by("title", "id")


def published_offer_find(*, public_id) -> ProgrammeOffer | None:
    return published_offers().filter(public_id=public_id).first()


# --- contact requests ---------------------------------------------------------------------------------------


def _requests() -> QuerySet[ContactRequest]:
    return ContactRequest.objects.select_related(
        "offer", "offer__organisation", "offer__card_version", "requester", "agreement"
    )


def requests_visible(user) -> QuerySet[ContactRequest]:
    if not user.is_authenticated:
        return ContactRequest.objects.none()
    if user.is_superuser:
        return _requests()
    return _requests().filter(
        Q(requester_id__in=requesting_organisation_ids(user))
        | Q(offer__organisation_id__in=publishing_organisation_ids(user))
    )


def request_list(
    *, user, direction: str | None = None, status: str | None = None, sort: str | None = None
) -> QuerySet[ContactRequest]:
    """``sent``: the requests of the user's organisations; ``received``: those about their offers; else both."""
    requests = requests_visible(user)
    if direction == "sent" and not user.is_superuser:
        requests = requests.filter(requester_id__in=requesting_organisation_ids(user))
    elif direction == "received" and not user.is_superuser:
        requests = requests.filter(offer__organisation_id__in=publishing_organisation_ids(user))
    if status:
        requests = requests.filter(status=status)
    return requests.order_by(*REQUEST_SORTS.get(sort or "", REQUEST_SORTS["newest"]))


def request_get(*, user, public_id) -> ContactRequest:
    request = requests_visible(user).filter(public_id=public_id).first()
    if request is None:
        raise Http404("contact request")
    return request


def request_get_for_move(*, user, public_id, permission: str) -> ContactRequest:
    request = request_get(user=user, public_id=public_id)
    if not user.has_perm(permission, request):
        raise PermissionDenied
    return request


def request_timeline(request: ContactRequest):
    return list(request.events.select_related("actor").order_by("at", "id"))


def pending_requests_to(*, organisation_ids) -> QuerySet[ContactRequest]:
    return _requests().filter(offer__organisation_id__in=organisation_ids, status=RequestStatus.PENDING)


# --- agreements ---------------------------------------------------------------------------------------------


def _agreements() -> QuerySet[Agreement]:
    parties = AgreementParty.objects.select_related("organisation").order_by("order", "id")
    return Agreement.objects.prefetch_related(Prefetch("parties", queryset=parties))


def agreements_visible(user) -> QuerySet[Agreement]:
    if not user.is_authenticated:
        return Agreement.objects.none()
    if user.is_superuser:
        return _agreements()
    mine = AgreementParty.objects.filter(organisation_id__in=party_organisation_ids(user)).values("agreement_id")
    return _agreements().filter(pk__in=mine)


def agreement_list(*, user, status: str | None = None, sort: str | None = None) -> QuerySet[Agreement]:
    agreements = agreements_visible(user).annotate(
        open_obligations=Count("obligations", filter=Q(obligations__status="open"))
    )
    if status:
        agreements = agreements.filter(status=status)
    return agreements.order_by(*AGREEMENT_SORTS.get(sort or "", AGREEMENT_SORTS["newest"]))


def agreement_get(*, user, public_id) -> Agreement:
    agreement = agreements_visible(user).filter(public_id=public_id).first()
    if agreement is None:
        raise Http404("agreement")
    return agreement


def agreement_get_for_party(*, user, public_id) -> Agreement:
    """An agreement of the user's organisations that the user may act on (403 for a party's reader without it)."""
    agreement = agreement_get(user=user, public_id=public_id)
    if not user.has_perm("agreements.act_for_agreement", agreement):
        raise PermissionDenied
    return agreement


def agreement_content(agreement: Agreement) -> dict:
    """What the page and the PDF show: parties with their signatories, obligations, amendments."""
    parties = list(agreement.parties.all())
    signatories = list(agreement.signatories.select_related("party").order_by("party__order", "id"))
    obligations = list(agreement.obligations.select_related("party__organisation", "done_by").order_by("due_on", "id"))
    for party in parties:
        party.listed_signatories = [s for s in signatories if s.party_id == party.pk]  # type: ignore[attr-defined]
    return {
        "parties": parties,
        "obligations": obligations,
        "amendments": list(agreement.amendments.select_related("made_by").order_by("number")),
        "events": list(agreement.events.select_related("actor").order_by("at", "id")),
    }


def obligation_get(*, user, public_id, obligation_id: int) -> Obligation:
    agreement = agreement_get_for_party(user=user, public_id=public_id)
    obligation = agreement.obligations.select_related("party__organisation").filter(pk=obligation_id).first()
    if obligation is None:
        raise Http404("obligation")
    obligation.agreement = agreement
    return obligation


def obligations_due(*, organisation_ids, until, statuses=(AgreementStatus.AGREED, AgreementStatus.IN_FORCE)):
    """Open obligations of the organisations' agreements due by ``until`` (the overdue included)."""
    agreements = AgreementParty.objects.filter(organisation_id__in=organisation_ids).values("agreement_id")
    return Obligation.objects.filter(
        agreement_id__in=agreements, agreement__status__in=list(statuses), status="open", due_on__lte=until
    ).select_related("agreement", "party__organisation")


def reviews_due(*, organisation_ids, until):
    agreements = AgreementParty.objects.filter(organisation_id__in=organisation_ids).values("agreement_id")
    return Agreement.objects.filter(pk__in=agreements, status=AgreementStatus.IN_FORCE, review_on__lte=until)


def organisation_has_offers(*, organisation_id: int) -> bool:
    return ProgrammeOffer.objects.filter(organisation_id=organisation_id).exists()
