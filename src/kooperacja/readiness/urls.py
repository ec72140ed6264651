from kooperacja.core.routes import PUBLIC, route
from kooperacja.readiness import views

app_name = "readiness"

VIEW = "readiness.view"  # route level; the selectors decide which record (404 otherwise)
START = "readiness.start"  # the provider's side
ASSESS = "readiness.assess"  # the assessor's side


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("", views.assessment_list, "list", VIEW),
    _route("providers/", views.public_providers, "providers", PUBLIC),
    _route("decisions/", views.decision_list, "decisions", VIEW),
    _route("new/", views.assessment_start, "start", START),
    _route("<uuid:public_id>/", views.assessment_detail, "assessment", VIEW),
    _route("<uuid:public_id>/self-assessment/", views.self_assess, "self-assess", START),
    _route("<uuid:public_id>/evidence/", views.evidence_add, "evidence-add", VIEW),
    _route("<uuid:public_id>/evidence/<uuid:file_id>/", views.evidence_download, "evidence", VIEW),
    _route("<uuid:public_id>/evidence/<uuid:file_id>/delete/", views.evidence_delete, "evidence-delete", VIEW),
    _route("<uuid:public_id>/submit/", views.assessment_submit, "submit", START),
    _route("<uuid:public_id>/withdraw/", views.assessment_withdraw, "withdraw", START),
    _route("<uuid:public_id>/take/", views.assessment_take, "take", ASSESS),
    _route("<uuid:public_id>/return/", views.assessment_return, "return", ASSESS),
    _route("<uuid:public_id>/visit/", views.assessment_visit, "visit", ASSESS),
    _route("<uuid:public_id>/decide/", views.assessment_decide, "decide", ASSESS),
    _route("decisions/<uuid:public_id>/", views.decision_detail, "decision", VIEW),
    _route("decisions/<uuid:public_id>/letter.pdf", views.decision_letter, "letter", VIEW),
    _route("decisions/<uuid:public_id>/withdraw/", views.decision_withdraw, "decision-withdraw", ASSESS),
    _route("decisions/<uuid:public_id>/conditions-met/", views.decision_conditions_met, "conditions-met", ASSESS),
]
