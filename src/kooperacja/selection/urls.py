from kooperacja.core.routes import PUBLIC, SIGNED_IN, route
from kooperacja.selection import result_views, views

app_name = "selection"


def _route(pattern, view, name, rule):
    return route(pattern, view, name=name, rule=rule, namespace=app_name)


# Every page needs a signed-in user; the selectors decide which selection (404) and what they may do (403). The
# result page is public: a candidate opens it with the access code of their entry.
urlpatterns = [
    _route("result/", result_views.result, "result", PUBLIC),
    _route("<uuid:public_id>/", views.overview, "overview", SIGNED_IN),
    _route("<uuid:public_id>/terms/", views.terms_edit, "terms", SIGNED_IN),
    _route("<uuid:public_id>/criteria/add/", views.criterion_add, "criterion-add", SIGNED_IN),
    _route("<uuid:public_id>/criteria/<int:criterion_id>/", views.criterion_edit, "criterion-edit", SIGNED_IN),
    _route(
        "<uuid:public_id>/criteria/<int:criterion_id>/remove/", views.criterion_remove, "criterion-remove", SIGNED_IN
    ),
    _route("<uuid:public_id>/assessors/add/", views.assessor_add, "assessor-add", SIGNED_IN),
    _route("<uuid:public_id>/assessors/<int:user_id>/remove/", views.assessor_remove, "assessor-remove", SIGNED_IN),
    _route("<uuid:public_id>/move/<slug:target>/", views.move, "move", SIGNED_IN),
    _route("<uuid:public_id>/score/", views.score_sheet, "score", SIGNED_IN),
    _route("<uuid:public_id>/ranking/", views.ranking, "ranking", SIGNED_IN),
    _route("<uuid:public_id>/ranking.xlsx", views.ranking_xlsx, "ranking-xlsx", SIGNED_IN),
    _route("<uuid:public_id>/ranking.pdf", views.ranking_pdf, "ranking-pdf", SIGNED_IN),
    _route("<uuid:public_id>/appeals/", views.appeals, "appeals", SIGNED_IN),
    _route("<uuid:public_id>/appeals/<int:appeal_id>/decide/", views.appeal_decide, "appeal-decide", SIGNED_IN),
]
