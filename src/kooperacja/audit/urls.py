from kooperacja.audit import views
from kooperacja.core.routes import route

app_name = "audit"

urlpatterns = [
    route("", views.log, name="log", rule="audit.view_log", namespace=app_name),
]
