from django.shortcuts import render

from kooperacja.core.pagination import paginate
from kooperacja.territory import selectors
from kooperacja.territory.forms import DistanceForm
from kooperacja.territory.models import Level
from kooperacja.territory.panels import panels_for


def index(request):
    voivodeships = selectors.unit_list(level=Level.VOIVODESHIP)
    return render(request, "territory/index.html", {"voivodeships": voivodeships})


def detail(request, code: str):
    unit = selectors.unit_get(code=code)
    return render(
        request,
        "territory/detail.html",
        {
            "unit": unit,
            "ancestors": selectors.unit_ancestors(unit=unit),
            "children": selectors.unit_children(unit=unit),
            "figures": selectors.unit_figures(unit=unit),
            "panels": panels_for(unit=unit, user=request.user),
        },
    )


def search(request):
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    if level not in Level.values:
        level = ""
    page_obj = paginate(request, selectors.unit_list(level=level or None, q=q or None))
    context = {"page_obj": page_obj, "q": q, "level": level, "levels": Level.choices}
    template = "territory/search.html#results" if request.htmx else "territory/search.html"
    return render(request, template, context)


def picker(request):
    """Results for the unit picker widget: radio buttons named after the form field."""
    field = request.GET.get("field", "unit")
    q = request.GET.get(f"{field}__search", request.GET.get("q", "")).strip()
    level = request.GET.get("level") or None
    units = list(selectors.unit_list(level=level, q=q).select_related("voivodeship")[:20]) if len(q) >= 2 else []
    return render(request, "territory/widgets/unit_picker_results.html", {"units": units, "field": field, "q": q})


def distance(request):
    form = DistanceForm(request.GET or None)
    result = None
    if form.is_valid():
        result = selectors.distance_km(origin=form.cleaned_data["origin"], destination=form.cleaned_data["destination"])
    return render(request, "territory/distance.html", {"form": form, "result": result})
