from django.urls import reverse

from kooperacja.core.sections import SECTIONS


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
