"""factory_boy factories shared by the whole suite (and by nothing in production code)."""

import factory
from django.contrib.auth import get_user_model

from kooperacja.accounts.models import Membership
from kooperacja.core.text import fold, polish_sort_key
from kooperacja.registry.models import Organisation, OrganisationKind

GRUDZIADZ = "0462011"  # city of Grudziądz (kujawsko-pomorskie)
GRUDZIADZ_RURAL = "0406012"  # rural municipality of Grudziądz, county grudziądzki
BYDGOSZCZ = "0461011"
JANOW_LUBELSKI = "0605053"  # county janowski (lubelskie)
LUBLIN = "0663011"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Kowalska{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("test-password-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organizacja testowa {n}")
    kind = OrganisationKind.NGO
    municipality_id = GRUDZIADZ
    city = "Grudziądz"
    # Derived from the name as the registry's services derive them, written with the row itself.
    sort_name = factory.LazyAttribute(lambda organisation: polish_sort_key(organisation.name))
    search_text = factory.LazyAttribute(lambda organisation: fold(organisation.name))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "coordinator"
