from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kooperacja.api import api
from kooperacja.core import views as core_views
from kooperacja.core.routes import PUBLIC, ROUTE_RULES

# Routes outside the apps' own URLconfs, with their rules.
ROUTE_RULES.update(
    {
        "set_language": PUBLIC,
        "healthz": PUBLIC,
        "admin:*": "core.access_admin",
    }
)

urlpatterns = [
    path("", include("kooperacja.core.urls")),
    path("accounts/", include("kooperacja.accounts.urls")),
    path("territory/", include("kooperacja.territory.urls")),
    path("organisations/", include("kooperacja.registry.urls")),
    path("catalogue/", include("kooperacja.catalogue.urls")),
    path("audit/", include("kooperacja.audit.urls")),
    path("notifications/", include("kooperacja.notifications.urls")),
    path("staffing/", include("kooperacja.staffing.urls")),
    path("training/", include("kooperacja.training.urls")),
    path("placement/", include("kooperacja.placement.urls")),
    path("reintegration/", include("kooperacja.reintegration.urls")),
    path("benefits/", include("kooperacja.benefits.urls")),
    path("reporting/", include("kooperacja.reporting.urls")),
    path("admission/", include("kooperacja.admission.urls")),
    path("delivery/", include("kooperacja.delivery.urls")),
    path("commissioning/", include("kooperacja.commissioning.urls")),
    path("readiness/", include("kooperacja.readiness.urls")),
    path("agreements/", include("kooperacja.agreements.urls")),
    path("selections/", include("kooperacja.selection.urls")),
    path("launches/", include("kooperacja.launches.urls")),
    path("founding/", include("kooperacja.founding.urls")),
    path("cooperatives/", include("kooperacja.cooperatives.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
