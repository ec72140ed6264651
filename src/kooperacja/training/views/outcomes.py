"""Pages of exit outcomes: recording or correcting a stay's outcome, its follow-ups, and the follow-ups due."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.core.text import short_date
from kooperacja.training import outcome_selectors, selectors, services
from kooperacja.training.forms import OutcomeFollowUpFilterForm, OutcomeFollowUpForm, OutcomeForm
from kooperacja.training.views.common import PER_PAGE, form_page


def outcome_form_for(participation, outcome, data=None) -> OutcomeForm:
    """The outcome form of the participant page: the outcome recorded (to correct it) or an empty one."""
    initial = {}
    if outcome is not None:
        initial = {
            "kind": outcome.kind,
            "started_on": outcome.started_on,
            "organisation_name": outcome.organisation_name,
            "note": outcome.note,
            "version": outcome.version,
        }
    return OutcomeForm(data, initial=initial, prefix="outcome")


def outcome_context(request, participation) -> dict:
    """The outcome section of the participant page: the outcome, its follow-ups (or those of the referral that
    cover it) and, for those who may record them, the forms."""
    outcome = outcome_selectors.participation_outcome(participation)
    coverage = outcome_selectors.outcome_covered(participation, outcome)
    may_record = services.may_record_outcome(request.user, participation)
    ended = participation.status in services.FINISHED_STATES
    today = timezone.localdate()
    follow_ups = list(outcome.follow_ups.all()) if outcome is not None else []
    for follow_up in follow_ups:
        follow_up.may_record = may_record and follow_up.still_there is None and follow_up.due_on <= today  # type: ignore[attr-defined]  # shown by the page
    return {
        "outcome": outcome,
        "outcome_follow_ups": follow_ups,
        "outcome_coverage": coverage,
        "outcome_form": outcome_form_for(participation, outcome) if may_record and ended else None,
        "outcome_follow_up_form": OutcomeFollowUpForm() if may_record else None,
    }


def participant_outcome(request, public_id):
    """Record or correct the outcome of a stay that has ended (its CIS/KIS staff and social workers)."""
    participation = selectors.participation_get_for_outcome(user=request.user, public_id=public_id)
    if not services.may_record_outcome(request.user, participation):
        raise PermissionDenied
    outcome = outcome_selectors.participation_outcome(participation)
    form = outcome_form_for(participation, outcome, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.outcome_record(
                actor=request.user,
                participation=participation,
                kind=data["kind"],
                started_on=data["started_on"],
                organisation_name=data["organisation_name"],
                note=data["note"],
                version=data["version"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            # The user's input again, against the outcome as it is now: saving again is a deliberate choice.
            current = outcome_selectors.participation_outcome(participation)
            posted = request.POST.copy()
            posted[form.add_prefix("version")] = str(current.version) if current else ""
            form = outcome_form_for(participation, current, posted)
            form.is_valid()
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect("training:participant-detail", public_id=participation.public_id)
    back = reverse("training:participant-detail", kwargs={"public_id": participation.public_id})
    intro = ""
    if participation.exit_date:
        intro = _("The stay ended on %(date)s: %(reason)s.") % {
            "date": short_date(participation.exit_date),
            "reason": participation.get_exit_reason_display(),
        }
    return form_page(
        request,
        form,
        title=_("Outcome of the stay of %(name)s") % {"name": participation.person},
        back_url=back,
        intro=intro,
    )


@require_POST
def participant_outcome_follow_up(request, public_id):
    """Record one follow-up (3 or 6 months) of the stay's outcome."""
    form = OutcomeFollowUpForm(request.POST)
    if not form.is_valid():
        # The months are checked first: a follow-up that does not exist is a missing page.
        selectors.participation_get_for_staff(user=request.user, public_id=public_id)
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("training:participant-detail", public_id=public_id)
    follow_up = outcome_selectors.outcome_follow_up_get_for_record(
        user=request.user, public_id=public_id, months=form.cleaned_data["months"]
    )
    if not services.may_record_outcome(request.user, follow_up.outcome.participation):
        raise PermissionDenied
    try:
        services.outcome_follow_up_record(
            actor=request.user,
            follow_up=follow_up,
            still_there=form.cleaned_data["still_there"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The follow-up was recorded."))
    return redirect("training:participant-detail", public_id=public_id)


def outcome_follow_ups(request):
    """The follow-ups of outcomes of the user's participants: due, overdue or recorded, by due date."""
    form = OutcomeFollowUpFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    follow_ups = outcome_selectors.outcome_follow_ups_shown(
        user=request.user, state=filters.get("state") or None, order=filters.get("order") or "due_on"
    )
    page_obj = paginate(request, follow_ups, per_page=PER_PAGE)
    context = {
        "form": form,
        "page_obj": page_obj,
        "today": timezone.localdate(),
        # An administrator sees every follow-up, but a participant's page only where they work with participants.
        "openable": selectors.staff_organisation_ids(request.user),
    }
    return render(request, "training/outcome_follow_ups.html", context)
