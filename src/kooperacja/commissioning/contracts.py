"""The contract concluded on the awarded offer: prepared by the commissioner with its schedule (monthly periods
by default: the volume and the value spread evenly, the rest in the last period), signed by the provider (the order
is then "contracted"), completed or terminated by the commissioner."""

import calendar
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.commissioning.models import (
    CONTRACT_MACHINE,
    Contract,
    ContractEvent,
    ContractPeriod,
    ContractStatus,
    Offer,
    Order,
    OrderStatus,
)
from kooperacja.commissioning.rules import BIDDER_ROLES
from kooperacja.commissioning.services import _move as order_move
from kooperacja.core import plausible
from kooperacja.core.errors import FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.notifications.services import notify

CENT = Decimal("0.01")
# Called with a contract's id when the provider signs it, inside the signing transaction: apps above commissioning
# that keep figures per contract register here in their AppConfig.ready() (delivery: the contract's monitoring row,
# so that an active contract is listed for reports before its first one).
CONTRACT_SIGNED: list[Callable[[int], object]] = []


def month_periods(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar-month periods from ``start`` to ``end`` (the first and last cut to the contract's days)."""
    periods = []
    current = start
    while current <= end:
        last = date(current.year, current.month, calendar.monthrange(current.year, current.month)[1])
        periods.append((current, min(last, end)))
        current = last + timedelta(days=1)
    return periods


def even_schedule(
    *, start: date, end: date, units: Decimal, value: Decimal, people: int | None = None
) -> list[dict[str, Any]]:
    """Monthly periods with the units and the value spread evenly (the rounding rest in the last period)."""
    periods = month_periods(start, end)
    count = len(periods)
    each_units = (units / count).quantize(CENT, rounding=ROUND_DOWN)
    each_value = (value / count).quantize(CENT, rounding=ROUND_DOWN)
    rows = []
    for index, (first, last) in enumerate(periods):
        final = index == count - 1
        rows.append(
            {
                "period_start": first,
                "period_end": last,
                "planned_units": units - each_units * (count - 1) if final else each_units,
                "planned_value": value - each_value * (count - 1) if final else each_value,
                "planned_people": people,
            }
        )
    return rows


def _schedule_checked(
    errors: FieldErrors, rows: Sequence[Mapping[str, Any]], *, start: date, end: date
) -> list[dict[str, Any]]:
    """The periods: inside the contract, in order, not overlapping, with planned units and value >= 0."""
    checked: list[dict[str, Any]] = []
    previous_end: date | None = None
    for index, row in enumerate(rows, start=1):
        first, last = row.get("period_start"), row.get("period_end")
        try:
            units = Decimal(str(row.get("planned_units"))).quantize(CENT)
            value = Decimal(str(row.get("planned_value"))).quantize(CENT)
        except (InvalidOperation, ValueError):
            errors.add("periods", _("Period %(n)s: enter the planned units and value as numbers.") % {"n": index})
            continue
        if not isinstance(first, date) or not isinstance(last, date) or last < first:
            errors.add("periods", _("Period %(n)s: enter its first and last day in order.") % {"n": index})
            continue
        if first < start or last > end:
            errors.add("periods", _("Period %(n)s lies outside the contract's dates.") % {"n": index})
        if previous_end is not None and first <= previous_end:
            errors.add("periods", _("Period %(n)s overlaps the one before it.") % {"n": index})
        if units < 0 or value < 0:
            errors.add("periods", _("Period %(n)s: the planned units and value cannot be negative.") % {"n": index})
        previous_end = last
        people: Any = row.get("planned_people")
        checked.append(
            {
                "period_start": first,
                "period_end": last,
                "planned_units": units,
                "planned_value": value,
                "planned_people": int(people) if people not in (None, "") else None,
            }
        )
    if not checked and "periods" not in errors:
        errors.add("periods", _("The schedule needs at least one period."))
    return checked


def contract_prepare(
    *,
    actor: User | None,
    order: Order,
    number: str,
    start_date: date | None = None,
    end_date: date | None = None,
    periods: Sequence[Mapping[str, Any]] | None = None,
    planned_people: int | None = None,
) -> Contract:
    """The contract on the awarded offer of ``order``, awaiting the provider's signature: its value is the
    offer's total price, its dates the order's unless given; the schedule monthly by default. The schedule's
    value sums to the contract's value. One contract per order (a second is refused)."""
    if actor is not None and not actor.has_perm("commissioning.manage_order", order):
        raise PermissionDenied
    errors = FieldErrors()
    number = (number or "").strip()[:60]
    if not number:
        errors.add("number", _("Enter the contract number."))
    start = start_date or order.period_start
    end = end_date or order.period_end
    if end < start:
        errors.add("end_date", _("The contract cannot end before it starts."))
    plausible.check(
        errors,
        {"start_date": (plausible.SERVICE_START, start), "end_date": (plausible.SERVICE_END, end)},
        context={"period_start": start},
        today=timezone.localdate(),
    )
    if order.status != OrderStatus.AWARDED or order.awarded_offer_id is None:
        raise ValidationError(_("A contract is prepared for an awarded order without one."))
    offer = Offer.objects.select_related("bidder").get(pk=order.awarded_offer_id)
    errors.raise_if_any()
    rows = (
        _schedule_checked(errors, periods, start=start, end=end)
        if periods
        else even_schedule(start=start, end=end, units=order.volume, value=offer.total_price, people=planned_people)
    )
    if periods and not errors and sum((row["planned_value"] for row in rows), Decimal(0)) != offer.total_price:
        errors.add(
            "periods",
            _("The planned values sum to %(sum)s PLN; the contract is worth %(value)s PLN.")
            % {"sum": sum((row["planned_value"] for row in rows), Decimal(0)), "value": offer.total_price},
        )
    errors.raise_if_any()
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            if locked.status != OrderStatus.AWARDED or Contract.objects.filter(order=locked).exists():
                raise ValidationError(_("This order already has its contract."), code="duplicate")
            contract = Contract.objects.create(
                number=number,
                order=locked,
                offer=offer,
                provider=offer.bidder,
                commissioner_id=locked.commissioner_id,
                service_type_id=locked.service_type_id,
                card_version_id=locked.card_version_id,
                municipality_id=locked.place_id,
                unit=locked.unit,
                unit_price=offer.unit_price,
                start_date=start,
                end_date=end,
                value=offer.total_price,
                created_by=user,
            )
            ContractPeriod.objects.bulk_create([ContractPeriod(contract=contract, **row) for row in rows])
            ContractEvent.objects.create(
                contract=contract, from_state="", to_state=ContractStatus.TO_SIGN, actor=user, note=_("Prepared")
            )
            notify(
                recipients=users_with_roles_in(organisation_id=offer.bidder_id, roles=BIDDER_ROLES),
                kind="commissioning.contract_to_sign",
                title=gettext_noop("Contract %(number)s with %(commissioner)s awaits your signature."),
                params={"number": number, "commissioner": locked.commissioner.name},
                link=reverse("commissioning:contract", kwargs={"public_id": contract.public_id}),
            )
    except IntegrityError:
        raise ValidationError({"number": _("Your institution already has a contract with this number.")}) from None
    return contract


def _move(contract: Contract, target: str, *, actor: User | None, note: str = "", extra=None) -> Contract:
    return transition(
        contract,
        machine=CONTRACT_MACHINE,
        target=target,
        actor=actor,
        event_model=ContractEvent,
        note=note,
        extra_updates={**(extra or {}), "version": contract.version + 1},
        contract=contract,
    )


def contract_sign(*, actor: User | None, contract: Contract, signed_on: date | None = None) -> Contract:
    """The provider signs: the contract is active and the order contracted (both or neither)."""
    signed_on = signed_on or timezone.localdate()
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The contract cannot be signed with a date in the future.")})
    with transaction.atomic():
        signed = _move(contract, ContractStatus.ACTIVE, actor=actor, note=_("Signed"), extra={"signed_on": signed_on})
        order = Order.objects.select_for_update().get(pk=contract.order_id)
        order_move(order, OrderStatus.CONTRACTED, actor=None, note=contract.number)
        for hook in CONTRACT_SIGNED:
            hook(signed.pk)
    return signed


def contract_complete(*, actor: User | None, contract: Contract, ended_on: date | None = None) -> Contract:
    """The commissioner records the contract delivered in full."""
    ended_on = ended_on or timezone.localdate()
    with transaction.atomic():
        return _move(contract, ContractStatus.COMPLETED, actor=actor, note=_("Completed"), extra={"ended_on": ended_on})


def contract_terminate(
    *, actor: User | None, contract: Contract, reason: str, ended_on: date | None = None
) -> Contract:
    """The commissioner terminates the contract, giving the reason."""
    reason = (reason or "").strip()
    CONTRACT_MACHINE.check_permission(actor, contract, ContractStatus.TERMINATED)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for terminating the contract.")})
    ended_on = ended_on or timezone.localdate()
    with transaction.atomic():
        return _move(
            contract,
            ContractStatus.TERMINATED,
            actor=actor,
            note=reason[:500],
            extra={"ended_on": ended_on, "end_reason": reason},
        )
