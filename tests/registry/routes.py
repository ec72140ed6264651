"""Sample URL arguments for the registry routes, used by tests/core/test_route_permissions.py.

Object-level rules are tested in this package; for the route-level test every edit route points at one
organisation that every persona admitted by ``registry.edit_organisations`` may also change.
"""

from datetime import date

from kooperacja.accounts.roles import Role
from kooperacja.registry.models import (
    ContactPerson,
    OrganisationKind,
    RegisterKind,
    RegisterTerm,
    SocialEnterpriseStatus,
    Workshop,
)
from kooperacja.registry.rules import MEMBER_EDITOR_ROLES
from tests.factories import GRUDZIADZ, MembershipFactory, OrganisationFactory


def shared_organisation(world):
    """A CIS in Grudziądz (so the county's coordinator and the voivodeship's register officer may change
    it) where every member-editor persona, and member_b, also holds a managing role."""
    organisation = getattr(world, "_registry_shared", None)
    if organisation is not None:
        return organisation
    organisation = OrganisationFactory(name="CIS wspólny", kind=OrganisationKind.CIS, municipality_id=GRUDZIADZ)
    for role in MEMBER_EDITOR_ROLES:
        MembershipFactory(user=world.user(role.value), organisation=organisation, role=role)
    MembershipFactory(user=world.user("member_b"), organisation=organisation, role=Role.PES_MANAGER)
    world._registry_term = RegisterTerm.objects.create(
        organisation=organisation,
        register=RegisterKind.CIS,
        status="granted",
        number="WUP-K-P/1/2024",
        decision_number="WPS-II.1/2024",
        decision_date=date(2024, 1, 10),
        term_start=date(2024, 1, 15),
        term_end=date(2029, 1, 14),
        voivodeship_id="04",
    )
    world._registry_shared = organisation
    world._registry_workshop = Workshop.objects.create(
        organisation=organisation, name="Warsztat opiekuńczy", municipality_id=GRUDZIADZ
    )
    world._registry_contact = ContactPerson.objects.create(organisation=organisation, full_name="Jan Nowak")
    return organisation


def _org(world) -> dict:
    return {"public_id": shared_organisation(world).public_id}


def _workshop(world) -> dict:
    return {**_org(world), "workshop_id": world._registry_workshop.pk}


def _contact(world) -> dict:
    return {**_org(world), "contact_id": world._registry_contact.pk}


def _term(world) -> dict:
    return {**_org(world), "term_id": world._registry_term.pk}


def _social_cooperative(world) -> dict:
    """A social cooperative of Grudziądz (the register officer's voivodeship) holding a social-enterprise status."""
    organisation = getattr(world, "_registry_cooperative", None)
    if organisation is None:
        organisation = OrganisationFactory(
            name="Spółdzielnia Socjalna wspólna", kind=OrganisationKind.SOCIAL_COOPERATIVE, municipality_id=GRUDZIADZ
        )
        world._registry_cooperative = organisation
        world._registry_se_status = SocialEnterpriseStatus.objects.create(
            organisation=organisation,
            decision_number="WPS-S/1/2024",
            decision_date=date(2024, 2, 1),
            valid_from=date(2024, 2, 1),
        )
    return {"public_id": organisation.public_id}


def _se_status(world) -> dict:
    return {**_social_cooperative(world), "status_id": world._registry_se_status.pk}


def _public_body(world) -> dict:
    """Territory and kind are changed from above: the register officer's object here is a public body of its
    voivodeship (the MOPS in Grudziądz)."""
    return {"public_id": world.ops.public_id}


_ALL_ROLES = {role.value for role in Role}

EXPECTED = {
    "registry.change_reaches": {"admin", "register_officer"},
    "registry.view_members": _ALL_ROLES | {"member_b", "admin"},
    # The register officer grants the coordinator role in the public bodies of its voivodeship.
    "registry.manage_members": {"admin", "coordinator", "pzs_staff", "pes_manager", "member_b", "register_officer"},
}


def _org_a(world) -> dict:
    return {"public_id": world.org_a.public_id}


SAMPLE_KWARGS = {
    "registry:members": _org_a,
    "registry:member-grant": _org_a,
    "registry:member-revoke": lambda w: {**_org_a(w), "membership_id": 999999},
    "registry:detail": _org,
    "registry:reach": _public_body,
    "api:registry-organisation-reach": _public_body,
    "registry:edit": _org,
    "registry:register-grant": _org,
    "registry:register-extend": _org,
    "registry:register-end": _term,
    "registry:social-enterprise-grant": _social_cooperative,
    "registry:social-enterprise-revoke": _se_status,
    "registry:social-enterprise-decision": _se_status,
    "api:registry-register-grant": _org,
    "api:registry-register-extend": _org,
    "api:registry-register-end": _term,
    "api:registry-social-enterprise-grant": _social_cooperative,
    "api:registry-social-enterprise-revoke": _se_status,
    "registry:workshop-create": _org,
    "registry:workshop-edit": _workshop,
    "registry:workshop-delete": _workshop,
    "registry:contact-create": _org,
    "registry:contact-edit": _contact,
    "registry:contact-delete": _contact,
    "api:registry-organisation": _org,
}
