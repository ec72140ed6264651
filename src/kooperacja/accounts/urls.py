from kooperacja.accounts import views
from kooperacja.core.routes import PUBLIC, SIGNED_IN, route

app_name = "accounts"

urlpatterns = [
    route("login/", views.LoginView.as_view(), name="login", rule=PUBLIC, namespace=app_name),
    route("logout/", views.logout, name="logout", rule=PUBLIC, namespace=app_name),
    route("profile/", views.profile, name="profile", rule=SIGNED_IN, namespace=app_name),
    route(
        "tokens/<int:token_id>/revoke/",
        views.token_revoke,
        name="token-revoke",
        rule=SIGNED_IN,
        namespace=app_name,
    ),
]
