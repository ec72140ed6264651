from kooperacja.commissioning import contract_views, views
from kooperacja.core.routes import route

app_name = "commissioning"

VIEW = "commissioning.view"  # route level; the selectors decide which record (404 otherwise)
COMMISSION = "commissioning.commission"
EVALUATE = "commissioning.evaluate"
BID = "commissioning.bid"
CONTRACTS = "commissioning.view_contracts"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("", views.index, "index", VIEW),
    _route("orders/", views.order_list, "order-list", VIEW),
    _route("orders/mine/", views.my_order_list, "my-order-list", COMMISSION),
    _route("orders/new/", views.order_create, "order-create", COMMISSION),
    _route("orders/<uuid:public_id>/", views.order_detail, "order", VIEW),
    _route("orders/<uuid:public_id>/specification.pdf", views.order_pdf, "order-pdf", VIEW),
    _route("orders/<uuid:public_id>/edit/", views.order_edit, "order-edit", COMMISSION),
    _route("orders/<uuid:public_id>/publish/", views.order_publish, "order-publish", COMMISSION),
    _route("orders/<uuid:public_id>/close/", views.order_close, "order-close", COMMISSION),
    _route("orders/<uuid:public_id>/cancel/", views.order_cancel, "order-cancel", COMMISSION),
    _route("orders/<uuid:public_id>/scores/", views.order_scores, "order-scores", EVALUATE),
    _route("orders/<uuid:public_id>/evaluate/", views.order_evaluate, "order-evaluate", COMMISSION),
    _route("orders/<uuid:public_id>/award/", views.order_award, "order-award", COMMISSION),
    _route("orders/<uuid:public_id>/contract/", contract_views.contract_create, "contract-create", COMMISSION),
    _route("offers/new/", views.offer_create, "offer-create", BID),
    _route("offers/", views.offer_list, "offer-list", BID),
    _route("offers/<uuid:public_id>/withdraw/", views.offer_withdraw, "offer-withdraw", BID),
    _route("contracts/", contract_views.contract_list, "contract-list", CONTRACTS),
    _route("contracts/<uuid:public_id>/", contract_views.contract_detail, "contract", CONTRACTS),
    _route("contracts/<uuid:public_id>/contract.pdf", contract_views.contract_pdf, "contract-pdf", CONTRACTS),
    _route("contracts/<uuid:public_id>/sign/", contract_views.contract_sign, "contract-sign", BID),
    _route("contracts/<uuid:public_id>/complete/", contract_views.contract_complete, "contract-complete", COMMISSION),
    _route(
        "contracts/<uuid:public_id>/terminate/", contract_views.contract_terminate, "contract-terminate", COMMISSION
    ),
]
