import uuid
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.core.text import long_date, parse_iso_date
from kooperacja.placement import scope, selectors, services
from kooperacja.placement.forms import (
    DecisionForm,
    FollowUpForm,
    ReferralTransitionForm,
    RunStartForm,
    SwapForm,
)
from kooperacja.placement.models import REFERRAL_MACHINE, ReferralStatus, RunStatus
from kooperacja.placement.problem import average_score, match_score

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER_PAGE = 25
SWAP_LIST_LIMIT = 60
RESULT_PAGE = 100
# Which permission (on the referral) each move needs.
TRANSITION_LABELS: dict[str, "StrOrPromise"] = {
    ReferralStatus.SENT: gettext_lazy("Send to the provider"),
    ReferralStatus.INTERVIEW: gettext_lazy("Interview arranged"),
    ReferralStatus.HIRED: gettext_lazy("Record the hire"),
    ReferralStatus.DECLINED: gettext_lazy("Declined"),
    ReferralStatus.WITHDRAWN: gettext_lazy("Withdraw"),
}


REFERRAL_STATUS_LABELS = dict(ReferralStatus.choices)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def unmatched_detail_text(reason: str, detail: dict) -> str:
    """One sentence with the facts behind an unmatched reason."""
    if reason == "no_qualified_opening":
        by_course = set(detail.get("missing_met_by_course") or [])
        missing = (
            ", ".join(
                (
                    _("%(code)s (a completed course of the card counts)")
                    if code in by_course
                    else _("%(code)s (a document is needed)")
                )
                % {"code": code}
                for code in detail.get("most_required_missing") or []
            )
            or "—"
        )
        return _("Qualifications most often required and missing: %(codes)s.") % {"codes": missing}
    if reason == "too_far":
        if detail.get("nearest_km") is None:
            return _("%(count)s suitable opening(s); distance unknown, commute limit %(limit)s km.") % {
                "count": detail.get("qualified_openings"),
                "limit": detail.get("commute_limit_km"),
            }
        return _("%(count)s suitable opening(s); the nearest is %(nearest)s km away, the limit is %(limit)s km.") % {
            "count": detail.get("qualified_openings"),
            "nearest": detail.get("nearest_km"),
            "limit": detail.get("commute_limit_km"),
        }
    if reason == "not_available_in_time":
        return _("Available from %(available)s; the latest start among reachable openings is %(latest)s.") % {
            "available": long_date(parse_iso_date(detail.get("available_from"))),
            "latest": long_date(parse_iso_date(detail.get("latest_start"))),
        }
    if reason == "working_time":
        return _("Wants %(wanted)s; offered: %(offered)s.") % {
            "wanted": detail.get("working_time_wanted"),
            "offered": ", ".join(detail.get("working_time_offered") or []),
        }
    if reason == "competition":
        text = _(
            "%(count)s feasible opening(s) (nearest %(nearest)s km), "
            "all given to others so that the most people are placed."
        ) % {"count": detail.get("feasible_openings"), "nearest": detail.get("nearest_km")}
        if detail.get("refused_before"):
            text += " " + _("Openings that refused the person before were not considered: %(count)s.") % {
                "count": detail["refused_before"]
            }
        return text
    if reason == "live_referral":
        status = REFERRAL_STATUS_LABELS.get(detail.get("status", ""), detail.get("status", ""))
        return _("Referred to “%(position)s” (%(provider)s), status: %(status)s. Close that referral first.") % {
            "position": detail.get("position", ""),
            "provider": detail.get("provider", ""),
            "status": status,
        }
    if reason == "declined_earlier":
        parts = [
            (
                _("“%(position)s” (%(provider)s): declined by the provider")
                if item.get("by") == "provider"
                else _("“%(position)s” (%(provider)s): rejected by a coordinator")
            )
            % {"position": item.get("position", ""), "provider": item.get("provider", "")}
            for item in detail.get("refusals", [])
        ]
        return "; ".join(parts) + "." if parts else ""
    return ""


# --- matching -----------------------------------------------------------------------------------------------


def index(request):
    """The coordinator's matching screen: start a run for a territory and see the recent runs."""
    form = RunStartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_start(
                actor=request.user, territory=form.cleaned_data["territory"], plan=form.cleaned_data["plan"]
            )
        except ValidationError as exc:
            errors_by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
            for field, errors in errors_by_field.items():
                for error in errors:
                    form.add_error(None if field == "__all__" else field, error)
        else:
            messages.success(request, _("The matching run was started."))
            return redirect("placement:run-detail", public_id=run.public_id)
    page_obj = paginate(request, selectors.run_list(user=request.user), per_page=PER_PAGE)
    return render(request, "placement/index.html", {"form": form, "page_obj": page_obj})


def _run_context(request, run) -> dict:
    context = {"run": run, "active": selectors.run_is_active(run)}
    if run.status == RunStatus.DONE:
        # A voivodeship run has thousands of rows: both lists are paged ("page" and "unmatched_page").
        proposals_shown = selectors.run_proposals_shown(user=request.user, run=run)
        page_obj = paginate(request, proposals_shown, per_page=RESULT_PAGE, count_limit=None)
        unmatched_shown = selectors.run_unmatched_shown(user=request.user, run=run)
        unmatched_page = paginate(
            request, unmatched_shown, per_page=RESULT_PAGE, param="unmatched_page", count_limit=None
        )
        proposals, unmatched = list(page_obj), list(unmatched_page)
        for number, proposal in enumerate(proposals, start=page_obj.start_index()):
            proposal.number = number
            proposal.score = match_score(proposal.cost)
        for row in unmatched:
            row.reason_label = services.reason_label(row.reason)
            row.detail_text = unmatched_detail_text(row.reason, row.explanation)
        context.update(
            page_obj=page_obj,
            proposals=proposals,
            unmatched_page=unmatched_page,
            unmatched=unmatched,
            gain=run.matched_count - (run.greedy_matched_count or 0),
            score=average_score(run.total_cost, run.matched_count),
            sequential_score=average_score(run.greedy_total_cost, run.greedy_matched_count),
            # A small run offers the other proposals in a list; a large one takes the proposal number.
            swap_choices=[p for p in proposals if p.status == "proposed"]
            if page_obj.paginator.count <= SWAP_LIST_LIMIT
            else None,
        )
    return context


def run_detail(request, public_id):
    run = selectors.run_get_for_view(user=request.user, public_id=public_id)
    return render(request, "placement/run_detail.html", _run_context(request, run))


def run_status(request, public_id):
    """The live status partial polled while a run is queued or running; when it ends, the page reloads."""
    run = selectors.run_get_for_view(user=request.user, public_id=public_id)
    response = render(request, "placement/run_detail.html#status", {"run": run, "active": selectors.run_is_active(run)})
    if not selectors.run_is_active(run) and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def run_restart(request, public_id):
    run = selectors.run_get_for_view(user=request.user, public_id=public_id)
    try:
        new_run = services.run_restart(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("placement:run-detail", public_id=run.public_id)
    messages.success(request, _("A new matching run was started."))
    return redirect("placement:run-detail", public_id=new_run.public_id)


def _decide(request, proposal_id, action):
    proposal = selectors.proposal_get_for_decision(user=request.user, proposal_id=proposal_id)
    form = DecisionForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        result = action(actor=request.user, proposal=proposal, note=note)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        result = None
    return proposal, result


@require_POST
def proposal_accept(request, proposal_id):
    proposal, referral = _decide(request, proposal_id, services.proposal_accept)
    if referral is not None:
        messages.success(request, _("The proposal was accepted and a referral was created."))
        return redirect("placement:referral-detail", public_id=referral.public_id)
    return redirect("placement:run-detail", public_id=proposal.run.public_id)


@require_POST
def proposal_reject(request, proposal_id):
    proposal, result = _decide(request, proposal_id, services.proposal_reject)
    if result is not None:
        messages.success(request, _("The proposal was rejected."))
    return redirect("placement:run-detail", public_id=proposal.run.public_id)


@require_POST
def proposal_swap(request, proposal_id):
    proposal = selectors.proposal_get_for_decision(user=request.user, proposal_id=proposal_id)
    form = SwapForm(request.POST)
    other = (
        selectors.proposal_by_number(run=proposal.run, number=form.cleaned_data["number"]) if form.is_valid() else None
    )
    swappable = selectors.proposals_swappable_with(proposal=proposal)
    if other is None or not swappable.filter(pk=other.pk).exists():
        messages.error(
            request,
            _("Choose the row of another proposal of this run, not yet decided and for another need, to swap with."),
        )
    else:
        try:
            services.proposal_swap(actor=request.user, first=proposal, second=other)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        except ConflictError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The two proposals were swapped."))
    return redirect("placement:run-detail", public_id=proposal.run.public_id)


# --- referrals ----------------------------------------------------------------------------------------------


def referral_list(request):
    status = request.GET.get("status") or None
    if status not in ReferralStatus.values:
        status = None
    page_obj = paginate(request, selectors.referrals_shown(user=request.user, status=status), per_page=PER_PAGE)
    context = {"page_obj": page_obj, "status": status, "statuses": ReferralStatus.choices}
    template = "placement/referral_list.html#results" if request.htmx else "placement/referral_list.html"
    return render(request, template, context)


def _allowed_moves(user, referral) -> list[tuple[str, "StrOrPromise"]]:
    return [(target, TRANSITION_LABELS[target]) for target in REFERRAL_MACHINE.allowed_for(user, referral)]


def referral_detail(request, public_id):
    referral = selectors.referral_get_for_page(user=request.user, public_id=public_id)
    moves = _allowed_moves(request.user, referral)
    context = {
        "referral": referral,
        "moves": moves,
        "transition_form": ReferralTransitionForm(moves=moves),
        "follow_up_form": FollowUpForm(),
        "can_follow_up": request.user.has_perm("placement.record_follow_up", referral),
        "events": labelled(referral.events.select_related("actor")),
        "follow_ups": list(referral.follow_ups.all()),
        "qualifications": list(referral.participation.person.qualifications.all()),
        "required": list(referral.need.required_qualifications.all()),
    }
    return render(request, "placement/referral_detail.html", context)


@require_POST
def referral_transition(request, public_id):
    referral = selectors.referral_get_for_view(user=request.user, public_id=public_id)
    form = ReferralTransitionForm(request.POST, moves=_allowed_moves(request.user, referral))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("placement:referral-detail", public_id=referral.public_id)
    try:
        services.referral_transition(
            actor=request.user,
            referral=referral,
            to=form.cleaned_data["to"],
            note=form.cleaned_data["note"],
            hired_on=form.cleaned_data["hired_on"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The referral was updated."))
        if not selectors.referral_list(user=request.user).filter(pk=referral.pk).exists():
            # A provider who declined no longer sees the person: back to its candidates.
            return redirect("placement:provider-candidates")
    return redirect("placement:referral-detail", public_id=referral.public_id)


@require_POST
def follow_up_record(request, public_id, months):
    follow_up = selectors.follow_up_get_for_record(user=request.user, public_id=public_id, months=months)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the person is still employed."))
    else:
        try:
            services.follow_up_record(
                actor=request.user,
                follow_up=follow_up,
                still_employed=form.cleaned_data["still_employed"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The follow-up was recorded."))
    return redirect("placement:referral-detail", public_id=public_id)


def provider_candidates(request):
    """A provider's "my needs and candidates": people referred to the needs of the user's organisations."""
    status = request.GET.get("status") or None
    if status not in ReferralStatus.values:
        status = None
    need = request.GET.get("need") or None
    try:
        need = uuid.UUID(need) if need else None
    except ValueError:
        need = None
    candidates = selectors.provider_candidates(user=request.user, status=status, need_public_id=need)
    page_obj = paginate(request, candidates, per_page=PER_PAGE)
    rows = list(page_obj)
    for referral in rows:
        referral.moves = _allowed_moves(request.user, referral)
        referral.profile_opens = scope.sees_candidate_profile(request.user, referral)
    context = {"page_obj": page_obj, "rows": rows, "status": status, "statuses": ReferralStatus.choices}
    template = "placement/provider_candidates.html#results" if request.htmx else "placement/provider_candidates.html"
    return render(request, template, context)


def candidate(request, public_id):
    """A referred candidate's hiring profile, for the provider the referral is to (see the selector)."""
    profile = selectors.candidate_profile_for_provider(user=request.user, public_id=public_id)
    return render(request, "placement/candidate.html", {"profile": profile})
