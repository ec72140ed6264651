"""Writes of programme offers and contact requests. Accepting a request starts the draft of an agreement
(``agreement_services.agreement_create``) in the same transaction."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.agreements.models import (
    OFFER_MACHINE,
    REQUEST_MACHINE,
    CapacityUnit,
    ContactRequest,
    ContactRequestEvent,
    OfferEvent,
    ProgrammeOffer,
    ProgrammeOfferStatus,
    RequestStatus,
)
from kooperacja.agreements.rules import (
    PARTY_ROLES,
    PUBLISHER_ROLES,
    REQUESTER_KINDS,
    publishing_organisation_ids,
    requesting_organisation_ids,
)
from kooperacja.core import plausible
from kooperacja.core.dates import add_months
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.notifications.services import notify
from kooperacja.registry.models import PROVIDER_KINDS, Organisation
from kooperacja.territory import selectors as territory
from kooperacja.territory.models import Level

OFFER_FIELDS = (
    "organisation",
    "service_type",
    "title",
    "modules",
    "qualifications",
    "training",
    "delivery",
    "capacity",
    "capacity_unit",
    "area",
    "valid_from",
    "valid_to",
    "contact_email",
    "contact_phone",
)
_SCALARS = (
    "organisation",
    "service_type",
    "card_version",
    "title",
    "training",
    "delivery",
    "capacity",
    "capacity_unit",
    "valid_from",
    "valid_to",
    "contact_email",
    "contact_phone",
)
AREA_LEVELS = (Level.MUNICIPALITY, Level.COUNTY)
MAX_AREA = 200


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _may_offer_for(actor, organisation: Organisation) -> bool:
    if actor is None or actor.is_superuser:
        return True
    return organisation.pk in publishing_organisation_ids(actor)


def _area(value, errors: FieldErrors) -> list:
    codes = [str(code).strip() for code in (value or []) if str(code).strip()]
    if not codes:
        errors.add("area", _("Choose the municipalities or counties the offer serves."))
        return []
    if len(codes) > MAX_AREA:
        errors.add("area", _("An offer serves at most %(count)s units.") % {"count": MAX_AREA})
        return []
    units = []
    for code in dict.fromkeys(codes):
        unit = territory.unit_find(code=code)
        if unit is None or unit.level not in AREA_LEVELS:
            errors.add("area", _("%(code)s is not a municipality or county code (TERYT).") % {"code": code})
            return []
        units.append(unit)
    return units


def _offer_checked(*, actor, data: Mapping[str, Any], current: ProgrammeOffer | None) -> tuple[dict, dict]:
    """The offer's values and its many-to-many lists, checked all at once (field errors)."""
    errors = FieldErrors()
    values: dict[str, Any] = {}
    organisation = data.get("organisation")
    if organisation is None:
        errors.add("organisation", _("Choose the offering organisation."))
    elif organisation.kind not in PROVIDER_KINDS:
        errors.add("organisation", _("Offers are published by a CIS, a KIS or a social-economy entity."))
    elif not _may_offer_for(actor, organisation):
        errors.add("organisation", _("Choose one of your own organisations."))
    values["organisation"] = organisation
    service = data.get("service_type")
    card = None
    if service is None:
        errors.add("service_type", _("Choose the catalogue service."))
    elif current is not None and current.service_type_id == service.pk:
        card = current.card_version
    else:
        card = service.current_version
        if card is None:
            errors.add("service_type", _("This service has no published card yet."))
    values["service_type"] = service
    values["card_version"] = card
    values["title"] = (data.get("title") or "").strip()
    if not values["title"]:
        errors.add("title", _("Give the offer a title."))
    values["training"] = (data.get("training") or "").strip()
    values["delivery"] = (data.get("delivery") or "").strip()
    if not values["training"] and not values["delivery"] and not data.get("modules"):
        errors.add("delivery", _("Say what you can train for or what you can deliver."))
    capacity = data.get("capacity")
    if capacity in (None, ""):
        errors.add("capacity", _("Enter the capacity."))
    values["capacity"] = capacity
    unit = data.get("capacity_unit") or ""
    if unit not in CapacityUnit.values:
        errors.add("capacity_unit", _("Choose what the capacity counts."))
    values["capacity_unit"] = unit
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    if not valid_from:
        errors.add("valid_from", _("Enter the start of the validity."))
    if not valid_to:
        errors.add("valid_to", _("Enter the end of the validity."))
    values["valid_from"], values["valid_to"] = valid_from, valid_to
    plausible.check(
        errors,
        {
            "capacity": (plausible.OFFER_CAPACITY, capacity),
            "valid_from": (plausible.VALID_FROM, valid_from),
            "valid_to": (plausible.VALID_TO, valid_to),
        },
    )
    values["contact_email"] = (data.get("contact_email") or "").strip()
    values["contact_phone"] = (data.get("contact_phone") or "").strip()
    if not values["contact_email"] and not values["contact_phone"]:
        errors.add("contact_email", _("Give the organisation's e-mail or phone for contact."))
    many: dict[str, list] = {"modules": [], "qualifications": [], "area": _area(data.get("area"), errors)}
    if card is not None:
        module_ids = {int(pk) for pk in data.get("modules") or []}
        known = {m.pk: m for m in card.programme_modules.all()}
        if module_ids - known.keys():
            errors.add("modules", _("Choose modules of the service's card."))
        many["modules"] = [known[pk] for pk in sorted(module_ids & known.keys())]
        qualification_ids = {int(pk) for pk in data.get("qualifications") or []}
        known_q = {q.pk: q for q in card.qualifications.all()}
        if qualification_ids - known_q.keys():
            errors.add("qualifications", _("Choose qualifications of the service's card."))
        many["qualifications"] = [known_q[pk] for pk in sorted(qualification_ids & known_q.keys())]
    probe = ProgrammeOffer(
        **{k: values[k] for k in ("title", "training", "delivery", "contact_email", "contact_phone")}
    )
    try:
        probe.full_clean(
            exclude=[
                f.name
                for f in ProgrammeOffer._meta.fields
                if f.name not in {"title", "training", "delivery", "contact_email", "contact_phone"}
            ]
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in errors:
                errors.update({field: [ValidationError(m) for m in messages]})
    errors.raise_if_any()
    return values, many


def _set_many(offer: ProgrammeOffer, many: dict) -> None:
    offer.modules.set(many["modules"])
    offer.qualifications.set(many["qualifications"])
    offer.area.set(many["area"])


def offer_create(*, actor, data: Mapping[str, Any]) -> ProgrammeOffer:
    """A draft offer of the actor's CIS/KIS or PES for one catalogue service (its current card)."""
    values, many = _offer_checked(actor=actor, data=data, current=None)
    with transaction.atomic():
        offer = ProgrammeOffer.objects.create(**values, created_by=_user(actor))
        _set_many(offer, many)
        OfferEvent.objects.create(offer=offer, from_state="", to_state=ProgrammeOfferStatus.DRAFT, actor=_user(actor))
    return offer


def offer_update(*, actor, offer: ProgrammeOffer, data: Mapping[str, Any], expected_version: int) -> ProgrammeOffer:
    """Edit a draft or published offer of the actor's organisation; a stale version is a ConflictError."""
    if actor is not None and not actor.has_perm("agreements.manage_offer", offer):
        raise PermissionDenied
    if offer.status not in (ProgrammeOfferStatus.DRAFT, ProgrammeOfferStatus.PUBLISHED):
        raise ValidationError(_("A withdrawn or expired offer cannot be edited."))
    values, many = _offer_checked(actor=actor, data=data, current=offer)
    with transaction.atomic():
        claimed = ProgrammeOffer.objects.filter(
            pk=offer.pk,
            version=expected_version,
            status__in=[ProgrammeOfferStatus.DRAFT, ProgrammeOfferStatus.PUBLISHED],
        ).update(version=expected_version + 1)
        if claimed != 1:
            raise ConflictError(
                _("Someone else changed this offer in the meantime. Nothing was saved; check and repeat.")
            )
        for name, value in values.items():
            setattr(offer, name, value)
        offer.version = expected_version + 1
        offer.save(update_fields=[*_SCALARS, "updated_at"])
        _set_many(offer, many)
    return offer


def _offer_move(offer: ProgrammeOffer, target: str, *, actor, note: str = "", extra=None) -> ProgrammeOffer:
    return transition(
        offer,
        machine=OFFER_MACHINE,
        target=target,
        actor=actor,
        event_model=OfferEvent,
        note=note,
        extra_updates={**(extra or {}), "version": offer.version + 1},
        offer=offer,
    )


def offer_publish(*, actor, offer: ProgrammeOffer, today: date | None = None) -> ProgrammeOffer:
    """Publish a draft whose validity has not ended; a second click finds it published and is refused cleanly."""
    OFFER_MACHINE.check_permission(actor, offer, ProgrammeOfferStatus.PUBLISHED)
    today = today or timezone.localdate()
    if offer.valid_to < today:
        raise ValidationError({"valid_to": _("The offer's validity has ended: change it before publishing.")})
    with transaction.atomic():
        return _offer_move(offer, ProgrammeOfferStatus.PUBLISHED, actor=actor, extra={"published_on": today})


def offer_withdraw(*, actor, offer: ProgrammeOffer, note: str = "") -> ProgrammeOffer:
    with transaction.atomic():
        return _offer_move(offer, ProgrammeOfferStatus.WITHDRAWN, actor=actor, note=(note or "").strip()[:500])


def offers_expire(*, today: date | None = None) -> int:
    """Published offers whose validity ended expire (the daily job); returns how many."""
    today = today or timezone.localdate()
    count = 0
    for offer in ProgrammeOffer.objects.filter(status=ProgrammeOfferStatus.PUBLISHED, valid_to__lt=today).order_by(
        "id"
    ):
        try:
            with transaction.atomic():
                _offer_move(offer, ProgrammeOfferStatus.EXPIRED, actor=None, note=_("Validity ended"))
        except ConflictError:
            continue
        count += 1
    return count


# --- contact requests ---------------------------------------------------------------------------------------


def _offer_link(offer: ProgrammeOffer) -> str:
    return reverse("agreements:offer-detail", kwargs={"public_id": offer.public_id})


def _request_link(request: ContactRequest) -> str:
    return reverse("agreements:request-detail", kwargs={"public_id": request.public_id})


def request_send(*, actor, offer: ProgrammeOffer | None, requester: Organisation | None, data: Mapping[str, Any]):
    """A contact request of the actor's organisation about a published offer. One open request per organisation and
    offer: a second (a double submit) is refused with a message."""
    errors = FieldErrors()
    if offer is None or offer.status != ProgrammeOfferStatus.PUBLISHED:
        errors.add("offer", _("Choose a published offer."))
    if requester is None:
        errors.add("requester", _("Choose your organisation."))
    elif requester.kind not in REQUESTER_KINDS:
        errors.add("requester", _("Contact requests are sent by a municipality, an OPS/CUS or a provider."))
    elif actor is not None and not actor.is_superuser and requester.pk not in requesting_organisation_ids(actor):
        errors.add("requester", _("Choose one of your own organisations."))
    elif offer is not None and requester.pk == offer.organisation_id:
        errors.add("requester", _("An organisation does not send a request about its own offer."))
    interests = (data.get("interests") or "").strip()
    message = (data.get("message") or "").strip()
    if not interests:
        errors.add("interests", _("Say what you are interested in."))
    elif len(interests) > 300:
        errors.add("interests", _("At most 300 characters."))
    if not message:
        errors.add("message", _("Write a message."))
    elif len(message) > 3000:
        errors.add("message", _("At most 3,000 characters."))
    errors.raise_if_any()
    assert offer is not None and requester is not None
    duplicate = _("Your organisation has already sent a request about this offer that waits for an answer.")
    if ContactRequest.objects.filter(offer=offer, requester=requester, status=RequestStatus.PENDING).exists():
        raise ValidationError({"offer": duplicate})
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(
                offer=offer, requester=requester, interests=interests, message=message, created_by=_user(actor)
            )
            ContactRequestEvent.objects.create(
                request=request, from_state="", to_state=RequestStatus.PENDING, actor=_user(actor)
            )
            notify(
                recipients=users_with_roles_in(organisation_id=offer.organisation_id, roles=PUBLISHER_ROLES),
                kind="agreements.request",
                title=gettext_noop("%(requester)s asks about your offer “%(offer)s”."),
                params={"requester": requester.name, "offer": offer.title},
                link=_request_link(request),
            )
    except IntegrityError:
        raise ValidationError({"offer": duplicate}) from None
    return request


def _request_move(request: ContactRequest, target: str, *, actor, note: str = "", extra=None) -> ContactRequest:
    return transition(
        request,
        machine=REQUEST_MACHINE,
        target=target,
        actor=actor,
        event_model=ContactRequestEvent,
        note=note,
        extra_updates={**(extra or {}), "version": request.version + 1},
        request=request,
    )


def _locked_pending(request: ContactRequest) -> ContactRequest:
    current = ContactRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    request.status, request.version = current.status, current.version
    return request


def request_decline(*, actor, request: ContactRequest, reason: str) -> ContactRequest:
    """The offering organisation declines with its reasons; the requester is told."""
    REQUEST_MACHINE.check_permission(actor, request, RequestStatus.DECLINED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reasons for declining.")})
    with transaction.atomic():
        _locked_pending(request)
        _request_move(
            request,
            RequestStatus.DECLINED,
            actor=actor,
            note=reason[:500],
            extra={"answer": reason[:2000], "answered_at": timezone.now()},
        )
        notify(
            recipients=users_with_roles_in(organisation_id=request.requester_id, roles=PARTY_ROLES),
            kind="agreements.request-declined",
            title=gettext_noop("%(offerer)s declined your request about “%(offer)s”."),
            params={"offerer": request.offer.organisation.name, "offer": request.offer.title},
            link=_request_link(request),
        )
    return request


def request_accept(*, actor, request: ContactRequest, answer: str = "", today: date | None = None):
    """The offering organisation accepts: the draft of a cooperation agreement between the two organisations is
    started (once: a second acceptance is refused) and the requester is told."""
    from kooperacja.agreements import agreement_services

    REQUEST_MACHINE.check_permission(actor, request, RequestStatus.ACCEPTED)
    today = today or timezone.localdate()
    offer = request.offer
    with transaction.atomic():
        _locked_pending(request)
        agreement = agreement_services.agreement_create(
            actor=None,
            organisations=[offer.organisation, request.requester],
            data={
                "subject": _("Cooperation in %(service)s") % {"service": offer.card_version.name},
                "scope": f"{offer.title}\n{request.interests}",
                "valid_from": today,
                "valid_to": max(today, min(offer.valid_to, add_months(today, 12))),
                "review_on": max(today, min(offer.valid_to, add_months(today, 6))),
            },
            offer=offer,
            created_by=actor,
        )
        _request_move(
            request,
            RequestStatus.ACCEPTED,
            actor=actor,
            note=_("Draft agreement started"),
            extra={"answer": (answer or "").strip()[:2000], "answered_at": timezone.now(), "agreement": agreement},
        )
        notify(
            recipients=users_with_roles_in(organisation_id=request.requester_id, roles=PARTY_ROLES),
            kind="agreements.request-accepted",
            title=gettext_noop("%(offerer)s accepted your request about “%(offer)s”: a draft agreement is ready."),
            params={"offerer": offer.organisation.name, "offer": offer.title},
            link=reverse("agreements:agreement-detail", kwargs={"public_id": agreement.public_id}),
        )
    return agreement


def request_withdraw(*, actor, request: ContactRequest) -> ContactRequest:
    REQUEST_MACHINE.check_permission(actor, request, RequestStatus.WITHDRAWN)
    with transaction.atomic():
        _locked_pending(request)
        return _request_move(request, RequestStatus.WITHDRAWN, actor=actor)
