"""Pages of readiness: the assessments (provider and assessor), their self-assessment, evidence, review, visit and
decision; the decisions with their letters; the public list of confirmed providers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.catalogue import selectors as catalogue
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.readiness import documents, evidence, selectors, services
from kooperacja.readiness.forms import (
    AssessmentFilterForm,
    ConditionsMetForm,
    DecisionFilterForm,
    DecisionForm,
    EvidenceForm,
    NoteForm,
    PublicFilterForm,
    ReturnForm,
    SelfAssessmentForm,
    StartForm,
    VisitForm,
    WithdrawDecisionForm,
)
from kooperacja.readiness.models import (
    ASSESSMENT_MACHINE,
    DECISION_MACHINE,
    AssessmentStatus,
    DecisionStatus,
    Outcome,
)
from kooperacja.readiness.rules import provider_organisation_ids
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import PROVIDER_KINDS

PER_PAGE = 25


def _render_list(request, template: str, context: dict):
    partial = request.htmx and not request.htmx.boosted
    return render(request, f"{template}#results" if partial else template, context)


def assessment_list(request):
    """Assessments of the user's providers and those in the assessor's reach."""
    services_ = catalogue.service_type_names()
    form = AssessmentFilterForm(request.GET or None, services=services_)
    chosen = form.cleaned_data if form.is_valid() else {}
    assessments = selectors.assessment_list(
        user=request.user,
        status=chosen.get("status") or None,
        service=chosen.get("service"),
        q=chosen.get("q") or None,
        sort=chosen.get("sort") or None,
    )
    context = {
        "form": form,
        "page_obj": paginate(request, assessments, per_page=PER_PAGE),
        "may_start": request.user.has_perm("readiness.start"),
    }
    return _render_list(request, "readiness/assessment_list.html", context)


def decision_list(request):
    services_ = catalogue.service_type_names()
    form = DecisionFilterForm(request.GET or None, services=services_)
    chosen = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.decision_list(
        user=request.user,
        outcome=chosen.get("outcome") or None,
        status=chosen.get("status") or None,
        service=chosen.get("service"),
        sort=chosen.get("sort") or None,
    )
    context = {"form": form, "page_obj": paginate(request, decisions, per_page=PER_PAGE)}
    return _render_list(request, "readiness/decision_list.html", context)


def public_providers(request):
    """Providers confirmed ready, per service and territory: open to anyone."""
    services_ = catalogue.service_type_names()
    form = PublicFilterForm(request.GET or None, services=services_)
    chosen = form.cleaned_data if form.is_valid() else {}
    unit = chosen.get("unit")
    decisions = selectors.confirmed_providers(
        service=chosen.get("service"), unit=unit.pk if unit else None, sort=chosen.get("sort") or None
    )
    context = {"form": form, "page_obj": paginate(request, decisions, per_page=PER_PAGE)}
    return _render_list(request, "readiness/public_providers.html", context)


def _form_page(request, form, *, title: str, back_url: str, intro: str = "", multipart: bool = False):
    context = {"form": form, "title": title, "back_url": back_url, "intro": intro, "multipart": multipart}
    return render(request, "readiness/form.html", context)


def assessment_start(request):
    providers = registry.organisations(ids=provider_organisation_ids(request.user), active=True)
    if request.user.is_superuser:
        providers = registry.organisations(kinds=PROVIDER_KINDS, active=True)
    form = StartForm(request.POST or None, providers=providers, services=catalogue.service_type_names())
    if request.method == "POST" and form.is_valid():
        service_type = catalogue.service_types_with_ids(ids=[form.cleaned_data["service_type"]]).get(
            form.cleaned_data["service_type"]
        )
        if service_type is None:
            form.add_error("service_type", _("Choose a service from the list."))
        else:
            try:
                assessment = services.assessment_start(
                    actor=request.user, provider=form.cleaned_data["provider"], service_type=service_type
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The self-assessment was started."))
                return redirect("readiness:assessment", public_id=assessment.public_id)
    return _form_page(
        request,
        form,
        title=_("Start a readiness self-assessment"),
        back_url=reverse("readiness:list"),
        intro=_(
            "The assessment uses the service card as published today; later versions of the card change nothing in it."
        ),
    )


def assessment_detail(request, public_id):
    assessment = selectors.assessment_get(user=request.user, public_id=public_id)
    user = request.user
    moves = ASSESSMENT_MACHINE.allowed_for(user, assessment)
    may_attach = (
        assessment.status == AssessmentStatus.DRAFT and user.has_perm("readiness.self_assess", assessment)
    ) or (assessment.status == AssessmentStatus.UNDER_REVIEW and user.has_perm("readiness.review", assessment))
    items = selectors.assessment_items(assessment=assessment)
    context = {
        "assessment": assessment,
        "items": items,
        "files": selectors.assessment_evidence(assessment=assessment),
        "decision": selectors.decision_of(assessment=assessment),
        "events": labelled(selectors.assessment_timeline(assessment=assessment)),
        "moves": moves,
        "may_edit": assessment.status == AssessmentStatus.DRAFT and user.has_perm("readiness.self_assess", assessment),
        "may_visit": assessment.status == AssessmentStatus.UNDER_REVIEW
        and user.has_perm("readiness.review", assessment),
        "may_attach": may_attach,
        "evidence_form": EvidenceForm(items=items) if may_attach else None,
        "note_form": NoteForm(),
    }
    return render(request, "readiness/assessment_detail.html", context)


def _back(assessment) -> str:
    return reverse("readiness:assessment", kwargs={"public_id": assessment.public_id})


def self_assess(request, public_id):
    assessment = selectors.assessment_get(user=request.user, public_id=public_id)
    if not request.user.has_perm("readiness.self_assess", assessment):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.DRAFT:
        messages.error(request, _("Only an assessment in progress can be filled in."))
        return redirect(_back(assessment))
    items = selectors.assessment_items(assessment=assessment)
    form = SelfAssessmentForm(
        request.POST or None, items=items, initial={"summary": assessment.summary, "version": assessment.version}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.assessment_self_assess(
                actor=request.user,
                assessment=assessment,
                answers=form.answers(),
                summary=form.cleaned_data.get("summary") or "",
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The self-assessment was saved."))
        return redirect(_back(assessment))
    context = {"form": form, "assessment": assessment, "back_url": _back(assessment)}
    return render(request, "readiness/self_assess.html", context)


@require_POST
def evidence_add(request, public_id):
    assessment = selectors.assessment_get(user=request.user, public_id=public_id)
    items = selectors.assessment_items(assessment=assessment)
    form = EvidenceForm(request.POST, request.FILES, items=items)
    if not form.is_valid():
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
        return redirect(_back(assessment))
    upload = form.cleaned_data["file"]
    item_id = form.cleaned_data.get("item")
    item = next((item for item in items if item.pk == item_id), None)
    if upload.size > evidence.MAX_BYTES:
        messages.error(request, _("The file is larger than 10 MB."))
        return redirect(_back(assessment))
    try:
        evidence.evidence_attach(
            actor=request.user, assessment=assessment, file_name=upload.name, content=upload.read(), item=item
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file was attached."))
    return redirect(_back(assessment))


def evidence_download(request, public_id, file_id):
    found = selectors.evidence_get(user=request.user, public_id=public_id, file_id=file_id)
    response = HttpResponse(evidence.evidence_content(found), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.file_name.replace(chr(34), "")}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def evidence_delete(request, public_id, file_id):
    found = selectors.evidence_get(user=request.user, public_id=public_id, file_id=file_id)
    try:
        evidence.evidence_remove(actor=request.user, evidence=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file was removed."))
    return redirect(_back(found.assessment))


def _post_move(request, public_id, move, success: str):
    assessment = selectors.assessment_get(user=request.user, public_id=public_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        move(assessment, note)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, success)
    return redirect(_back(assessment))


@require_POST
def assessment_submit(request, public_id):
    return _post_move(
        request,
        public_id,
        lambda assessment, note: services.assessment_submit(actor=request.user, assessment=assessment),
        _("The self-assessment was submitted for review."),
    )


@require_POST
def assessment_withdraw(request, public_id):
    return _post_move(
        request,
        public_id,
        lambda assessment, note: services.assessment_withdraw(actor=request.user, assessment=assessment, note=note),
        _("The assessment was withdrawn."),
    )


@require_POST
def assessment_take(request, public_id):
    return _post_move(
        request,
        public_id,
        lambda assessment, note: services.assessment_take(actor=request.user, assessment=assessment),
        _("The assessment was taken for review."),
    )


def _assessor_assessment(request, public_id):
    assessment = selectors.assessment_get(user=request.user, public_id=public_id)
    if not request.user.has_perm("readiness.review", assessment):
        raise PermissionDenied
    return assessment


def assessment_return(request, public_id):
    assessment = _assessor_assessment(request, public_id)
    form = ReturnForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.assessment_return(
                actor=request.user, assessment=assessment, note=form.cleaned_data["note"]
            )
        )
    ):
        messages.success(request, _("The assessment was returned to the provider."))
        return redirect(_back(assessment))
    return _form_page(request, form, title=_("Return for completion"), back_url=_back(assessment))


def assessment_visit(request, public_id):
    assessment = _assessor_assessment(request, public_id)
    initial = {
        "visit_date": assessment.visit_date,
        "visit_present": assessment.visit_present,
        "visit_findings": assessment.visit_findings,
        "version": assessment.version,
    }
    form = VisitForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.assessment_record_visit(
                actor=request.user,
                assessment=assessment,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The visit was recorded."))
        return redirect(_back(assessment))
    return _form_page(request, form, title=_("Record the visit"), back_url=_back(assessment))


def assessment_decide(request, public_id):
    assessment = _assessor_assessment(request, public_id)
    if assessment.status != AssessmentStatus.UNDER_REVIEW:
        messages.error(request, _("This assessment has already been decided or is no longer under review."))
        return redirect(_back(assessment))
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.assessment_decide(actor=request.user, assessment=assessment, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("readiness:decision", public_id=decision.public_id)
    problem = services.register_problem(assessment.provider, timezone.localdate())
    intro = problem or ""
    return _form_page(request, form, title=_("Decide on readiness"), back_url=_back(assessment), intro=intro)


def decision_detail(request, public_id):
    decision = selectors.decision_get(user=request.user, public_id=public_id)
    today = timezone.localdate()
    register_note = ""
    if decision.confirms and decision.status == DecisionStatus.IN_FORCE:
        register_note = services.register_problem(decision.provider, today)
    context = {
        "decision": decision,
        "in_force": selectors.is_in_force(decision, today),
        "register_note": register_note,
        "events": labelled(selectors.decision_timeline(decision=decision)),
        "moves": DECISION_MACHINE.allowed_for(request.user, decision),
        "may_meet": (
            decision.outcome == Outcome.READY_WITH_CONDITIONS
            and decision.status == DecisionStatus.IN_FORCE
            and decision.conditions_met_on is None
            and request.user.has_perm("readiness.decide", decision)
        ),
    }
    return render(request, "readiness/decision_detail.html", context)


def decision_letter(request, public_id):
    decision = selectors.decision_get(user=request.user, public_id=public_id)
    response = HttpResponse(documents.decision_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="gotowosc-{decision.number.replace("/", "-")}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _assessor_decision(request, public_id):
    decision = selectors.decision_get(user=request.user, public_id=public_id)
    if not request.user.has_perm("readiness.decide", decision):
        raise PermissionDenied
    return decision


def decision_withdraw(request, public_id):
    decision = _assessor_decision(request, public_id)
    back = reverse("readiness:decision", kwargs={"public_id": decision.public_id})
    form = WithdrawDecisionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.decision_withdraw(actor=request.user, decision=decision, note=form.cleaned_data["note"])
        )
    ):
        messages.success(request, _("The decision was withdrawn."))
        return redirect(back)
    return _form_page(request, form, title=_("Withdraw the decision"), back_url=back)


def decision_conditions_met(request, public_id):
    decision = _assessor_decision(request, public_id)
    back = reverse("readiness:decision", kwargs={"public_id": decision.public_id})
    form = ConditionsMetForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.decision_conditions_met(actor=request.user, decision=decision, on=form.cleaned_data["on"])
        )
    ):
        messages.success(request, _("The conditions were recorded as met."))
        return redirect(back)
    return _form_page(request, form, title=_("Conditions met"), back_url=back)
