from kooperacja.admission import views
from kooperacja.core.routes import route

app_name = "admission"

REFER = "admission.refer"  # route level; the selectors decide which referral (404 otherwise)
RECEIVE = "admission.receive"
VIEW = "admission.view_referrals"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("sent/", views.sent_list, "sent", REFER),
    _route("new/", views.referral_create, "create", REFER),
    _route("incoming/", views.incoming_list, "incoming", RECEIVE),
    _route("<uuid:public_id>/", views.referral_detail, "detail", VIEW),
    _route("<uuid:public_id>/referral.pdf", views.referral_pdf, "pdf", VIEW),
    _route("<uuid:public_id>/edit/", views.referral_edit, "edit", REFER),
    _route("<uuid:public_id>/issue/", views.referral_issue, "issue", REFER),
    _route("<uuid:public_id>/withdraw/", views.referral_withdraw, "withdraw", REFER),
    _route("<uuid:public_id>/accept/", views.referral_accept, "accept", RECEIVE),
    _route("<uuid:public_id>/refuse/", views.referral_refuse, "refuse", RECEIVE),
]
