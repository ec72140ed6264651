"""Shared fixtures: the territory loaded once per test database, and personas in two institutions."""

from dataclasses import dataclass

import pytest
from django.conf import settings

from kooperacja.accounts.roles import Role
from kooperacja.registry.models import OrganisationKind
from tests.factories import (
    BYDGOSZCZ,
    GRUDZIADZ,
    JANOW_LUBELSKI,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

# Fast and deterministic: cheap password hashing, background tasks run at once.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Every test client loads the middleware, and WhiteNoise's indexes every file under STATIC_ROOT on loading: once
# `collectstatic` has run (for the demo or a benchmark), that alone made the suite twice as slow. No test serves
# collected files (the browser tests collect their own).
settings.STATIC_ROOT = None
settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data every test may rely on: the whole TERYT register, the service catalogue and the catalogue of
    social cooperative models."""
    from kooperacja.territory.services import territory_load

    with django_db_blocker.unblock():
        territory_load()
        try:
            from kooperacja.catalogue.services import catalogue_load
        except ImportError:  # the catalogue app is optional while it is being built
            catalogue_load = None
        if catalogue_load is not None:
            catalogue_load()
            from kooperacja.cooperatives.loading import models_load

            models_load()


@dataclass
class World:
    """Two institutions and one persona per role. A is a CIS in Grudziądz, B a social cooperative in
    Janów Lubelski; every role persona is a member of A, except those only a public body holds: the
    coordinator works for the social-assistance centre (OPS) of Grudziądz, the register officer for the
    voivode's office in Bydgoszcz."""

    org_a: object
    org_b: object
    voivode_office: object
    ops: object
    personas: dict  # name -> user (None for anonymous)

    def user(self, name: str):
        return self.personas[name]


@pytest.fixture
def world(db) -> World:
    return world_build()


def world_build() -> World:
    org_a = OrganisationFactory(name="CIS Grudziądz", kind=OrganisationKind.CIS, municipality_id=GRUDZIADZ)
    org_b = OrganisationFactory(
        name="Spółdzielnia Socjalna Janów",
        kind=OrganisationKind.SOCIAL_COOPERATIVE,
        municipality_id=JANOW_LUBELSKI,
    )
    voivode_office = OrganisationFactory(
        name="Kujawsko-Pomorski Urząd Wojewódzki",
        kind=OrganisationKind.VOIVODE_OFFICE,
        municipality_id=BYDGOSZCZ,
    )
    ops = OrganisationFactory(name="MOPS Grudziądz", kind=OrganisationKind.OPS, municipality_id=GRUDZIADZ)
    home = {Role.REGISTER_OFFICER: voivode_office, Role.COORDINATOR: ops}
    personas: dict = {"anonymous": None}
    for role in Role:
        organisation = home.get(role, org_a)
        personas[role.value] = MembershipFactory(
            user=UserFactory(username=role.value), organisation=organisation, role=role
        ).user
    personas["member_b"] = MembershipFactory(
        user=UserFactory(username="member_b"), organisation=org_b, role=Role.PES_MANAGER
    ).user
    personas["no_membership"] = UserFactory(username="no_membership")
    personas["admin"] = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return World(org_a=org_a, org_b=org_b, voivode_office=voivode_office, ops=ops, personas=personas)


@pytest.fixture
def client_for(client, world):
    """client_for("coordinator") -> a test client signed in as that persona (anonymous: signed out)."""
    from django.test import Client

    def make(name: str) -> Client:
        new_client = Client()
        user = world.user(name)
        if user is not None:
            new_client.force_login(user)
        return new_client

    return make


@pytest.fixture(autouse=True)
def english(settings):
    """Tests assert messages in English (the source language); tests of the Polish interface switch back."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def polish(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "pl"
    with translation.override("pl"):
        yield
