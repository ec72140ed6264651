from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static

from kooperacja.core import waiting
from kooperacja.core.guide import user_guide
from kooperacja.core.sections import SECTIONS, SECTIONS_BY_SLUG

HOME_ITEMS = 3  # items shown per kind of what waits


def home(request):
    """The public home for everyone; a signed-in user sees first what waits for them (``core.waiting``: every
    kind the apps registered, none imported here)."""
    entries = []
    if request.user.is_authenticated:
        entries = waiting.waiting_for(request.user, limit=HOME_ITEMS)
        waiting.remember_total(request.user, entries)
    return render(request, "core/home.html", {"sections": SECTIONS, "waiting_entries": entries})


def waiting_count(request):
    """The navigation's count of what waits, fetched by the page after it has loaded (htmx), so that no page
    pays for counting; the count itself is kept per user for a minute (``waiting.badge_total``)."""
    return render(request, "includes/waiting_badge.html", {"total": waiting.badge_total(request.user)})


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


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links: send them to the static icon."""
    return HttpResponsePermanentRedirect(static("kooperacja/favicon.ico"))
