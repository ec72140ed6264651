from kooperacja.benefits import views
from kooperacja.core.routes import route

app_name = "benefits"

VIEW = "benefits.view_benefits"  # route level; the selectors keep each user to the CIS where they are staff


def _route(pattern, view, name):
    return route(pattern, view, name=name, rule=VIEW, namespace=app_name)


urlpatterns = [
    _route("", views.month_list, "month-list"),
    _route("compute/", views.month_compute, "month-compute"),
    _route("refund/", views.refund, "refund"),
    _route("months/<uuid:public_id>/", views.month_detail, "month-detail"),
    _route("months/<uuid:public_id>/print/", views.month_print, "month-print"),
    _route("months/<uuid:public_id>/export.xlsx", views.month_xlsx, "month-xlsx"),
    _route("months/<uuid:public_id>/list.pdf", views.month_pdf, "month-pdf"),
    _route("months/<uuid:public_id>/state/", views.month_move, "month-move"),
    _route("months/<uuid:public_id>/correct/", views.month_correct, "month-correct"),
    _route("lines/<uuid:public_id>/bonus/", views.line_bonus, "line-bonus"),
]
