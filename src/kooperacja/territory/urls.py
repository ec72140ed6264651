from kooperacja.core.routes import PUBLIC, route
from kooperacja.territory import views

app_name = "territory"

urlpatterns = [
    route("", views.index, name="index", rule=PUBLIC, namespace=app_name),
    route("search/", views.search, name="search", rule=PUBLIC, namespace=app_name),
    route("distance/", views.distance, name="distance", rule=PUBLIC, namespace=app_name),
    route("picker/", views.picker, name="picker", rule=PUBLIC, namespace=app_name),
    route("<str:code>/", views.detail, name="detail", rule=PUBLIC, namespace=app_name),
]
