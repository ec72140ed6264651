"""Pages of a selection (filled in below)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


overview = terms_edit = criterion_add = criterion_edit = criterion_remove = _todo
assessor_add = assessor_remove = move = score_sheet = ranking = ranking_xlsx = ranking_pdf = _todo
appeals = appeal_decide = _todo
