from django.shortcuts import render

from kooperacja.audit import selectors
from kooperacja.audit.forms import ReadLogFilterForm
from kooperacja.core.pagination import paginate


def log(request):
    kind = request.GET.get("kind", "reads")
    form = None
    if kind == "changes":
        page_obj = paginate(request, selectors.change_log_list(user=request.user), per_page=50)
    else:
        kind = "reads"
        form = ReadLogFilterForm(request.GET or None)
        filters = form.to_filters() if form.is_bound else None
        reads = selectors.personal_data_access_list(user=request.user, filters=filters)
        page_obj = paginate(request, reads, per_page=50)
    return render(request, "audit/log.html", {"page_obj": page_obj, "kind": kind, "form": form})
