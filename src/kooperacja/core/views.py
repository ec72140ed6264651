from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render

from kooperacja.core.guide import user_guide
from kooperacja.core.sections import SECTIONS, SECTIONS_BY_SLUG


def home(request):
    return render(request, "core/home.html", {"sections": SECTIONS})


def section(request, slug: str):
    section = SECTIONS_BY_SLUG.get(slug)
    if section is None or section.url_name is not None:
        raise Http404(slug)
    return render(request, "core/section.html", {"section": section})


def help_index(request):
    """The topics of the user guide, each a link into it."""
    return render(request, "core/help.html", {"guide": user_guide()})


def help_guide(request):
    guide = user_guide()
    if guide is None:
        raise Http404("user guide")
    return render(request, "core/guide.html", {"guide": guide})


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure is reported, not raised
        database = "error"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": database}, status=status)
