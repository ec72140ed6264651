"""Writes of orders and offers: the commissioner's draft (specification from the catalogue card current at
opening, criteria with weights summing to 100), its publication under the rules of its mode (modes.py), the
closing of offers at the deadline (server clock), cancellation; a provider's offer checked for eligibility when it
is submitted, and its withdrawal before the deadline. Evaluation, award and contracts: ``evaluation.py`` and
``contracts.py``."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.catalogue import selectors as catalogue
from kooperacja.commissioning.models import (
    OFFER_MACHINE,
    ORDER_MACHINE,
    Criterion,
    CriterionKind,
    Offer,
    OfferEvent,
    OfferStatus,
    Order,
    OrderEvent,
    OrderStatus,
    ServiceUnit,
)
from kooperacja.commissioning.modes import Mode, rules_of
from kooperacja.commissioning.rules import (
    COMMISSIONER_KINDS,
    EVALUATOR_ROLES,
    bidder_organisation_ids,
    commissioner_organisation_ids,
)
from kooperacja.core import plausible
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import long_datetime, short_date
from kooperacja.notifications.services import notify
from kooperacja.readiness.selectors import decision_in_force
from kooperacja.registry.models import REGISTERED_KINDS, Organisation
from kooperacja.territory import selectors as territory

ORDER_FIELDS = (
    "commissioner",
    "number",
    "title",
    "mode",
    "service_type",
    "expectations",
    "unit",
    "volume",
    "unit_price",
    "max_value",
    "period_start",
    "period_end",
    "place",
    "offer_deadline",
    "social_share_percent",
)
OFFER_FIELDS = ("unit_price", "description", "documents", "social_share_percent")
MONEY = Decimal("0.01")


def _user(actor: User | None) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _decimal(errors: FieldErrors, field: str, value, *, required: bool, message: str) -> Decimal | None:
    if value in (None, ""):
        if required:
            errors.add(field, message)
        return None
    try:
        number = Decimal(str(value)).quantize(MONEY)
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."))
        return None
    if number <= 0:
        errors.add(field, _("Enter an amount greater than zero."))
        return None
    return number


def _whole(errors: FieldErrors, field: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.add(field, _("Enter a whole number."))
        return None


def _criteria_checked(errors: FieldErrors, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The criteria: each named with a weight of 1–100, exactly one price criterion, weights summing to 100."""
    criteria: list[dict[str, Any]] = []
    for position, row in enumerate(rows):
        name = (row.get("name") or "").strip()
        kind = row.get("kind") or ""
        if not name and not row.get("weight"):
            continue
        try:
            weight = int(row.get("weight") or 0)
        except (TypeError, ValueError):
            weight = 0
        if not name or kind not in CriterionKind.values or not 1 <= weight <= 100:
            errors.add("criteria", _("Give each criterion a name, a kind and a weight from 1 to 100."))
            continue
        criteria.append(
            {
                "position": position,
                "kind": kind,
                "name": name[:200],
                "weight": weight,
                "description": (row.get("description") or "").strip()[:2000],
            }
        )
    if "criteria" not in errors:
        prices = [row for row in criteria if row["kind"] == CriterionKind.PRICE]
        total = sum(row["weight"] for row in criteria)
        if len(prices) != 1:
            errors.add("criteria", _("Give exactly one price criterion."))
        if total != 100:
            errors.add(
                "criteria", _("The weights of the criteria sum to %(total)s; they must sum to 100.") % {"total": total}
            )
    return criteria


def _order_checked(*, actor: User | None, data: Mapping[str, Any], current: Order | None) -> dict[str, Any]:
    errors = FieldErrors()
    values: dict[str, Any] = {}
    commissioner = data.get("commissioner")
    if commissioner is None:
        errors.add("commissioner", _("Choose the commissioning institution."))
    elif commissioner.kind not in COMMISSIONER_KINDS:
        errors.add("commissioner", _("Orders are opened by a municipality office, an OPS or a CUS."))
    elif actor is not None and not actor.is_superuser and commissioner.pk not in commissioner_organisation_ids(actor):
        errors.add("commissioner", _("Choose one of your own institutions."))
    values["commissioner"] = commissioner
    values["number"] = (data.get("number") or "").strip()[:60]
    if not values["number"]:
        errors.add("number", _("Enter the reference number."))
    elif commissioner is not None and (
        Order.objects.filter(commissioner=commissioner, number=values["number"])
        .exclude(pk=current.pk if current is not None else 0)
        .exists()
    ):
        errors.add("number", _("Your institution already has an order with this number."))
    values["title"] = (data.get("title") or "").strip()[:200]
    if not values["title"]:
        errors.add("title", _("Enter the title."))
    mode = data.get("mode") or ""
    if mode not in Mode.values:
        errors.add("mode", _("Choose the mode of commissioning."))
    values["mode"] = mode
    service = data.get("service_type")
    if isinstance(service, str):
        service = catalogue.service_type_find(code=service)
    if service is None or service.current_version_id is None:
        errors.add("service_type", _("Choose a service of the catalogue with a published card."))
        service = None
    values["service_type"] = service
    values["card_version"] = service.current_version if service is not None else None
    values["expectations"] = (data.get("expectations") or "").strip()[:8000]
    if not values["expectations"]:
        errors.add("expectations", _("Describe what you expect of the service."))
    unit = data.get("unit") or ""
    if unit not in ServiceUnit.values:
        errors.add("unit", _("Choose the unit the volume is counted in."))
    values["unit"] = unit
    values["volume"] = _decimal(errors, "volume", data.get("volume"), required=True, message=_("Enter the volume."))
    values["unit_price"] = _decimal(errors, "unit_price", data.get("unit_price"), required=False, message="")
    values["max_value"] = _decimal(
        errors, "max_value", data.get("max_value"), required=True, message=_("Enter the maximum value.")
    )
    start, end = data.get("period_start"), data.get("period_end")
    if not start:
        errors.add("period_start", _("Enter the first day of the service."))
    if not end:
        errors.add("period_end", _("Enter the last day of the service."))
    if start and end and end < start:
        errors.add("period_end", _("The service cannot end before it starts."))
    values["period_start"], values["period_end"] = start, end
    place = data.get("place")
    if isinstance(place, str):
        place = territory.unit_find(code=place)
    if place is None:
        errors.add("place", _("Choose the municipality where the service is delivered."))
    values["place"] = place
    deadline = data.get("offer_deadline")
    if not isinstance(deadline, datetime):
        errors.add("offer_deadline", _("Enter the date and hour of the deadline for offers."))
        deadline = None
    elif start and deadline.date() > start:
        errors.add("offer_deadline", _("The deadline for offers must come before the service starts."))
    values["offer_deadline"] = deadline
    values["social_share_percent"] = _whole(errors, "social_share_percent", data.get("social_share_percent"))
    if values["social_share_percent"] is not None and not 30 <= values["social_share_percent"] <= 100:
        errors.add("social_share_percent", _("The required share is from 30 to 100 per cent (art. 94 ust. 2)."))
    if mode and mode in Mode.values and values["social_share_percent"] and not rules_of(mode).asks_social_share:
        errors.add(
            "social_share_percent", _("A share of staff at risk of exclusion is required in a reserved contract only.")
        )
    plausible.check(
        errors,
        {
            "period_start": (plausible.SERVICE_START, start),
            "period_end": (plausible.SERVICE_END, end),
            "volume": (plausible.SERVICE_VOLUME, values["volume"]),
            "unit_price": (plausible.UNIT_PRICE, values["unit_price"]),
            "max_value": (plausible.MONEY, values["max_value"]),
        },
        context={"period_start": start},
        today=timezone.localdate(),
    )
    criteria = _criteria_checked(errors, data.get("criteria") or [])
    if mode in Mode.values:
        _mode_limits(errors, values)
    errors.raise_if_any()
    values["criteria"] = criteria
    return values


def _mode_limits(errors: FieldErrors, values: Mapping[str, Any]) -> None:
    """The limits of value and duration the mode sets (e.g. art. 19a: 10,000 PLN, 90 days)."""
    rules = rules_of(values["mode"])
    value = values.get("max_value")
    if rules.max_value is not None and value is not None and value > rules.max_value:
        errors.add(
            "max_value",
            _("In the mode “%(mode)s” an order is worth at most %(limit)s PLN.")
            % {"mode": rules.label, "limit": rules.max_value},
        )
    start, end = values.get("period_start"), values.get("period_end")
    if rules.max_duration_days is not None and start and end and (end - start).days + 1 > rules.max_duration_days:
        errors.add(
            "period_end",
            _("In the mode “%(mode)s” the service lasts at most %(days)s days.")
            % {"mode": rules.label, "days": rules.max_duration_days},
        )


def _write_criteria(order: Order, criteria: list[dict[str, Any]]) -> None:
    order.criteria.all().delete()
    Criterion.objects.bulk_create([Criterion(order=order, **row) for row in criteria])


def order_create(*, actor: User | None, data: Mapping[str, Any]) -> Order:
    """A draft order of the actor's municipality office, OPS or CUS; refused with all field errors at once."""
    values = _order_checked(actor=actor, data=data, current=None)
    criteria = values.pop("criteria")
    try:
        with transaction.atomic():
            order = Order.objects.create(**values, created_by=_user(actor))
            _write_criteria(order, criteria)
            OrderEvent.objects.create(
                order=order, from_state="", to_state=OrderStatus.DRAFT, actor=_user(actor), note=_("Draft created")
            )
    except IntegrityError:
        raise ValidationError({"number": _("Your institution already has an order with this number.")}) from None
    return order


def order_update(*, actor: User, order: Order, data: Mapping[str, Any], expected_version: int) -> Order:
    """Edit a draft (only a draft, only its commissioner); a stale version is a ConflictError."""
    if not actor.has_perm("commissioning.manage_order", order):
        raise PermissionDenied
    if order.status != OrderStatus.DRAFT:
        raise ValidationError(_("Only a draft order can be edited."))
    values = _order_checked(actor=actor, data=data, current=order)
    criteria = values.pop("criteria")
    with transaction.atomic():
        claimed = Order.objects.filter(pk=order.pk, version=expected_version, status=OrderStatus.DRAFT).update(
            version=expected_version + 1
        )
        if claimed != 1:
            raise ConflictError(
                _("Someone else changed this order in the meantime. Nothing was saved; check and repeat.")
            )
        for name, value in values.items():
            setattr(order, name, value)
        order.version = expected_version + 1
        order.save(update_fields=[*values, "updated_at"])
        _write_criteria(order, criteria)
    return order


def _move(order: Order, target: str, *, actor: User | None, note: str = "", extra=None) -> Order:
    return transition(
        order,
        machine=ORDER_MACHINE,
        target=target,
        actor=actor,
        event_model=OrderEvent,
        note=note,
        extra_updates={**(extra or {}), "version": order.version + 1},
        order=order,
    )


def order_publish(*, actor: User | None, order: Order) -> Order:
    """Publish a draft under its mode's rules: the deadline at least the mode's minimum period away (server
    clock), the mode's limits of value and duration, criteria summing to 100 with one price criterion."""
    ORDER_MACHINE.check_permission(actor, order, OrderStatus.PUBLISHED)
    rules = rules_of(order.mode)
    errors = FieldErrors()
    now = timezone.now()
    days = (order.offer_deadline - now).total_seconds() / 86400
    if days < rules.min_offer_days:
        errors.add(
            "offer_deadline",
            _(
                "In the mode “%(mode)s” offers are accepted for at least %(days)s days: set the deadline on "
                "%(date)s or later."
            )
            % {
                "mode": rules.label,
                "days": rules.min_offer_days,
                "date": short_date(timezone.localdate(now) + timedelta(days=rules.min_offer_days)),
            },
        )
    _mode_limits(
        errors,
        {
            "mode": order.mode,
            "max_value": order.max_value,
            "period_start": order.period_start,
            "period_end": order.period_end,
        },
    )
    _criteria_checked(errors, list(order.criteria.values("kind", "name", "weight", "description")))
    errors.raise_if_any()
    with transaction.atomic():
        return _move(
            order,
            OrderStatus.PUBLISHED,
            actor=actor,
            note=rules.step_label(OrderStatus.PUBLISHED),
            extra={"published_at": now},
        )


def order_close_offers(*, actor: User | None, order: Order) -> Order:
    """Close the offers of a published order once its deadline has passed (server clock); ``actor`` None: the
    system (the ``close_commissioning_orders`` command)."""
    ORDER_MACHINE.check_permission(actor, order, OrderStatus.OFFERS_CLOSED)
    if timezone.now() < order.offer_deadline:
        raise ValidationError(
            _("Offers are accepted until %(deadline)s: they cannot be closed before.")
            % {"deadline": long_datetime(order.offer_deadline)}
        )
    with transaction.atomic():
        return _move(
            order,
            OrderStatus.OFFERS_CLOSED,
            actor=actor,
            note=rules_of(order.mode).step_label(OrderStatus.OFFERS_CLOSED),
        )


def orders_close_due(*, now: datetime | None = None) -> int:
    """Close every published order whose deadline has passed (idempotent; run periodically)."""
    now = now or timezone.now()
    closed = 0
    for order in Order.objects.filter(status=OrderStatus.PUBLISHED, offer_deadline__lte=now).order_by("id"):
        try:
            with transaction.atomic():
                _move(order, OrderStatus.OFFERS_CLOSED, actor=None, note=_("Deadline for offers passed"))
        except ConflictError:
            continue
        closed += 1
    return closed


def order_cancel(*, actor: User | None, order: Order, reason: str) -> Order:
    """Cancel an order not yet contracted, giving the reason; the bidders are told."""
    reason = (reason or "").strip()
    ORDER_MACHINE.check_permission(actor, order, OrderStatus.CANCELLED)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the order.")})
    with transaction.atomic():
        cancelled = _move(order, OrderStatus.CANCELLED, actor=actor, note=reason[:500], extra={"cancel_reason": reason})
        bidders = Offer.objects.filter(order=order, status=OfferStatus.SUBMITTED).values_list("bidder_id", flat=True)
        for bidder in bidders:
            notify(
                recipients=users_with_roles_in(organisation_id=bidder, roles=("pes_manager", "pzs_staff")),
                kind="commissioning.cancelled",
                title=gettext_noop("Order %(number)s of %(commissioner)s was cancelled."),
                params={"number": order.number, "commissioner": order.commissioner.name},
                link=reverse("commissioning:order", kwargs={"public_id": order.public_id}),
            )
    return cancelled


# --- Offers -----------------------------------------------------------------------------------------------


def ineligibility(
    *,
    order: Order,
    bidder: Organisation,
    on: date | None = None,
    ready: set[int] | None = None,
    registered: bool | None = None,
) -> list[str]:
    """Why ``bidder`` may not bid for ``order`` on ``on`` (today by default), one clear reason per problem; empty
    when eligible. The mode decides the kinds of entity; a CIS or KIS needs its register entry in force; every
    bidder needs a readiness decision in force for the order's service. A list reads ``ready`` (the providers
    ready for the order's service that day) and ``registered`` (the bidder's entry in force) once for all rows."""
    on = on or timezone.localdate()
    rules = rules_of(order.mode)
    reasons: list[str] = []
    if bidder.pk == order.commissioner_id:
        reasons.append(_("The commissioner cannot bid for its own order."))
    if bidder.kind not in rules.bidder_kinds:
        reasons.append(
            _("In the mode “%(mode)s” an entity of the kind “%(kind)s” cannot bid.")
            % {"mode": rules.label, "kind": bidder.get_kind_display()}
        )
    in_force = registered if registered is not None else bidder.kind not in REGISTERED_KINDS or bidder.is_in_force(on)
    if bidder.kind in REGISTERED_KINDS and not in_force:
        reasons.append(
            _("The entry of %(name)s in the voivode's register is not in force on %(date)s.")
            % {"name": bidder.name, "date": short_date(on)}
        )
    if not bidder.is_active:
        reasons.append(_("%(name)s is not active in the registry.") % {"name": bidder.name})
    if ready is not None:
        confirmed = bidder.pk in ready
    else:
        confirmed = (
            decision_in_force(organisation_id=bidder.pk, service_type_id=order.service_type_id, on=on) is not None
        )
    if not confirmed:
        reasons.append(
            _("%(name)s has no readiness confirmed for the service “%(service)s” on %(date)s.")
            % {"name": bidder.name, "service": order.card_version.name, "date": short_date(on)}
        )
    return reasons


def _offer_checked(*, order: Order, data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    values: dict[str, Any] = {}
    price = _decimal(
        errors, "unit_price", data.get("unit_price"), required=True, message=_("Enter the price per unit.")
    )
    values["unit_price"] = price
    plausible.check(errors, {"unit_price": (plausible.UNIT_PRICE, price)})
    values["total_price"] = (price * order.volume).quantize(MONEY) if price is not None else None
    if values["total_price"] is not None and values["total_price"] > order.max_value:
        errors.add(
            "unit_price",
            _("The offer's total price %(total)s PLN exceeds the order's maximum value of %(max)s PLN.")
            % {"total": values["total_price"], "max": order.max_value},
        )
    values["description"] = (data.get("description") or "").strip()[:8000]
    if not values["description"]:
        errors.add("description", _("Describe how you will deliver the service."))
    rules = rules_of(order.mode)
    documents = sorted({str(code) for code in data.get("documents") or []})
    required = {document.code: document for document in rules.required_documents}
    missing = [str(document.label) for code, document in required.items() if code not in documents]
    if missing:
        errors.add(
            "documents", _("The mode requires these documents: %(documents)s.") % {"documents": "; ".join(missing)}
        )
    values["documents"] = [code for code in documents if code in required]
    values["social_share_percent"] = _whole(errors, "social_share_percent", data.get("social_share_percent"))
    if order.social_share_percent:
        if values["social_share_percent"] is None:
            errors.add("social_share_percent", _("State the share of your staff from groups at risk of exclusion."))
        elif values["social_share_percent"] < order.social_share_percent:
            errors.add(
                "social_share_percent",
                _("The order requires at least %(percent)s%% of staff from groups at risk of exclusion.")
                % {"percent": order.social_share_percent},
            )
    errors.raise_if_any()
    return values


def _offer_move(offer: Offer, target: str, *, actor: User | None, note: str = "", extra=None) -> Offer:
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


def offer_submit(*, actor: User | None, order: Order, bidder: Organisation, data: Mapping[str, Any]) -> Offer:
    """Submit ``bidder``'s offer for ``order``: refused after the deadline (server clock), for an ineligible
    bidder (with the reasons) and when the bidder already has an offer in (one per bidder: a double submit
    stores nothing twice). A withdrawn offer is submitted again in its own row."""
    if actor is not None and not actor.is_superuser and bidder.pk not in bidder_organisation_ids(actor):
        raise PermissionDenied
    values = _offer_checked(order=order, data=data)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        now = timezone.now()
        if locked.status != OrderStatus.PUBLISHED or now >= locked.offer_deadline:
            raise ValidationError(
                _("Offers for this order were accepted until %(deadline)s: the deadline has passed.")
                % {"deadline": long_datetime(locked.offer_deadline)},
                code="deadline",
            )
        reasons = ineligibility(order=locked, bidder=bidder, on=timezone.localdate(now))
        if reasons:
            raise ValidationError({"bidder": reasons}, code="ineligible")
        offer = Offer.objects.filter(order=locked, bidder=bidder).first()
        if offer is not None and offer.status != OfferStatus.WITHDRAWN:
            raise ValidationError(
                _("%(name)s has already submitted an offer for this order; withdraw it to submit another.")
                % {"name": bidder.name},
                code="duplicate",
            )
        extra = {**values, "submitted_at": now, "submitted_by": _user(actor)}
        if offer is None:
            offer = Offer.objects.create(order=locked, bidder=bidder, status=OfferStatus.SUBMITTED, **extra)
            OfferEvent.objects.create(offer=offer, from_state="", to_state=OfferStatus.SUBMITTED, actor=_user(actor))
        else:
            _offer_move(offer, OfferStatus.SUBMITTED, actor=actor, note=_("Submitted again"), extra=extra)
        notify(
            recipients=users_with_roles_in(organisation_id=locked.commissioner_id, roles=EVALUATOR_ROLES),
            kind="commissioning.offer_submitted",
            title=gettext_noop("%(bidder)s submitted an offer for order %(number)s."),
            params={"bidder": bidder.name, "number": locked.number},
            link=reverse("commissioning:order", kwargs={"public_id": locked.public_id}),
        )
    return offer


def offer_withdraw(*, actor: User | None, offer: Offer, note: str = "") -> Offer:
    """The bidder withdraws its offer before the deadline (server clock)."""
    OFFER_MACHINE.check_permission(actor, offer, OfferStatus.WITHDRAWN)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=offer.order_id)
        if order.status != OrderStatus.PUBLISHED or timezone.now() >= order.offer_deadline:
            raise ValidationError(_("The deadline for offers has passed: the offer can no longer be withdrawn."))
        return _offer_move(offer, OfferStatus.WITHDRAWN, actor=actor, note=(note or "").strip()[:500])
