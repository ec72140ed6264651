from kooperacja.agreements import agreement_views, views
from kooperacja.core.routes import SIGNED_IN, route

app_name = "agreements"

PUBLISH = "agreements.publish"  # route level; the selectors decide which record (404 otherwise)
COOPERATE = "agreements.cooperate"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("", views.offer_list, "offer-list", SIGNED_IN),
    _route("offers/new/", views.offer_create, "offer-create", PUBLISH),
    _route("offers/<uuid:public_id>/", views.offer_detail, "offer-detail", SIGNED_IN),
    _route("offers/<uuid:public_id>/edit/", views.offer_edit, "offer-edit", PUBLISH),
    _route("offers/<uuid:public_id>/publish/", views.offer_publish, "offer-publish", PUBLISH),
    _route("offers/<uuid:public_id>/withdraw/", views.offer_withdraw, "offer-withdraw", PUBLISH),
    _route("requests/", views.request_list, "request-list", COOPERATE),
    _route("requests/new/", views.request_create, "request-create", COOPERATE),
    _route("requests/<uuid:public_id>/", views.request_detail, "request-detail", COOPERATE),
    _route("requests/<uuid:public_id>/accept/", views.request_accept, "request-accept", PUBLISH),
    _route("requests/<uuid:public_id>/decline/", views.request_decline, "request-decline", PUBLISH),
    _route("requests/<uuid:public_id>/withdraw/", views.request_withdraw, "request-withdraw", COOPERATE),
    _route("agreements/", agreement_views.agreement_list, "agreement-list", COOPERATE),
    _route("agreements/<uuid:public_id>/", agreement_views.agreement_detail, "agreement-detail", COOPERATE),
    _route("agreements/<uuid:public_id>/agreement.pdf", agreement_views.agreement_pdf, "agreement-pdf", COOPERATE),
    _route("agreements/<uuid:public_id>/edit/", agreement_views.agreement_edit, "agreement-edit", COOPERATE),
    _route("agreements/<uuid:public_id>/amend/", agreement_views.agreement_amend, "agreement-amend", COOPERATE),
    _route("agreements/<uuid:public_id>/sign/", agreement_views.agreement_sign, "agreement-sign", COOPERATE),
    _route("agreements/<uuid:public_id>/enforce/", agreement_views.agreement_enforce, "agreement-enforce", COOPERATE),
    _route("agreements/<uuid:public_id>/end/", agreement_views.agreement_end, "agreement-end", COOPERATE),
    _route(
        "agreements/<uuid:public_id>/terminate/", agreement_views.agreement_terminate, "agreement-terminate", COOPERATE
    ),
    _route("agreements/<uuid:public_id>/obligations/new/", agreement_views.obligation_add, "obligation-add", COOPERATE),
    _route(
        "agreements/<uuid:public_id>/obligations/<num:obligation_id>/done/",
        agreement_views.obligation_done,
        "obligation-done",
        COOPERATE,
    ),
    _route(
        "agreements/<uuid:public_id>/obligations/<num:obligation_id>/cancel/",
        agreement_views.obligation_cancel,
        "obligation-cancel",
        COOPERATE,
    ),
    _route("agreements/<uuid:public_id>/signatories/new/", agreement_views.signatory_add, "signatory-add", COOPERATE),
]
