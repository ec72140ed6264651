from kooperacja.accounts import views
from kooperacja.core.routes import PUBLIC, SIGNED_IN, route

app_name = "accounts"

VIEW_MEMBERS = "accounts.view_members"  # route level; the view checks membership of this organisation
MANAGE_MEMBERS = "accounts.manage_members"

urlpatterns = [
    route("login/", views.LoginView.as_view(), name="login", rule=PUBLIC, namespace=app_name),
    route("logout/", views.logout, name="logout", rule=PUBLIC, namespace=app_name),
    route("password-reset/", views.password_reset, name="password-reset", rule=PUBLIC, namespace=app_name),
    route(
        "password-reset/sent/", views.password_reset_sent, name="password-reset-sent", rule=PUBLIC, namespace=app_name
    ),
    route(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
        rule=PUBLIC,
        namespace=app_name,
    ),
    route(
        "reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
        rule=PUBLIC,
        namespace=app_name,
    ),
    route("profile/", views.profile, name="profile", rule=SIGNED_IN, namespace=app_name),
    route(
        "tokens/<num:token_id>/revoke/",
        views.token_revoke,
        name="token-revoke",
        rule=SIGNED_IN,
        namespace=app_name,
    ),
    route(
        "organisations/<uuid:public_id>/members/",
        views.organisation_members,
        name="organisation-members",
        rule=VIEW_MEMBERS,
        namespace=app_name,
    ),
    # Route level: may the user manage members anywhere? The views check this organisation and role.
    route(
        "organisations/<uuid:public_id>/members/grant/",
        views.membership_grant,
        name="organisation-member-grant",
        rule=MANAGE_MEMBERS,
        namespace=app_name,
    ),
    route(
        "organisations/<uuid:public_id>/members/<num:membership_id>/revoke/",
        views.membership_revoke,
        name="organisation-member-revoke",
        rule=MANAGE_MEMBERS,
        namespace=app_name,
    ),
]
