from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from kooperacja.accounts.models import ApiToken, Membership


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "organisation__municipality")


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
