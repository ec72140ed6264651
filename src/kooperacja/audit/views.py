from django.shortcuts import render

from kooperacja.audit import selectors
from kooperacja.core.pagination import paginate


def log(request):
    kind = request.GET.get("kind", "reads")
    if kind == "changes":
        page_obj = paginate(request, selectors.change_log_list(user=request.user), per_page=50)
    else:
        kind = "reads"
        page_obj = paginate(request, selectors.personal_data_access_list(user=request.user), per_page=50)
    return render(request, "audit/log.html", {"page_obj": page_obj, "kind": kind})
