from kooperacja.core.routes import SIGNED_IN, route
from kooperacja.notifications import views

app_name = "notifications"

urlpatterns = [
    route("", views.notification_list, name="list", rule=SIGNED_IN, namespace=app_name),
    route("<num:notification_id>/", views.notification_open, name="open", rule=SIGNED_IN, namespace=app_name),
    route("read-all/", views.read_all, name="read-all", rule=SIGNED_IN, namespace=app_name),
    route("preferences/", views.preferences, name="preferences", rule=SIGNED_IN, namespace=app_name),
]
