"""Pages of launches: sphere 2's landing page, the list, the draft and its edits, the detail with the timeline of
states, partners and their commitments, the call, the moves of the state machine and cancelling; a partner's answer.
Applications: ``application_views.py``; preparation: ``preparation_views.py``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.catalogue import selectors as catalogue
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.launches import calls, partners, selectors, services
from kooperacja.launches.forms import CallForm, CommitForm, DeclineForm, LaunchFilterForm, LaunchForm, ReasonForm
from kooperacja.launches.models import LAUNCH_MACHINE, LaunchState, PartnerState
from kooperacja.launches.panels import panels_for
from kooperacja.launches.rules import launcher_organisation_ids, sees_personal_data
from kooperacja.registry import selectors as registry

PER_PAGE = 25
MOVES = {
    LaunchState.ANNOUNCED: services.launch_announce,
    LaunchState.RECRUITING: services.launch_start_recruiting,
    LaunchState.TRAINING: services.launch_start_training,
    LaunchState.SELECTION: services.launch_start_selection,
}


def _error(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def _detail(launch):
    return redirect("launches:detail", public_id=launch.public_id)


def _links_of_other_apps() -> list[tuple[str, str]]:
    """Pages of sphere 2 that other apps add (linked only when they exist on this installation)."""
    links = []
    for name, label in (
        ("cooperatives:index", _("Social cooperative models")),
        ("founding:index", _("Founding of social cooperatives")),
    ):
        try:
            links.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return links


def index(request):
    """Sphere 2: launching packages of social services, partners, calls, preparation and selection."""
    user = request.user
    context = {
        "reads": user.has_perm("launches.read"),
        "launches_new": user.has_perm("launches.open_launch"),
        "links": _links_of_other_apps(),
    }
    return render(request, "launches/index.html", context)


def launch_list(request):
    form = LaunchFilterForm(request.GET or None)
    chosen = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    page_obj = paginate(request, selectors.launch_list(user=request.user, **chosen), per_page=PER_PAGE)
    context = {"form": form, "page_obj": page_obj, "rows": list(page_obj.object_list)}
    partial = request.htmx and not request.htmx.boosted
    template = "launches/launch_list.html"
    return render(request, f"{template}#results" if partial else template, context)


def _launch_form(request, *, initial=None):
    owners = registry.organisations(ids=launcher_organisation_ids(request.user), active=True)
    return LaunchForm(
        request.POST or None, initial=initial, owners=owners, services=catalogue.service_types_published()
    )


def launch_create(request):
    form = _launch_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            launch = services.launch_create(actor=request.user, data=form.to_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The draft launch was saved."))
            return _detail(launch)
    context = {"form": form, "title": _("New launch"), "back_url": reverse("launches:launch-list")}
    return render(request, "launches/form.html", context)


def launch_edit(request, public_id):
    launch = selectors.launch_get_for_manage(user=request.user, public_id=public_id)
    form = _launch_form(request, initial=LaunchForm.initial_of(launch))
    form.fields["owner"].disabled = True
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.launch_update(
                actor=request.user,
                launch=launch,
                data=form.to_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The launch was saved."))
        return _detail(launch)
    back = reverse("launches:detail", kwargs={"public_id": launch.public_id})
    return render(request, "launches/form.html", {"form": form, "title": _("Edit the launch"), "back_url": back})


def launch_detail(request, public_id):
    user = request.user
    launch = selectors.launch_get_for_view(user=user, public_id=public_id)
    manages = user.has_perm("launches.manage_launch", launch)
    partner_rows = selectors.partners_of(launch)
    own_invitations = [
        row
        for row in partner_rows
        if row.state == PartnerState.INVITED and user.has_perm("launches.answer_invitation", row)
    ]
    call = selectors.call_of(launch)
    selection = calls.selection_of(call)
    context = {
        "launch": launch,
        "manages": manages,
        "moves": LAUNCH_MACHINE.allowed_for(user, launch, field="state"),
        "services": list(launch.services.select_related("card_version")),
        "budget_lines": list(launch.budget_lines.all()),
        "budget_total": sum(line.amount for line in launch.budget_lines.all()),
        "partners": partner_rows,
        "own_invitations": own_invitations,
        "call": call,
        "selection": selection,
        # The launch is seen more widely (analysts, area coordinators) than its selection is.
        "sees_selection": selection is not None and user.has_perm("selection.view_selection", selection),
        "counts": selectors.applications_counts(launch),
        "sees_personal_data": sees_personal_data(user, launch),
        "adds_candidates": user.has_perm("launches.add_application", launch),
        "sessions": selectors.sessions_of(launch),
        "events": selectors.launch_timeline(launch),
        "states": [(value, label) for value, label in LaunchState.choices if value != LaunchState.CANCELLED],
        "panels": panels_for(launch=launch, user=user),
    }
    return render(request, "launches/launch_detail.html", context)


@require_POST
def launch_move(request, public_id, target):
    launch = selectors.launch_get_for_manage(user=request.user, public_id=public_id)
    move = MOVES.get(target)
    if move is None:
        return _detail(launch)
    try:
        version = int(request.POST.get("version") or 0)
        move(actor=request.user, launch=launch, version=version)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The launch is now “%(state)s”.") % {"state": launch.get_state_display()})
    return _detail(launch)


def launch_cancel(request, public_id):
    launch = selectors.launch_get_for_manage(user=request.user, public_id=public_id)
    form = ReasonForm(request.POST or None, initial={"version": launch.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.launch_cancel(
                actor=request.user,
                launch=launch,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        )
    ):
        messages.success(request, _("The launch was cancelled."))
        return _detail(launch)
    back = reverse("launches:detail", kwargs={"public_id": launch.public_id})
    return render(request, "launches/form.html", {"form": form, "title": _("Cancel the launch"), "back_url": back})


def call_edit(request, public_id):
    launch = selectors.launch_get_for_manage(user=request.user, public_id=public_id)
    call = selectors.call_of(launch)
    initial = CallForm.initial_of(call) if call is not None else {"min_age": 18, "appeal_days": 7}
    form = CallForm(request.POST or None, initial={**initial, "version": launch.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: calls.call_save(
                actor=request.user,
                launch=launch,
                data=form.to_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The call was saved; it is published when recruitment starts."))
        return _detail(launch)
    back = reverse("launches:detail", kwargs={"public_id": launch.public_id})
    context = {
        "form": form,
        "title": _("Call for candidates"),
        "back_url": back,
        "intro": _(
            "The eligibility rules are checked when an application is submitted. The criteria, their weights and the "
            "tie rule are published with the call and cannot change afterwards."
        ),
    }
    return render(request, "launches/form.html", context)


def partner_commit(request, public_id, partner_id):
    launch = selectors.launch_get_for_view(user=request.user, public_id=public_id)
    partner = selectors.partner_get_for_answer(user=request.user, launch=launch, partner_id=partner_id)
    form = CommitForm(request.POST or None, initial={"version": partner.version}, modules=partners.modules_for(launch))
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: partners.partner_commit(
                actor=request.user, partner=partner, version=form.cleaned_data["version"], items=form.items()
            )
        )
    ):
        messages.success(request, _("Your commitment was recorded."))
        return _detail(launch)
    back = reverse("launches:detail", kwargs={"public_id": launch.public_id})
    context = {
        "form": form,
        "title": _("Commit to the launch “%(title)s”") % {"title": launch.title},
        "back_url": back,
        "intro": _(
            "Each item says what and by when: recruitment (how many candidates), a training module of the launched "
            "services' programme, a workshop or mentoring. The items become obligations of the cooperation agreement."
        ),
    }
    return render(request, "launches/form.html", context)


def partner_decline(request, public_id, partner_id):
    launch = selectors.launch_get_for_view(user=request.user, public_id=public_id)
    partner = selectors.partner_get_for_answer(user=request.user, launch=launch, partner_id=partner_id)
    form = DeclineForm(request.POST or None, initial={"version": partner.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: partners.partner_decline(
                actor=request.user,
                partner=partner,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        )
    ):
        messages.success(request, _("Your answer was recorded."))
        return _detail(launch)
    back = reverse("launches:detail", kwargs={"public_id": launch.public_id})
    context = {"form": form, "title": _("Decline the invitation"), "back_url": back}
    return render(request, "launches/form.html", context)


def forbid_unless(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
