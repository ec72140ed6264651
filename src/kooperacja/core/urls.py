from kooperacja.core import views
from kooperacja.core.routes import PUBLIC, SIGNED_IN, route

app_name = "core"

urlpatterns = [
    route("", views.home, name="home", rule=PUBLIC, namespace=app_name),
    route("favicon.ico", views.favicon, name="favicon", rule=PUBLIC, namespace=app_name),
    route("help/", views.help_index, name="help", rule=PUBLIC, namespace=app_name),
    route("help/guide/", views.help_guide, name="guide", rule=PUBLIC, namespace=app_name),
    route("waiting/count/", views.waiting_count, name="waiting-count", rule=SIGNED_IN, namespace=app_name),
    route("sections/<slug:slug>/", views.section, name="section", rule=PUBLIC, namespace=app_name),
]
