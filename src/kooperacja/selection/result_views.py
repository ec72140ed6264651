"""The public result page (filled in below)."""

from django.http import Http404


def result(request):
    raise Http404
