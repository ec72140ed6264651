"""Who hears about what in placement (``notifications.notify``): the provider when a candidate is sent to its need,
the coordinator who made the referral when the provider answers, and whoever started a matching run when it ends.
The titles name positions, employers and territories, never the person."""

from django.urls import reverse
from django.utils.translation import gettext_noop

from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.core.jobs import JobStatus
from kooperacja.notifications.services import notify
from kooperacja.placement.models import MatchingRun, Referral, ReferralStatus
from kooperacja.placement.scope import PROVIDER_ROLES

ANSWERS: dict[str, str] = {
    ReferralStatus.INTERVIEW: gettext_noop("%(provider)s invited the candidate for %(position)s to an interview."),
    ReferralStatus.HIRED: gettext_noop("%(provider)s hired the candidate for %(position)s."),
    ReferralStatus.DECLINED: gettext_noop("%(provider)s declined the candidate for %(position)s."),
}


def referral_moved(referral: Referral, target: str) -> None:
    need = referral.need
    params = {"position": need.position, "provider": need.provider.name}
    link = reverse("placement:referral-detail", kwargs={"public_id": referral.public_id})
    if target == ReferralStatus.SENT:
        notify(
            recipients=users_with_roles_in(organisation_id=need.provider_id, roles=PROVIDER_ROLES),
            kind="placement.referral_sent",
            title=gettext_noop("A candidate was referred to your need %(position)s."),
            params=params,
            link=link,
        )
    elif target in ANSWERS:
        notify(
            recipients=[referral.created_by],
            kind="placement.referral_answered",
            title=ANSWERS[target],
            params=params,
            link=link,
        )


def run_ended(run: MatchingRun) -> None:
    if run.status == JobStatus.DONE:
        title = gettext_noop("The matching run for %(territory)s has finished (proposals: %(count)s).")
    elif run.status == JobStatus.FAILED:
        title = gettext_noop("The matching run for %(territory)s failed.")
    else:
        return
    notify(
        recipients=[run.started_by],
        kind="placement.run_ended",
        title=title,
        params={"territory": run.territory.name, "count": run.matched_count or 0},
        link=reverse("placement:run-detail", kwargs={"public_id": run.public_id}),
    )
