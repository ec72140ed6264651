from kooperacja.core.routes import route
from kooperacja.staffing import views

app_name = "staffing"

VIEW_NEEDS = "staffing.view_needs"
MANAGE_NEEDS = "staffing.manage_needs"  # route level; views check "staffing.change_need" on the need
VIEW_ROUNDS = "staffing.view_rounds"  # route level; selectors scope rounds to their participants
COORDINATE = "staffing.coordinate_rounds"  # route level; views check "staffing.coordinate_round"
PARTNER = "staffing.act_as_partner"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("", views.index, "index", VIEW_NEEDS),
    _route("needs/", views.need_list, "need-list", VIEW_NEEDS),
    _route("needs/new/", views.need_create, "need-create", MANAGE_NEEDS),
    _route("needs/mine/", views.my_needs, "my-needs", MANAGE_NEEDS),
    _route("needs/<uuid:public_id>/", views.need_detail, "need-detail", VIEW_NEEDS),
    _route("needs/<uuid:public_id>/edit/", views.need_edit, "need-edit", MANAGE_NEEDS),
    _route("needs/<uuid:public_id>/publish/", views.need_publish, "need-publish", MANAGE_NEEDS),
    _route("needs/<uuid:public_id>/withdraw/", views.need_withdraw, "need-withdraw", MANAGE_NEEDS),
    _route("rounds/", views.round_list, "round-list", VIEW_ROUNDS),
    _route("rounds/new/", views.round_create, "round-create", COORDINATE),
    _route("rounds/<uuid:public_id>/", views.round_detail, "round-detail", VIEW_ROUNDS),
    _route("rounds/<uuid:public_id>/invite/", views.round_invite, "round-invite", COORDINATE),
    _route("rounds/<uuid:public_id>/contribute/", views.round_contribute, "round-contribute", PARTNER),
    _route("rounds/<uuid:public_id>/directions/new/", views.direction_create, "direction-create", COORDINATE),
    _route("rounds/<uuid:public_id>/plan/generate/", views.plan_generate, "plan-generate", COORDINATE),
    _route("rounds/<uuid:public_id>/plans/", views.plan_history, "plan-history", VIEW_ROUNDS),
    _route("plans/<uuid:public_id>/", views.plan_detail, "plan-detail", VIEW_ROUNDS),
    _route("plans/<uuid:public_id>/sign/", views.plan_sign, "plan-sign", PARTNER),
    _route("plans/<uuid:public_id>/amend/", views.plan_amend, "plan-amend", COORDINATE),
]
