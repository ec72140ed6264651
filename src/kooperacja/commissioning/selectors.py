"""Reads of orders, offers and contracts, scoped to who asks.

Orders: the commissioner's own (every state) and, for every signed-in user, the published ones and those past
publication (public notices). Offers: the bidder's own; the commissioner's evaluators see every offer of their
orders once the offers are closed (never before the deadline). Contracts: the parties', all of them for an
administrator, those in their voivodeships for an analyst. Another's record answers like a missing one (404).

Sphere 3 shows organisations, not persons: no read here is of personal data."""

from django.db.models import Q, QuerySet
from django.http import Http404

from kooperacja.commissioning.models import Contract, ContractPeriod
from kooperacja.commissioning.rules import (
    analyst_voivodeships,
    bidder_organisation_ids,
    commissioner_organisation_ids,
    evaluator_organisation_ids,
)

CONTRACT_SORTS = {
    "newest": ("-start_date", "-id"),
    "oldest": ("start_date", "id"),
    "value": ("-value", "-id"),
    "end": ("end_date", "id"),
}


def _contracts() -> QuerySet[Contract]:
    return Contract.objects.select_related(
        "order", "provider", "commissioner", "service_type", "card_version", "municipality"
    )


def contract_list_for(
    *,
    user,
    status: str | None = None,
    side: str | None = None,
    service: str | None = None,
    sort: str | None = None,
) -> QuerySet[Contract]:
    """Contracts the user's organisations are party to (as commissioner, its evaluators too, or as provider);
    all of them for an administrator, those whose place lies in their voivodeships for an analyst.
    ``side``: "provider" or "commissioner" keeps one side only; ``service``: a catalogue code."""
    if not user.is_authenticated:
        return Contract.objects.none()
    contracts = _contracts()
    if not user.is_superuser:
        provider = bidder_organisation_ids(user)
        commissioner = commissioner_organisation_ids(user) | evaluator_organisation_ids(user)
        scope = Q(provider_id__in=provider) | Q(commissioner_id__in=commissioner)
        if side == "provider":
            scope = Q(provider_id__in=provider)
        elif side == "commissioner":
            scope = Q(commissioner_id__in=commissioner)
        else:
            for code in analyst_voivodeships(user):
                scope |= Q(municipality_id__startswith=code)
        contracts = contracts.filter(scope)
    if status:
        contracts = contracts.filter(status=status)
    if service:
        contracts = contracts.filter(service_type__code=service)
    return contracts.order_by(*CONTRACT_SORTS.get(sort or "", CONTRACT_SORTS["newest"]))


def contract_get_for(*, user, public_id) -> Contract:
    """A contract the user sees (:func:`contract_list_for`), or 404."""
    contract = contract_list_for(user=user).filter(public_id=public_id).first()
    if contract is None:
        raise Http404("contract")
    return contract


def contract_periods(*, contract: Contract) -> list[ContractPeriod]:
    """The contract's schedule, in order."""
    return list(contract.periods.order_by("period_start"))
