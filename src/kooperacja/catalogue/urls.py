from kooperacja.catalogue import views
from kooperacja.core.routes import PUBLIC, route

app_name = "catalogue"
EDIT = "catalogue.edit_cards"

urlpatterns = [
    route("", views.service_list, name="list", rule=PUBLIC, namespace=app_name),
    route("new/", views.service_create, name="create", rule=EDIT, namespace=app_name),
    route("<slug:code>/", views.service_detail, name="detail", rule=PUBLIC, namespace=app_name),
    route("<slug:code>/v/<num:number>/", views.service_version, name="version", rule=PUBLIC, namespace=app_name),
    route("<slug:code>/compare/", views.service_compare, name="compare", rule=PUBLIC, namespace=app_name),
    route("<slug:code>/edit/", views.service_edit, name="edit", rule=EDIT, namespace=app_name),
]
