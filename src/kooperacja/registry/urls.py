from kooperacja.core.routes import route
from kooperacja.registry import views

app_name = "registry"

urlpatterns = [
    route("", views.organisation_list, name="list", rule="registry.view_organisation", namespace=app_name),
    route(
        "<uuid:public_id>/",
        views.organisation_detail,
        name="detail",
        rule="registry.view_organisation",
        namespace=app_name,
    ),
]
