import secrets

from django.db import transaction
from django.utils import timezone

from kooperacja.accounts.models import ApiToken, Membership
from kooperacja.accounts.roles import Role


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a token; return it with its secret, which is never stored in clear."""
    secret = "koop_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[5 : 5 + ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(secret),
    )
    return token, secret


def api_token_revoke(*, user, token: ApiToken) -> None:
    updated = ApiToken.objects.filter(pk=token.pk, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if updated:
        token.refresh_from_db(fields=["revoked_at"])


def api_token_authenticate(secret: str):
    """Return the user owning an active token with this secret, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy integration should not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def membership_grant(*, organisation, user, role: Role | str) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, organisation=organisation, role=str(role))
    return membership
