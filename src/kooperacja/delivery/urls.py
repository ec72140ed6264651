from kooperacja.core.routes import route
from kooperacja.delivery import views

app_name = "delivery"

VIEW = "delivery.view"  # route level; the selectors decide which record (404 otherwise)
REPORT = "delivery.report"
COMMISSION = "delivery.commission"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


urlpatterns = [
    _route("", views.contract_list, "contract-list", VIEW),
    _route("municipalities/", views.municipality_list, "municipality-list", VIEW),
    _route("municipalities/report.pdf", views.municipality_pdf, "municipality-pdf", VIEW),
    _route("municipalities/report.xlsx", views.municipality_xlsx, "municipality-xlsx", VIEW),
    _route("contracts/<uuid:public_id>/", views.contract_detail, "contract", VIEW),
    _route("contracts/<uuid:public_id>/report.pdf", views.contract_pdf, "contract-pdf", VIEW),
    _route("contracts/<uuid:public_id>/report.xlsx", views.contract_xlsx, "contract-xlsx", VIEW),
    _route("contracts/<uuid:public_id>/threshold/", views.rule_edit, "rule", COMMISSION),
    _route("contracts/<uuid:public_id>/new-report/", views.report_create, "report-create", REPORT),
    _route("reports/", views.report_list, "report-list", VIEW),
    _route("reports/<uuid:public_id>/", views.report_detail, "report", VIEW),
    _route("reports/<uuid:public_id>/edit/", views.report_edit, "report-edit", REPORT),
    _route("reports/<uuid:public_id>/submit/", views.report_submit, "report-submit", REPORT),
    _route("reports/<uuid:public_id>/correct/", views.report_correct, "report-correct", REPORT),
    _route("reports/<uuid:public_id>/accept/", views.report_accept, "report-accept", COMMISSION),
    _route("reports/<uuid:public_id>/return/", views.report_return, "report-return", COMMISSION),
    _route("alerts/", views.alert_list, "alert-list", VIEW),
    _route("alerts/<uuid:public_id>/", views.alert_detail, "alert", VIEW),
    _route("alerts/<uuid:public_id>/acknowledge/", views.alert_acknowledge, "alert-acknowledge", COMMISSION),
    _route("alerts/<uuid:public_id>/close/", views.alert_close, "alert-close", COMMISSION),
    _route("imports/", views.import_list, "import-list", REPORT),
    _route("imports/template.csv", views.import_template, "import-template", REPORT),
    _route("imports/<uuid:public_id>/", views.import_detail, "import", REPORT),
]
