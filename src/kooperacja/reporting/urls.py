from kooperacja.core.routes import route
from kooperacja.reporting import views

app_name = "reporting"

VIEW = "reporting.view_reports"  # the selectors keep each user to their own reports (or, officers, submitted ones)
MANAGE = "reporting.manage_reports"

urlpatterns = [
    route("", views.report_list, name="report-list", rule=VIEW, namespace=app_name),
    route("prepare/", views.report_prepare, name="report-prepare", rule=MANAGE, namespace=app_name),
    route("<uuid:public_id>/", views.report_detail, name="report-detail", rule=VIEW, namespace=app_name),
    route("<uuid:public_id>/report.pdf", views.report_pdf, name="report-pdf", rule=VIEW, namespace=app_name),
    route("<uuid:public_id>/report.xlsx", views.report_xlsx, name="report-xlsx", rule=VIEW, namespace=app_name),
    route("<uuid:public_id>/approve/", views.report_approve, name="report-approve", rule=MANAGE, namespace=app_name),
    route("<uuid:public_id>/submit/", views.report_submit, name="report-submit", rule=MANAGE, namespace=app_name),
    route(
        "<uuid:public_id>/new-version/",
        views.report_new_version,
        name="report-new-version",
        rule=MANAGE,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/records/<str:key>/",
        views.figure_records,
        name="figure-records",
        rule=MANAGE,
        namespace=app_name,
    ),
]
