"""Pages of XLSX/CSV imports: upload, progress, templates."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kooperacja.core.jobs import job_restart
from kooperacja.core.pagination import paginate
from kooperacja.training import imports, selectors, services
from kooperacja.training.forms import (
    ImportForm,
)
from kooperacja.training.models import EligibilityCategory, Exclusion, ImportKind
from kooperacja.training.views.common import PER_PAGE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- imports -----------------------------------------------------------------------------------------

IMPORT_TITLES: dict[str, "StrOrPromise"] = {
    ImportKind.PARTICIPANTS: gettext_lazy("Import participants"),
    ImportKind.ATTENDANCE: gettext_lazy("Import attendance"),
    ImportKind.NEEDS: gettext_lazy("Import staffing needs"),
}


def import_list(request):
    page_obj = paginate(request, selectors.import_job_list(user=request.user), per_page=PER_PAGE)
    kinds = [
        {"kind": kind, "title": IMPORT_TITLES[kind], "url": reverse(f"training:import-{kind}")}
        for kind in ImportKind.values
        if request.user.has_perm("training.import_participants" if kind != ImportKind.NEEDS else "training.import_data")
    ]
    return render(request, "training/import_list.html", {"page_obj": page_obj, "kinds": kinds})


def _import_create(request, kind: str):
    organisations = selectors.import_organisations_for(user=request.user, kind=kind)
    # "Start again" of an ended import leads here with its organisation chosen (?organisation=<id>).
    initial = {"organisation": request.GET["organisation"]} if request.GET.get("organisation", "").isdigit() else {}
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_job_create(
                actor=request.user,
                kind=kind,
                organisation=form.cleaned_data["organisation"],
                file_name=upload.name,
                content=upload.read(),
                language=get_language() or "pl",
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied:
            form.add_error("organisation", _("You may not import this for the organisation chosen."))
        else:
            return redirect("training:import-detail", public_id=job.public_id)
    context = {
        "form": form,
        "kind": kind,
        "title": IMPORT_TITLES[kind],
        "columns": [(imports.header_of(column), column in imports.REQUIRED[kind]) for column in imports.COLUMNS[kind]],
        "has_organisations": organisations.exists(),
        "category_codes": EligibilityCategory.values,
        "exclusion_codes": Exclusion.values,
    }
    return render(request, "training/import_form.html", context)


def import_participants(request):
    return _import_create(request, ImportKind.PARTICIPANTS)


def import_attendance(request):
    return _import_create(request, ImportKind.ATTENDANCE)


def import_needs(request):
    return _import_create(request, ImportKind.NEEDS)


def import_template(request, kind: str):
    if kind not in imports.COLUMNS:
        raise Http404("kind")
    response = HttpResponse(imports.template_csv(kind).encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kooperacja-{kind}.csv"'
    return response


def import_detail(request, public_id):
    """The job's status, polled while it is unfinished. Only reads: a job whose worker stopped is shown as not
    answering until ``manage.py fail_stale_jobs`` fails it."""
    job = selectors.import_job_get_for_view(user=request.user, public_id=public_id)
    may_restart = job.may_restart and selectors.import_job_may_restart(user=request.user, job=job)
    template = "training/import_detail.html#status" if request.htmx else "training/import_detail.html"
    return render(request, template, {"job": job, "title": IMPORT_TITLES[job.kind], "may_restart": may_restart})


def _upload_again_url(job) -> str:
    url = reverse(f"training:import-{job.kind}")
    return f"{url}?{urlencode({'organisation': job.organisation_id})}"


@require_safe
def import_restart(request, public_id):
    """The upload form of the failed job's kind, its organisation chosen: the file is not kept once an
    import has ended, so it is asked for again."""
    job = selectors.import_job_get_for_restart(user=request.user, public_id=public_id)
    try:
        url = job_restart(job, again=lambda: _upload_again_url(job))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("training:import-detail", public_id=job.public_id)
    messages.info(
        request,
        _("Files are not kept once an import has ended. Choose the file “%(name)s” again to start the import.")
        % {"name": job.file_name},
    )
    return redirect(url)
