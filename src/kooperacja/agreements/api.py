"""Offers, contact requests and agreements over HTTP: the same selectors, services and rules as the pages."""

from datetime import date
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.agreements import agreement_services, selectors, services
from kooperacja.agreements.models import AgreementStatus, CapacityUnit, ProgrammeOfferStatus, RequestStatus
from kooperacja.catalogue import selectors as catalogue
from kooperacja.core.api import Id, Pagination, VersionNumber
from kooperacja.core.errors import ConflictError
from kooperacja.core.routes import api_rule
from kooperacja.registry import selectors as registry

router = Router(tags=["agreements"])


class ProgrammeOfferOut(Schema):
    public_id: UUID
    status: str
    title: str
    organisation: UUID
    organisation_name: str
    service: str
    card_version: int
    capacity: int
    capacity_unit: str
    valid_from: date
    valid_to: date
    version: int


class OfferDetailOut(ProgrammeOfferOut):
    training: str
    delivery: str
    modules: list[int]
    qualifications: list[int]
    area: list[str]
    contact_email: str
    contact_phone: str


class ProgrammeOfferIn(Schema):
    organisation: UUID
    service: str = Field(..., max_length=80, description="Catalogue service code")
    title: str = Field("", max_length=200)
    modules: list[int] = Field(default_factory=list, max_length=100)
    qualifications: list[int] = Field(default_factory=list, max_length=100)
    training: str = Field("", max_length=3000)
    delivery: str = Field("", max_length=3000)
    capacity: int = Field(..., ge=0, le=2_000_000_000)
    capacity_unit: CapacityUnit
    area: list[str] = Field(..., max_length=200, description="TERYT codes of municipalities or counties")
    valid_from: date
    valid_to: date
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=30)


class OfferUpdateIn(ProgrammeOfferIn):
    version: VersionNumber


class RequestOut(Schema):
    public_id: UUID
    status: str
    offer: UUID
    offer_title: str
    requester: UUID
    requester_name: str
    interests: str
    message: str
    answer: str
    agreement: UUID | None = None
    created_at: str


class RequestIn(Schema):
    offer: UUID
    requester: UUID
    interests: str = Field("", max_length=300)
    message: str = Field("", max_length=3000)


class AnswerIn(Schema):
    answer: str = Field("", max_length=2000)
    version: VersionNumber = Field(..., description="The version of the request the caller read")


class PublishIn(Schema):
    version: VersionNumber = Field(..., description="The version of the offer the caller read")


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class PartyOut(Schema):
    organisation: UUID
    name: str
    signed_at: str | None = None


class ObligationOut(Schema):
    id: int
    party: UUID
    description: str
    due_on: date
    status: str
    done_at: str | None = None


class AgreementOut(Schema):
    public_id: UUID
    status: str
    subject: str
    valid_from: date
    valid_to: date
    review_on: date
    parties: list[PartyOut]
    version: int


class AgreementDetailOut(AgreementOut):
    scope: str
    obligations: list[ObligationOut]
    signatories: list[dict]
    amendments: list[dict]


class NoteIn(Schema):
    note: str = Field("", max_length=500)


class SignIn(Schema):
    organisation: UUID
    version: VersionNumber


class OfferFilters(Schema):
    service: str | None = Field(None, max_length=80, description="Catalogue service code")
    unit: str | None = Field(None, pattern=r"^\d{2}(\d{2}(\d{3})?)?$", description="TERYT code")
    mine: bool = False
    status: ProgrammeOfferStatus | None = None
    sort: Literal["newest", "service", "organisation", "capacity"] = "newest"


def _offer(offer) -> dict:
    return {
        "public_id": offer.public_id,
        "status": offer.status,
        "title": offer.title,
        "organisation": offer.organisation.public_id,
        "organisation_name": offer.organisation.name,
        "service": offer.service_type.code,
        "card_version": offer.card_version.number,
        "capacity": offer.capacity,
        "capacity_unit": offer.capacity_unit,
        "valid_from": offer.valid_from,
        "valid_to": offer.valid_to,
        "version": offer.version,
    }


def _offer_detail(offer) -> dict:
    details = selectors.offer_details(offer)
    return {
        **_offer(offer),
        "training": offer.training,
        "delivery": offer.delivery,
        "modules": [m.pk for m in details["modules"]],
        "qualifications": [q.pk for q in details["qualifications"]],
        "area": [u.code for u in details["area"]],
        "contact_email": offer.contact_email,
        "contact_phone": offer.contact_phone,
    }


def _offer_data(user, payload: ProgrammeOfferIn) -> dict:
    data = payload.dict()
    errors = {}
    organisation = selectors.publishing_organisations_for(user).filter(public_id=data.pop("organisation")).first()
    if organisation is None:
        errors["organisation"] = _("Choose one of your own organisations.")
    service = catalogue.service_type_find(code=data.pop("service"))
    if service is None:
        errors["service"] = _("Choose the catalogue service.")
    if errors:
        raise ValidationError(errors)
    data.update(organisation=organisation, service_type=service, capacity_unit=str(data["capacity_unit"]))
    data.pop("version", None)
    return data


api_rule("agreements-offers", "core.signed_in", method="GET")
api_rule("agreements-offers", "agreements.publish", method="POST")


@router.get("/offers", response=list[ProgrammeOfferOut], url_name="agreements-offers")
@paginate(Pagination)
def list_offers(request, filters: Query[OfferFilters]):
    """Published offers (and the caller's own), by service code and territory (TERYT)."""
    rows = selectors.offer_list(
        user=request.user,
        service=filters.service,
        unit=filters.unit,
        mine=filters.mine,
        status=str(filters.status) if filters.status else None,
        sort=filters.sort,
    ).select_related("service_type")
    return [_offer(offer) for offer in rows]


@router.post("/offers", response={201: OfferDetailOut}, url_name="agreements-offers")
def create_offer(request, payload: ProgrammeOfferIn):
    offer = services.offer_create(actor=request.user, data=_offer_data(request.user, payload))
    return Status(201, _offer_detail(selectors.offer_get(user=request.user, public_id=offer.public_id)))


api_rule("agreements-offer", "core.signed_in", method="GET")
api_rule("agreements-offer", "agreements.publish", method="PUT")
api_rule("agreements-offer-publish", "agreements.publish", method="POST")


@router.get("/offers/{public_id}", response=OfferDetailOut, url_name="agreements-offer")
def get_offer(request, public_id: UUID):
    return _offer_detail(selectors.offer_get(user=request.user, public_id=public_id))


@router.put("/offers/{public_id}", response=OfferDetailOut, url_name="agreements-offer")
def update_offer(request, public_id: UUID, payload: OfferUpdateIn):
    offer = selectors.offer_get_for_edit(user=request.user, public_id=public_id)
    services.offer_update(
        actor=request.user, offer=offer, data=_offer_data(request.user, payload), expected_version=payload.version
    )
    return _offer_detail(selectors.offer_get(user=request.user, public_id=public_id))


@router.post("/offers/{public_id}/publish", response=OfferDetailOut, url_name="agreements-offer-publish")
def publish_offer(request, public_id: UUID, payload: PublishIn):
    offer = selectors.offer_get_for_edit(user=request.user, public_id=public_id)
    if offer.version != payload.version:
        raise ConflictError(_("Someone else changed this offer in the meantime. Nothing was saved; check and repeat."))
    services.offer_publish(actor=request.user, offer=offer)
    return _offer_detail(offer)


def _request(contact) -> dict:
    return {
        "public_id": contact.public_id,
        "status": contact.status,
        "offer": contact.offer.public_id,
        "offer_title": contact.offer.title,
        "requester": contact.requester.public_id,
        "requester_name": contact.requester.name,
        "interests": contact.interests,
        "message": contact.message,
        "answer": contact.answer,
        "agreement": contact.agreement.public_id if contact.agreement is not None else None,
        "created_at": contact.created_at.isoformat(),
    }


api_rule("agreements-requests", "agreements.cooperate", method="GET")
api_rule("agreements-requests", "agreements.cooperate", method="POST")
api_rule("agreements-request", "agreements.cooperate", method="GET")
api_rule("agreements-request-accept", "agreements.publish", method="POST")
api_rule("agreements-request-decline", "agreements.publish", method="POST")


@router.get("/contact-requests", response=list[RequestOut], url_name="agreements-requests")
@paginate(Pagination)
def list_requests(
    request,
    direction: Literal["all", "sent", "received"] = "all",
    status: RequestStatus | None = None,
    sort: Literal["newest", "oldest"] = "newest",
):
    rows = selectors.request_list(
        user=request.user, direction=direction, status=str(status) if status else None, sort=sort
    )
    return [_request(contact) for contact in rows]


@router.post("/contact-requests", response={201: RequestOut}, url_name="agreements-requests")
def send_request(request, payload: RequestIn):
    """A contact request of one of the caller's organisations about a published offer."""
    offer = selectors.published_offer_find(public_id=payload.offer)
    requester = registry.organisation_find(public_id=payload.requester)
    contact = services.request_send(
        actor=request.user,
        offer=offer,
        requester=requester,
        data={"interests": payload.interests, "message": payload.message},
    )
    return Status(201, _request(selectors.request_get(user=request.user, public_id=contact.public_id)))


@router.get("/contact-requests/{public_id}", response=RequestOut, url_name="agreements-request")
def get_request(request, public_id: UUID):
    return _request(selectors.request_get(user=request.user, public_id=public_id))


@router.post("/contact-requests/{public_id}/accept", response={201: RequestOut}, url_name="agreements-request-accept")
def accept_request(request, public_id: UUID, payload: AnswerIn):
    """Accept: a draft agreement of the two organisations is started (once)."""
    contact = selectors.request_get_for_move(
        user=request.user, public_id=public_id, permission="agreements.answer_request"
    )
    if contact.version != payload.version:
        raise ConflictError(
            _("Someone else changed this request in the meantime. Nothing was saved; reload and repeat.")
        )
    services.request_accept(actor=request.user, request=contact, answer=payload.answer)
    return Status(201, _request(selectors.request_get(user=request.user, public_id=public_id)))


@router.post("/contact-requests/{public_id}/decline", response=RequestOut, url_name="agreements-request-decline")
def decline_request(request, public_id: UUID, payload: ReasonIn):
    contact = selectors.request_get_for_move(
        user=request.user, public_id=public_id, permission="agreements.answer_request"
    )
    services.request_decline(actor=request.user, request=contact, reason=payload.reason)
    return _request(selectors.request_get(user=request.user, public_id=public_id))


def _agreement(agreement) -> dict:
    return {
        "public_id": agreement.public_id,
        "status": agreement.status,
        "subject": agreement.subject,
        "valid_from": agreement.valid_from,
        "valid_to": agreement.valid_to,
        "review_on": agreement.review_on,
        "parties": [
            {
                "organisation": party.organisation.public_id,
                "name": party.organisation.name,
                "signed_at": party.signed_at.isoformat() if party.signed_at else None,
            }
            for party in agreement.parties.all()
        ],
        "version": agreement.version,
    }


def _agreement_detail(agreement) -> dict:
    content = selectors.agreement_content(agreement)
    return {
        **_agreement(agreement),
        "scope": agreement.scope,
        "obligations": [
            {
                "id": o.pk,
                "party": o.party.organisation.public_id,
                "description": o.description,
                "due_on": o.due_on,
                "status": o.status,
                "done_at": o.done_at.isoformat() if o.done_at else None,
            }
            for o in content["obligations"]
        ],
        "signatories": [
            {"party": party.organisation.public_id, "name": s.name, "function": s.function}
            for party in content["parties"]
            for s in party.listed_signatories
        ],
        "amendments": [{"number": a.number, "summary": a.summary} for a in content["amendments"]],
    }


api_rule("agreements-agreements", "agreements.cooperate", method="GET")
api_rule("agreements-agreement", "agreements.cooperate", method="GET")
api_rule("agreements-agreement-sign", "agreements.cooperate", method="POST")
api_rule("agreements-obligation-done", "agreements.cooperate", method="POST")


@router.get("/agreements", response=list[AgreementOut], url_name="agreements-agreements")
@paginate(Pagination)
def list_agreements(
    request, status: AgreementStatus | None = None, sort: Literal["newest", "review", "valid_to"] = "newest"
):
    rows = selectors.agreement_list(user=request.user, status=str(status) if status else None, sort=sort)
    return [_agreement(agreement) for agreement in rows]


@router.get("/agreements/{public_id}", response=AgreementDetailOut, url_name="agreements-agreement")
def get_agreement(request, public_id: UUID):
    return _agreement_detail(selectors.agreement_get(user=request.user, public_id=public_id))


@router.post("/agreements/{public_id}/sign", response=AgreementDetailOut, url_name="agreements-agreement-sign")
def sign_agreement(request, public_id: UUID, payload: SignIn):
    """Sign for one of the caller's organisations that is a party (only its own users may)."""
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    organisation = registry.organisation_find(public_id=payload.organisation)
    if organisation is None:
        raise ValidationError({"organisation": _("This organisation is not a party of the agreement.")})
    agreement_services.agreement_sign(
        actor=request.user, agreement=agreement, organisation_id=organisation.pk, expected_version=payload.version
    )
    return _agreement_detail(selectors.agreement_get(user=request.user, public_id=public_id))


@router.post(
    "/agreements/{public_id}/obligations/{obligation_id}/done",
    response=AgreementDetailOut,
    url_name="agreements-obligation-done",
)
def obligation_done(request, public_id: UUID, obligation_id: Id, payload: NoteIn):
    obligation = selectors.obligation_get(user=request.user, public_id=public_id, obligation_id=obligation_id)
    agreement_services.obligation_done(actor=request.user, obligation=obligation, note=payload.note)
    return _agreement_detail(selectors.agreement_get(user=request.user, public_id=public_id))


class VersionIn(Schema):
    version: VersionNumber = Field(..., description="The version of the record the caller read")


class VersionNoteIn(VersionIn):
    note: str = Field("", max_length=500)


class VersionReasonIn(VersionIn):
    reason: str = Field(..., max_length=2000)


class ObligationIn(VersionIn):
    party: UUID = Field(..., description="The party organisation that undertakes it")
    description: str = Field(..., max_length=500)
    due_on: date


def _same_version(record, version: int) -> None:
    if record.version != version:
        raise ConflictError(_("Someone else changed this record in the meantime. Reload the page and try again."))


api_rule("agreements-offer-withdraw", "agreements.publish", method="POST")
api_rule("agreements-request-withdraw", "agreements.cooperate", method="POST")
api_rule("agreements-agreement-enforce", "agreements.cooperate", method="POST")
api_rule("agreements-agreement-terminate", "agreements.cooperate", method="POST")
api_rule("agreements-agreement-obligations", "agreements.cooperate", method="POST")


@router.post("/offers/{public_id}/withdraw", response=OfferDetailOut, url_name="agreements-offer-withdraw")
def withdraw_offer(request, public_id: UUID, payload: VersionNoteIn):
    offer = selectors.offer_get_for_edit(user=request.user, public_id=public_id)
    _same_version(offer, payload.version)
    services.offer_withdraw(actor=request.user, offer=offer, note=payload.note)
    return _offer_detail(offer)


@router.post("/contact-requests/{public_id}/withdraw", response=RequestOut, url_name="agreements-request-withdraw")
def withdraw_request(request, public_id: UUID, payload: VersionIn):
    contact = selectors.request_get_for_move(
        user=request.user, public_id=public_id, permission="agreements.withdraw_request"
    )
    _same_version(contact, payload.version)
    services.request_withdraw(actor=request.user, request=contact)
    return _request(selectors.request_get(user=request.user, public_id=public_id))


@router.post("/agreements/{public_id}/enforce", response=AgreementDetailOut, url_name="agreements-agreement-enforce")
def enforce_agreement(request, public_id: UUID, payload: VersionIn):
    """Put an agreed agreement in force (from the start of its validity)."""
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    _same_version(agreement, payload.version)
    agreement_services.agreement_enforce(actor=request.user, agreement=agreement)
    return _agreement_detail(selectors.agreement_get(user=request.user, public_id=public_id))


@router.post(
    "/agreements/{public_id}/terminate", response=AgreementDetailOut, url_name="agreements-agreement-terminate"
)
def terminate_agreement(request, public_id: UUID, payload: VersionReasonIn):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    _same_version(agreement, payload.version)
    agreement_services.agreement_terminate(actor=request.user, agreement=agreement, reason=payload.reason)
    return _agreement_detail(selectors.agreement_get(user=request.user, public_id=public_id))


@router.post(
    "/agreements/{public_id}/obligations",
    response={201: AgreementDetailOut},
    url_name="agreements-agreement-obligations",
)
def add_obligation(request, public_id: UUID, payload: ObligationIn):
    """An obligation of one party: in a draft the signatures given are cleared; once agreed it is an amendment."""
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    party = next((p for p in agreement.parties.all() if p.organisation.public_id == payload.party), None)
    agreement_services.obligation_add(
        actor=request.user,
        agreement=agreement,
        data={"party": party.pk if party else None, "description": payload.description, "due_on": payload.due_on},
        expected_version=payload.version,
    )
    return Status(201, _agreement_detail(selectors.agreement_get(user=request.user, public_id=public_id)))
