from kooperacja.core.routes import route
from kooperacja.reintegration import views

app_name = "reintegration"

VIEW = "reintegration.view_programmes"  # route level; the selector decides which participant (404 otherwise)


def _route(pattern, view, name):
    return route(f"<uuid:public_id>/{pattern}", view, name=name, rule=VIEW, namespace=app_name)


urlpatterns = [
    route("instructors/", views.instructors, name="instructors", rule=VIEW, namespace=app_name),
    _route("", views.programme, "programme"),
    _route("start/", views.programme_start, "programme-start"),
    _route("edit/", views.programme_edit, "programme-edit"),
    _route("goals/", views.goal_add, "goal-add"),
    _route("actions/", views.action_add, "action-add"),
    _route("actions/done/", views.action_done, "action-done"),
    _route("sign/", views.programme_sign, "programme-sign"),
    _route("end/", views.programme_end, "programme-end"),
    _route("complaint/", views.complaint, "complaint"),
    _route("programme.pdf", views.programme_pdf, "programme-pdf"),
    _route("decision.pdf", views.decision_pdf, "decision-pdf"),
    _route("certificate.pdf", views.certificate_pdf, "certificate-pdf"),
    _route("classes/", views.classes, "classes"),
    _route("classes/<num:class_id>/remove/", views.class_remove, "class-remove"),
    _route("classes.pdf", views.classes_pdf, "classes-pdf"),
]
