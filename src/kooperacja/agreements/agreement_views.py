"""Pages of cooperation agreements: the list, the agreement with its obligations and signatories, the draft's
edits, each party's signature, amendments, obligations done and the agreement's moves, and the PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.agreements import agreement_services as services
from kooperacja.agreements import documents, selectors
from kooperacja.agreements.forms import (
    AgreementFilterForm,
    AgreementForm,
    AmendmentForm,
    NoteForm,
    ObligationForm,
    ReasonForm,
    SignatoryForm,
)
from kooperacja.agreements.models import AGREEMENT_MACHINE, AgreementStatus
from kooperacja.agreements.rules import signing_organisation_ids
from kooperacja.agreements.views import PER_PAGE, form_page
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate


def agreement_list(request):
    form = AgreementFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    rows = selectors.agreement_list(
        user=request.user, status=chosen.get("status") or None, sort=chosen.get("sort") or None
    )
    context = {"form": form, "page_obj": paginate(request, rows, per_page=PER_PAGE)}
    template = "agreements/agreement_list.html"
    return render(request, f"{template}#results" if request.htmx and not request.htmx.boosted else template, context)


def _back(agreement) -> str:
    return reverse("agreements:agreement-detail", kwargs={"public_id": agreement.public_id})


def agreement_detail(request, public_id):
    agreement = selectors.agreement_get(user=request.user, public_id=public_id)
    content = selectors.agreement_content(agreement)
    acts = request.user.has_perm("agreements.act_for_agreement", agreement)
    signing = signing_organisation_ids(request.user)
    draft = agreement.status == AgreementStatus.DRAFT
    context = {
        "agreement": agreement,
        **content,
        "acts": acts,
        "draft": draft,
        "amendable": agreement.status in services.AMENDABLE,
        "may_add_obligation": acts and (draft or agreement.status in services.AMENDABLE),
        "may_sign": [p for p in content["parties"] if draft and p.signed_at is None and p.organisation_id in signing],
        "moves": AGREEMENT_MACHINE.allowed_for(request.user, agreement),
        "note_form": NoteForm(),
    }
    return render(request, "agreements/agreement_detail.html", context)


def agreement_pdf(request, public_id):
    agreement = selectors.agreement_get(user=request.user, public_id=public_id)
    data = documents.agreement_pdf(agreement, content=selectors.agreement_content(agreement))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="porozumienie.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def agreement_edit(request, public_id):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    if agreement.status != AgreementStatus.DRAFT:
        messages.error(request, _("Only a draft is edited; an agreed agreement changes by an amendment."))
        return redirect(_back(agreement))
    initial = {
        name: getattr(agreement, name)
        for name in ("subject", "scope", "valid_from", "valid_to", "review_on", "version")
    }
    form = AgreementForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.agreement_update(
                actor=request.user,
                agreement=agreement,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        )
    ):
        messages.success(request, _("The draft agreement was saved."))
        return redirect(_back(agreement))
    intro = _("Saving a changed draft clears the signatures given so far.")
    return form_page(request, form, title=_("Edit the draft agreement"), back_url=_back(agreement), intro=intro)


def agreement_amend(request, public_id):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    form = AmendmentForm(request.POST or None, initial={"version": agreement.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.agreement_amend(
                actor=request.user,
                agreement=agreement,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        )
    ):
        messages.success(request, _("The amendment was recorded."))
        return redirect(_back(agreement))
    return form_page(request, form, title=_("Amend the agreement"), back_url=_back(agreement))


def _party_form_page(request, agreement, form_class, save, *, title: str, done: str):
    form = form_class(
        request.POST or None, initial={"version": agreement.version}, parties=list(agreement.parties.all())
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: save(
                actor=request.user,
                agreement=agreement,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        )
    ):
        messages.success(request, done)
        return redirect(_back(agreement))
    return form_page(request, form, title=title, back_url=_back(agreement))


def obligation_add(request, public_id):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    return _party_form_page(
        request,
        agreement,
        ObligationForm,
        services.obligation_add,
        title=_("Add an obligation"),
        done=_("The obligation was added."),
    )


def signatory_add(request, public_id):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    return _party_form_page(
        request,
        agreement,
        SignatoryForm,
        services.signatory_add,
        title=_("Add a signatory"),
        done=_("The signatory was added."),
    )


def _run(request, agreement, call, done: str):
    try:
        call()
    except (ValidationError, ConflictError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, done)
    return redirect(_back(agreement))


@require_POST
def agreement_sign(request, public_id):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    try:
        organisation_id = int(request.POST.get("organisation") or 0)
        version = int(request.POST.get("version") or agreement.version)
    except ValueError:
        organisation_id, version = 0, agreement.version
    if organisation_id not in signing_organisation_ids(request.user):
        raise PermissionDenied
    return _run(
        request,
        agreement,
        lambda: services.agreement_sign(
            actor=request.user, agreement=agreement, organisation_id=organisation_id, expected_version=version
        ),
        _("You signed the agreement for your organisation."),
    )


@require_POST
def agreement_enforce(request, public_id):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    return _run(
        request,
        agreement,
        lambda: services.agreement_enforce(actor=request.user, agreement=agreement),
        _("The agreement is in force."),
    )


@require_POST
def agreement_end(request, public_id):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    return _run(
        request,
        agreement,
        lambda: services.agreement_end(actor=request.user, agreement=agreement),
        _("The agreement ended."),
    )


def agreement_terminate(request, public_id):
    agreement = selectors.agreement_get_for_party(user=request.user, public_id=public_id)
    form = ReasonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.agreement_terminate(
                actor=request.user, agreement=agreement, reason=form.cleaned_data["reason"]
            )
        )
    ):
        messages.success(request, _("The agreement was terminated."))
        return redirect(_back(agreement))
    return form_page(request, form, title=_("Terminate the agreement"), back_url=_back(agreement))


@require_POST
def obligation_done(request, public_id, obligation_id):
    obligation = selectors.obligation_get(user=request.user, public_id=public_id, obligation_id=obligation_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    return _run(
        request,
        obligation.agreement,
        lambda: services.obligation_done(actor=request.user, obligation=obligation, note=note),
        _("The obligation was marked done."),
    )


def obligation_cancel(request, public_id, obligation_id):
    obligation = selectors.obligation_get(user=request.user, public_id=public_id, obligation_id=obligation_id)
    agreement = obligation.agreement
    form = ReasonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.obligation_cancel(
                actor=request.user, obligation=obligation, reason=form.cleaned_data["reason"]
            )
        )
    ):
        messages.success(request, _("The obligation was cancelled."))
        return redirect(_back(agreement))
    title = _("Cancel the obligation: %(what)s") % {"what": obligation.description}
    return form_page(request, form, title=title, back_url=_back(agreement))
