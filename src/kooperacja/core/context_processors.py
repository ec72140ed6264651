from django.urls import reverse

from kooperacja.core.sections import SECTIONS
from kooperacja.core.waiting import badge_total


def navigation(request):
    current = request.resolver_match.namespace if request.resolver_match else ""
    current_slug = request.resolver_match.kwargs.get("slug") if request.resolver_match else None
    items = []
    for section in SECTIONS:
        if section.url_name:
            url = reverse(section.url_name)
            active = current in section.namespaces
        else:
            url = reverse("core:section", kwargs={"slug": section.slug})
            active = current == "core" and current_slug == section.slug
        items.append({"label": section.label, "url": url, "active": active})
    return {"nav_sections": items}


def waiting(request):
    """The navigation's count of what waits for the user (``core.waiting.badge_total``: kept per user for a
    minute in the cache, as every page shows it). A callable: computed only where a template shows it, once."""
    user = getattr(request, "user", None)
    total: list[int] = []

    def waiting_total() -> int:
        if not total:
            total.append(badge_total(user))
        return total[0]

    return {"waiting_total": waiting_total}
