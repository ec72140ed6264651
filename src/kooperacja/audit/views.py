from django.shortcuts import render

from kooperacja.accounts.people import label_people
from kooperacja.audit import selectors
from kooperacja.audit.forms import ReadLogFilterForm
from kooperacja.audit.labels import field_labels, purpose_label
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
    rows = list(page_obj.object_list)
    label_people(rows)
    for row in rows:
        # Field and purpose names as the reader's language names them, not the code names the log stores.
        model = row.content_type.model_class()
        names = row.fields if kind == "reads" else row.changes_dict.keys()
        row.fields_label = field_labels(model, names)
        row.purpose_label = purpose_label(row.purpose) if kind == "reads" else ""
    page_obj.object_list = rows
    return render(request, "audit/log.html", {"page_obj": page_obj, "kind": kind, "form": form})
