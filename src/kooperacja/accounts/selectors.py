from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kooperacja.accounts.models import ApiToken, Membership
from kooperacja.registry.models import Organisation


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "organisation__municipality")


def organisation_get_for_members(*, user, public_id) -> Organisation:
    """The organisation whose members the user may see: its own members and administrators. Anyone else
    gets 404, exactly as for an organisation that does not exist."""
    organisation = Organisation.objects.filter(public_id=public_id).first()
    if organisation is None or not user.has_perm("accounts.view_organisation_members", organisation):
        raise Http404("organisation")
    return organisation


def organisation_get_for_member_change(*, user, public_id) -> Organisation:
    """The organisation if the user may manage its members: 404 if they may not even see them, else 403."""
    organisation = organisation_get_for_members(user=user, public_id=public_id)
    if not user.has_perm("accounts.change_organisation_members", organisation):
        raise PermissionDenied
    return organisation


def membership_list_for_organisation(*, organisation: Organisation) -> QuerySet[Membership]:
    """Memberships of an organisation (callers have authorised the user), people in surname order."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )


def membership_get_for_change(*, user, public_id, membership_id: int) -> Membership:
    organisation = organisation_get_for_member_change(user=user, public_id=public_id)
    membership = Membership.objects.select_related("user").filter(organisation=organisation, pk=membership_id).first()
    if membership is None:
        raise Http404("membership")
    membership.organisation = organisation
    return membership


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
