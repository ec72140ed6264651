from kooperacja.core.routes import SIGNED_IN, route
from kooperacja.launches import application_views, preparation_views, views

app_name = "launches"

READ = "launches.read"  # route level; the selectors decide which launch (404 otherwise)
OPEN = "launches.open_launch"
ANSWER = "launches.answer"
CANDIDATES = "launches.candidates"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


LAUNCH = "<uuid:public_id>/"
APPLICATION = LAUNCH + "applications/<uuid:application_id>/"

urlpatterns = [
    _route("", views.index, "index", SIGNED_IN),
    _route("list/", views.launch_list, "launch-list", READ),
    _route("new/", views.launch_create, "launch-create", OPEN),
    _route(LAUNCH, views.launch_detail, "detail", READ),
    _route(LAUNCH + "edit/", views.launch_edit, "launch-edit", OPEN),
    _route(LAUNCH + "move/<str:target>/", views.launch_move, "launch-move", OPEN),
    _route(LAUNCH + "cancel/", views.launch_cancel, "launch-cancel", OPEN),
    _route(LAUNCH + "call/", views.call_edit, "call-edit", OPEN),
    _route(LAUNCH + "partners/<uuid:partner_id>/commit/", views.partner_commit, "partner-commit", ANSWER),
    _route(LAUNCH + "partners/<uuid:partner_id>/decline/", views.partner_decline, "partner-decline", ANSWER),
    _route(LAUNCH + "applications/", application_views.application_list, "applications", READ),
    _route(LAUNCH + "applications/new/", application_views.application_create, "application-create", OPEN),
    _route(LAUNCH + "applications/propose/", application_views.application_propose, "application-propose", CANDIDATES),
    _route(
        APPLICATION + "confirmation/",
        application_views.application_confirmation,
        "application-confirmation",
        CANDIDATES,
    ),
    _route(
        APPLICATION + "confirmation.pdf",
        application_views.application_confirmation_pdf,
        "application-confirmation-pdf",
        CANDIDATES,
    ),
    _route(APPLICATION + "withdraw/", application_views.application_withdraw, "application-withdraw", CANDIDATES),
    _route(LAUNCH + "preparation/", preparation_views.session_list, "sessions", READ),
    _route(LAUNCH + "preparation/<num:session_id>/", preparation_views.session_results, "session-results", OPEN),
]
