from django.shortcuts import get_object_or_404, render

from kooperacja.registry.models import Organisation


def organisation_list(request):  # replaced by the full registry views
    return render(request, "registry/list.html", {"organisations": Organisation.objects.visible_to(request.user)[:50]})


def organisation_detail(request, public_id):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), public_id=public_id)
    return render(request, "registry/detail.html", {"organisation": organisation})
