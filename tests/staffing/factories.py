"""Factories of the staffing tests: catalogue cards of their own, needs, rounds and plans."""

from datetime import timedelta

import factory
from django.utils import timezone

from kooperacja.accounts.roles import Role
from kooperacja.catalogue.models import ServiceType
from kooperacja.demo.builders import service_card
from kooperacja.registry.models import OrganisationKind
from kooperacja.staffing.models import DiagnosisRound, NeedStatus, RoundPartner, StaffingNeed, WorkingTime
from tests.factories import GRUDZIADZ, MembershipFactory, OrganisationFactory

CARE_QUALIFICATIONS = (
    ("TQ-1", "Opiekunka środowiskowa", True),
    ("TQ-2", "Pierwsza pomoc", True),
    ("TQ-3", "Opieka nad osobą z otępieniem", False),
)


def make_card(*, code: str | None = None, name: str = "Usługi opiekuńcze (test)", qualifications=CARE_QUALIFICATIONS):
    """A service type with a published version 1 carrying ``qualifications`` (code, name, mandatory)."""
    code = code or f"test-usluga-{ServiceType.objects.count() + 1}"
    return service_card(code=code, name=name, qualifications=qualifications, modules=False)


def provider_with_manager(user, *, name: str = "Spółdzielnia Socjalna Opiekun", municipality_id: str = GRUDZIADZ):
    """A social cooperative where ``user`` is the social-economy manager."""
    organisation = OrganisationFactory(
        name=name, kind=OrganisationKind.SOCIAL_COOPERATIVE, municipality_id=municipality_id
    )
    MembershipFactory(user=user, organisation=organisation, role=Role.PES_MANAGER)
    return organisation


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffingNeed
        skip_postgeneration_save = True

    provider = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.SOCIAL_COOPERATIVE)
    card_version = factory.LazyFunction(make_card)
    position = "Opiekunka środowiskowa"
    headcount = 2
    working_time = WorkingTime.FULL_TIME
    start_date = factory.LazyFunction(lambda: in_days(60))
    municipality_id = GRUDZIADZ
    status = NeedStatus.OPEN
    search_text = "opiekunka srodowiskowa"

    @factory.post_generation
    def qualifications(obj, create, extracted, **kwargs):
        """NeedFactory(qualifications=["TQ-1"]) sets required qualifications by code of the need's card."""
        if create and extracted:
            obj.required_qualifications.set(obj.card_version.qualifications.filter(code__in=extracted))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiagnosisRound

    title = factory.Sequence(lambda n: f"Diagnoza {n}")
    territory_id = "0462"  # county: city of Grudziądz
    period_start = factory.LazyFunction(lambda: in_days(0))
    period_end = factory.LazyFunction(lambda: in_days(365))
    coordinator_organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.OPS)


def invite(diagnosis_round, *organisations) -> None:
    for organisation in organisations:
        RoundPartner.objects.create(round=diagnosis_round, organisation=organisation)
