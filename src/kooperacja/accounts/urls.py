from kooperacja.accounts import views
from kooperacja.core.routes import PUBLIC, SIGNED_IN, route

app_name = "accounts"

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
    route("password/", views.password_change, name="password-change", rule=SIGNED_IN, namespace=app_name),
    route(
        "sessions/end-others/",
        views.sign_out_everywhere,
        name="sign-out-everywhere",
        rule=SIGNED_IN,
        namespace=app_name,
    ),
    route(
        "tokens/<num:token_id>/revoke/",
        views.token_revoke,
        name="token-revoke",
        rule=SIGNED_IN,
        namespace=app_name,
    ),
]
