"""What waits in readiness (``core.waiting``): submitted assessments to review (assessors), the provider's drafts
to submit, and conditions of decisions due within two weeks or overdue (both sides). Labels name organisations,
services and dates only."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core import waiting
from kooperacja.core.text import short_date
from kooperacja.readiness import selectors
from kooperacja.readiness.rules import assessor_reach, provider_organisation_ids


def _assessment_url(assessment) -> str:
    return reverse("readiness:assessment", kwargs={"public_id": assessment.public_id})


def to_review(user, limit: int) -> waiting.Waiting:
    voivodeships, counties = assessor_reach(user)
    if not (voivodeships or counties):
        return waiting.NOTHING
    assessments = selectors.assessments_to_review(user)
    count = assessments.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = assessments.select_related("provider", "card_version").order_by("submitted_at", "id")[:limit]
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(provider)s: %(service)s, submitted on %(date)s")
            % {
                "provider": assessment.provider.name,
                "service": assessment.card_version.name,
                "date": short_date(timezone.localtime(assessment.submitted_at)) if assessment.submitted_at else "",
            },
            url=_assessment_url(assessment),
        )
        for assessment in rows
    )
    return waiting.Waiting(count, items, more_url=reverse("readiness:list") + "?status=submitted")


def drafts(user, limit: int) -> waiting.Waiting:
    if not provider_organisation_ids(user):
        return waiting.NOTHING
    assessments = selectors.drafts_to_submit(user)
    count = assessments.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = assessments.select_related("provider", "card_version").order_by("created_at", "id")[:limit]
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Self-assessment of %(provider)s for %(service)s not submitted yet")
            % {"provider": assessment.provider.name, "service": assessment.card_version.name},
            url=_assessment_url(assessment),
        )
        for assessment in rows
    )
    return waiting.Waiting(count, items, more_url=reverse("readiness:list") + "?status=draft")


def conditions(user, limit: int) -> waiting.Waiting:
    voivodeships, counties = assessor_reach(user)
    if not (voivodeships or counties or provider_organisation_ids(user)):
        return waiting.NOTHING
    decisions = selectors.conditions_due(user)
    count = decisions.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = decisions.select_related("provider", "service_type__current_version").order_by("conditions_due", "id")
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Conditions of decision %(number)s (%(provider)s) due on %(date)s")
            % {
                "number": decision.number,
                "provider": decision.provider.name,
                "date": short_date(decision.conditions_due),
            },
            url=reverse("readiness:decision", kwargs={"public_id": decision.public_id}),
            due=decision.conditions_due,
        )
        for decision in rows[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("readiness:decisions") + "?outcome=ready_with_conditions")


KINDS = (
    waiting.Kind("readiness.review", _("Readiness assessments to review"), to_review, "readiness:list", 40),
    waiting.Kind("readiness.drafts", _("Readiness self-assessments to submit"), drafts, "readiness:list", 41),
    waiting.Kind(
        "readiness.conditions", _("Conditions of readiness decisions due"), conditions, "readiness:decisions", 42
    ),
)
