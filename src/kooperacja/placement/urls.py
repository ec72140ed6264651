from kooperacja.core.routes import route
from kooperacja.placement import views

app_name = "placement"

MATCH = "placement.match"
REFERRALS = "placement.view_referrals"  # route level; each view checks the referral itself

urlpatterns = [
    route("", views.index, name="index", rule=MATCH, namespace=app_name),
    route("runs/<uuid:public_id>/", views.run_detail, name="run-detail", rule=MATCH, namespace=app_name),
    route("runs/<uuid:public_id>/status/", views.run_status, name="run-status", rule=MATCH, namespace=app_name),
    route("runs/<uuid:public_id>/restart/", views.run_restart, name="run-restart", rule=MATCH, namespace=app_name),
    route(
        "proposals/<num:proposal_id>/accept/",
        views.proposal_accept,
        name="proposal-accept",
        rule=MATCH,
        namespace=app_name,
    ),
    route(
        "proposals/<num:proposal_id>/reject/",
        views.proposal_reject,
        name="proposal-reject",
        rule=MATCH,
        namespace=app_name,
    ),
    route(
        "proposals/<num:proposal_id>/swap/", views.proposal_swap, name="proposal-swap", rule=MATCH, namespace=app_name
    ),
    route("referrals/", views.referral_list, name="referral-list", rule=REFERRALS, namespace=app_name),
    route(
        "referrals/<uuid:public_id>/", views.referral_detail, name="referral-detail", rule=REFERRALS, namespace=app_name
    ),
    route(
        "referrals/<uuid:public_id>/transition/",
        views.referral_transition,
        name="referral-transition",
        rule=REFERRALS,
        namespace=app_name,
    ),
    route(
        "referrals/<uuid:public_id>/follow-ups/<num:months>/",
        views.follow_up_record,
        name="follow-up-record",
        rule=REFERRALS,
        namespace=app_name,
    ),
    route(
        "candidates/",
        views.provider_candidates,
        name="provider-candidates",
        rule="placement.view_candidates",
        namespace=app_name,
    ),
    route(
        "candidates/<uuid:public_id>/",
        views.candidate,
        name="candidate",
        rule="placement.view_candidates",
        namespace=app_name,
    ),
]
