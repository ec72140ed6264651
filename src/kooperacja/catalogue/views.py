from django.shortcuts import render


def service_list(request):  # replaced by the full catalogue views
    return render(request, "catalogue/list.html", {})
