from kooperacja.core.routes import SIGNED_IN, route
from kooperacja.founding import plan_views, views

app_name = "founding"

RECORD = "founding.record"  # route level; the selectors decide which group (404 otherwise)
COMMENT = "founding.comment"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("<uuid:public_id>/", views.group_detail, "group", SIGNED_IN),
    _route("<uuid:public_id>/composition.pdf", views.group_pdf, "group-pdf", SIGNED_IN),
    _route("<uuid:public_id>/model/", views.model_choose, "model", RECORD),
    _route("<uuid:public_id>/members/add/", views.member_add, "member-add", RECORD),
    _route("<uuid:public_id>/members/<num:member_id>/leave/", views.member_leave, "member-leave", RECORD),
    _route("<uuid:public_id>/steps/", views.steps, "steps", SIGNED_IN),
    _route("<uuid:public_id>/plan/", plan_views.plan_detail, "plan", SIGNED_IN),
    _route("<uuid:public_id>/plan/edit/", plan_views.plan_edit, "plan-edit", RECORD),
    _route("<uuid:public_id>/plan/plan.pdf", plan_views.plan_pdf, "plan-pdf", SIGNED_IN),
    _route("<uuid:public_id>/plan/submit/", plan_views.plan_submit, "plan-submit", RECORD),
    _route("<uuid:public_id>/plan/finalise/", plan_views.plan_finalise, "plan-finalise", RECORD),
    _route("<uuid:public_id>/plan/comments/", plan_views.comment_add, "comment-add", COMMENT),
    _route("<uuid:public_id>/plan/comments/done/", plan_views.plan_comments_done, "plan-comments-done", COMMENT),
    _route(
        "<uuid:public_id>/plan/comments/<num:comment_id>/resolve/",
        plan_views.comment_resolve,
        "comment-resolve",
        RECORD,
    ),
]
