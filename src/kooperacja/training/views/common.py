"""What the training pages share."""

from django.shortcuts import render

PER_PAGE = 25


def form_page(request, form, *, title: str, back_url: str, multipart: bool = False, intro: str = ""):
    """A page with one form of the training app (the shared template)."""
    context = {"form": form, "title": title, "back_url": back_url, "multipart": multipart, "intro": intro}
    return render(request, "training/form.html", context)
