from kooperacja.catalogue import views
from kooperacja.core.routes import PUBLIC, route

app_name = "catalogue"

urlpatterns = [
    route("", views.service_list, name="list", rule=PUBLIC, namespace=app_name),
]
