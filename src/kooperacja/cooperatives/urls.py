from kooperacja.cooperatives import franchise_views, views
from kooperacja.core.routes import SIGNED_IN, route

app_name = "cooperatives"

EDIT = "cooperatives.edit_models"
FRANCHISE = "cooperatives.record_franchise"  # route level; the selectors check the model's franchisor
FRANCHISEE = "<slug:code>/franchisees/<uuid:public_id>/"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("", views.model_list, "model-list", SIGNED_IN),
    _route("new/", views.model_create, "model-create", EDIT),
    _route("map/", views.replication_map, "replication-map", SIGNED_IN),
    _route("recommend/", views.recommend, "recommend", SIGNED_IN),
    _route("<slug:code>/", views.model_detail, "model-detail", SIGNED_IN),
    _route("<slug:code>/edit/", views.model_edit, "model-edit", EDIT),
    _route("<slug:code>/publish/", views.model_publish, "model-publish", EDIT),
    _route("<slug:code>/withdraw/", views.model_withdraw, "model-withdraw", EDIT),
    _route("<slug:code>/franchisees/new/", franchise_views.franchisee_create, "franchisee-create", FRANCHISE),
    _route(FRANCHISEE, franchise_views.franchisee_detail, "franchisee-detail", SIGNED_IN),
    _route(f"{FRANCHISEE}edit/", franchise_views.franchisee_edit, "franchisee-edit", FRANCHISE),
    _route(f"{FRANCHISEE}activate/", franchise_views.franchisee_activate, "franchisee-activate", FRANCHISE),
    _route(f"{FRANCHISEE}end/", franchise_views.franchisee_end, "franchisee-end", FRANCHISE),
]
