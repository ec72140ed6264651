from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from kooperacja.accounts.models import AccountEvent, ApiToken, Membership


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    """The user's own memberships with each organisation's municipality, county and voivodeship."""
    return Membership.objects.filter(user=user).select_related(
        "organisation",
        "organisation__municipality",
        "organisation__municipality__parent",
        "organisation__municipality__voivodeship",
    )


ACCOUNT_EVENTS_SHOWN = 5


def account_event_list(*, user, limit: int = ACCOUNT_EVENTS_SHOWN) -> list[AccountEvent]:
    """The latest changes the user made to the security of their own account."""
    return list(AccountEvent.objects.filter(user=user)[:limit])


def user_get_active_by_username(*, username: str):
    """The active user with exactly this username, or None."""
    return get_user_model().objects.filter(username=username.strip(), is_active=True).first()


def api_token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get_for_owner(*, user, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise Http404("token")
    return token


def membership_list_for_organisation(*, organisation_id: int) -> QuerySet[Membership]:
    """Memberships of an organisation (callers have authorised the user), people in surname order."""
    return (
        Membership.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )


def membership_find(*, organisation_id: int, membership_id: int) -> Membership | None:
    return Membership.objects.select_related("user").filter(organisation_id=organisation_id, pk=membership_id).first()


def membership_holds_other(*, user_id: int, organisation_id: int, roles, besides: Membership) -> bool:
    """Whether the user holds one of ``roles`` in the organisation through another membership than ``besides``
    (the rows are locked, so that two revocations cannot both rely on each other)."""
    others = (
        Membership.objects.select_for_update()
        .filter(user_id=user_id, organisation_id=organisation_id, role__in=[str(role) for role in roles])
        .exclude(pk=besides.pk)
    )
    return others.exists()


def users_with_roles_in(*, organisation_id: int, roles) -> QuerySet:
    """The active users holding one of ``roles`` in the organisation, each once, in surname order (callers have
    authorised the reader): e.g. the staff count of a yearly report."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(organisation_id=organisation_id, role__in=[str(r) for r in roles]).values(
                "user_id"
            ),
        )
        .order_by("last_name", "first_name", "username", "id")
    )
