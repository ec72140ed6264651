from kooperacja.core.routes import route
from kooperacja.training import views

app_name = "training"

PARAMETERS = "training.view_parameters"
VIEW = "training.view_programmes"
EDIT = "training.edit_programmes"  # route level; the fetch helpers check the CIS/KIS of the object
STAFF = "training.manage_participants"
EXTEND = "training.extend_participations"
IMPORT = "training.import_data"
IMPORT_PARTICIPANTS = "training.import_participants"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("parameters/", views.parameter_list, "parameters", PARAMETERS),
    _route("programmes/", views.programme_list, "programme-list", VIEW),
    _route("programmes/new/", views.programme_create, "programme-create", EDIT),
    _route("programmes/<uuid:public_id>/", views.programme_detail, "programme-detail", VIEW),
    _route("programmes/<uuid:public_id>/cohorts/new/", views.cohort_create, "cohort-create", EDIT),
    _route("cohorts/<uuid:public_id>/", views.cohort_detail, "cohort-detail", VIEW),
    _route("cohorts/<uuid:public_id>/edit/", views.cohort_edit, "cohort-edit", EDIT),
    _route("cohorts/<uuid:public_id>/plan-lines/", views.cohort_plan_lines, "cohort-plan-lines", EDIT),
    _route("participants/", views.participant_list, "participant-list", STAFF),
    _route("participants/export.csv", views.participant_export, "participant-export", STAFF),
    _route("participants/new/", views.participant_enrol, "participant-enrol", STAFF),
    _route("participants/<uuid:public_id>/person/", views.participant_person, "participant-person", STAFF),
    _route("participants/find/", views.pesel_search, "pesel-search", STAFF),
    _route("participants/<uuid:public_id>/", views.participant_detail, "participant-detail", STAFF),
    _route("participants/<uuid:public_id>/attendance/", views.participant_attendance, "participant-attendance", STAFF),
    _route("participants/<uuid:public_id>/disability/", views.participant_disability, "participant-disability", STAFF),
    _route("attendance/", views.attendance_week, "attendance-week", STAFF),
    _route("participants/<uuid:public_id>/status/", views.participant_transition, "participant-transition", STAFF),
    _route("participants/<uuid:public_id>/extend/", views.participant_extend, "participant-extend", EXTEND),
    _route(
        "participants/<uuid:public_id>/eligibility/", views.participant_eligibility, "participant-eligibility", STAFF
    ),
    _route("participants/<uuid:public_id>/consent/", views.participant_consent, "participant-consent", STAFF),
    _route("participants/<uuid:public_id>/cohort/", views.participant_cohort, "participant-cohort", STAFF),
    _route("participants/<uuid:public_id>/modules/", views.participant_module, "participant-module", STAFF),
    _route("participants/<uuid:public_id>/courses/", views.participant_course, "participant-course", STAFF),
    _route(
        "participants/<uuid:public_id>/qualifications/",
        views.participant_qualification,
        "participant-qualification",
        STAFF,
    ),
    _route("participants/<uuid:public_id>/outcome/", views.participant_outcome, "participant-outcome", STAFF),
    _route(
        "participants/<uuid:public_id>/outcome/follow-up/",
        views.participant_outcome_follow_up,
        "participant-outcome-follow-up",
        STAFF,
    ),
    _route("outcomes/follow-ups/", views.outcome_follow_ups, "outcome-follow-ups", STAFF),
    _route("imports/", views.import_list, "import-list", IMPORT),
    _route("imports/participants/", views.import_participants, "import-participants", IMPORT_PARTICIPANTS),
    _route("imports/attendance/", views.import_attendance, "import-attendance", IMPORT_PARTICIPANTS),
    _route("imports/needs/", views.import_needs, "import-needs", IMPORT),
    _route("imports/templates/<str:kind>.csv", views.import_template, "import-template", IMPORT),
    _route("imports/<uuid:public_id>/", views.import_detail, "import-detail", IMPORT),
    _route("imports/<uuid:public_id>/restart/", views.import_restart, "import-restart", IMPORT),
]
