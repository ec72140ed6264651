from datetime import datetime

from ninja import Field, Router, Schema, Status

from kooperacja.accounts import selectors, services
from kooperacja.core.api import Id
from kooperacja.core.routes import SIGNED_IN, api_rule

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    organisation: str
    organisation_id: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    memberships: list[MembershipOut]


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str


api_rule("accounts-me", SIGNED_IN)


@router.get("/me", response=MeOut, url_name="accounts-me")
def me(request):
    memberships = [
        MembershipOut(organisation=m.organisation.name, organisation_id=str(m.organisation.public_id), role=m.role)
        for m in selectors.membership_list_for_user(user=request.user)
    ]
    return MeOut(username=request.user.username, full_name=request.user.get_full_name(), memberships=memberships)


api_rule("accounts-tokens", SIGNED_IN, method="GET")
api_rule("accounts-tokens", SIGNED_IN, method="POST")


@router.get("/tokens", response=list[TokenOut], url_name="accounts-tokens")
def list_tokens(request):
    return list(selectors.api_token_list(user=request.user))


@router.post("/tokens", response={201: TokenCreatedOut}, url_name="accounts-tokens")
def create_token(request, payload: TokenIn):
    token, secret = services.api_token_create(user=request.user, name=payload.name)
    return Status(201, TokenCreatedOut(**TokenOut.from_orm(token).dict(), secret=secret))


api_rule("accounts-token", SIGNED_IN, method="DELETE")


@router.delete("/tokens/{token_id}", response={204: None}, url_name="accounts-token")
def revoke_token(request, token_id: Id):
    token = selectors.api_token_get_for_owner(user=request.user, token_id=token_id)
    services.api_token_revoke(user=request.user, token=token)
    return Status(204, None)
