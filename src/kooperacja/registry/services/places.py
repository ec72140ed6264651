"""Workshops, sections and places of activity, and contact persons."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from kooperacja.registry.models import (
    ContactPerson,
    Organisation,
    Workshop,
)
from kooperacja.registry.services.common import (
    CONTACT_FIELDS,
    WORKSHOP_FIELDS,
    apply_values,
    full_clean_into,
)
from kooperacja.territory.models import Level

# --- workshops, sections and places ---------------------------------------------------------------------


def _workshop_save(workshop: Workshop, data: Mapping[str, Any]) -> Workshop:
    errors = apply_values(workshop, data, WORKSHOP_FIELDS, {"municipality": Level.MUNICIPALITY})
    full_clean_into(workshop, errors=errors, exclude=["organisation"]).raise_if_any()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_create(*, actor: User | None, organisation: Organisation, data: Mapping[str, Any]) -> Workshop:
    """Add a CIS workshop, a KIS section or another place of activity."""
    values = dict(data)
    values.setdefault("municipality", organisation.municipality_id)
    return _workshop_save(Workshop(organisation=organisation), values)


@transaction.atomic
def workshop_update(*, actor: User | None, workshop: Workshop, data: Mapping[str, Any]) -> Workshop:
    return _workshop_save(workshop, data)


@transaction.atomic
def workshop_delete(*, actor: User | None, workshop: Workshop) -> None:
    workshop.delete()


# --- contact persons ----------------------------------------------------------------------------------


def _contact_save(contact: ContactPerson, data: Mapping[str, Any]) -> ContactPerson:
    errors = apply_values(contact, data, CONTACT_FIELDS, {})
    full_clean_into(contact, errors=errors, exclude=["organisation"]).raise_if_any()
    contact.save()
    return contact


@transaction.atomic
def contact_create(*, actor: User | None, organisation: Organisation, data: Mapping[str, Any]) -> ContactPerson:
    return _contact_save(ContactPerson(organisation=organisation), data)


@transaction.atomic
def contact_update(*, actor: User | None, contact: ContactPerson, data: Mapping[str, Any]) -> ContactPerson:
    return _contact_save(contact, data)


@transaction.atomic
def contact_delete(*, actor: User | None, contact: ContactPerson) -> None:
    contact.delete()
