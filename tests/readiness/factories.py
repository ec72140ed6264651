"""Readiness built through the real services: start → self-assess → submit → take for review → visit → decide.

``make_ready`` is what other apps' tests use to have a provider confirmed for a service; a CIS or KIS needs its
entry in the voivode's register in force (``tests.admission.factories.in_force``), as the decision checks it.
"""

from datetime import date, timedelta

from django.utils import timezone

from kooperacja.readiness import services
from kooperacja.readiness.models import Answer, Outcome, ReadinessAssessment, ReadinessDecision


def service(code: str = "opieka-wytchnieniowa"):
    from kooperacja.catalogue.selectors import service_type_find

    found = service_type_find(code=code)
    assert found is not None, code
    return found


def started(*, provider, service_type=None, actor=None) -> ReadinessAssessment:
    return services.assessment_start(actor=actor, provider=provider, service_type=service_type or service())


def answered(assessment: ReadinessAssessment, *, actor=None, answer: str = Answer.MET) -> ReadinessAssessment:
    answers = {
        item.pk: {"answer": answer, "comment": "" if answer == Answer.MET else "Brakuje części wyposażenia."}
        for item in assessment.items.all()
    }
    return services.assessment_self_assess(
        actor=actor, assessment=assessment, answers=answers, summary="Gotowi.", expected_version=assessment.version
    )


def submitted(*, provider, service_type=None, actor=None) -> ReadinessAssessment:
    assessment = answered(started(provider=provider, service_type=service_type, actor=actor), actor=actor)
    return services.assessment_submit(actor=actor, assessment=assessment)


def under_review(*, provider, service_type=None, assessor=None, actor=None) -> ReadinessAssessment:
    assessment = submitted(provider=provider, service_type=service_type, actor=actor)
    assessment = services.assessment_take(actor=assessor, assessment=assessment)
    return services.assessment_record_visit(
        actor=assessor,
        assessment=assessment,
        data={
            "visit_date": timezone.localdate(),
            "visit_present": "Kierownik, dwie opiekunki",
            "visit_findings": "Lokal i wyposażenie zgodne z kartą.",
        },
        expected_version=assessment.version,
    )


def decision_data(*, outcome: str = Outcome.READY, valid_from: date | None = None, valid_until: date | None = None):
    today = timezone.localdate()
    valid_from = valid_from or today
    data = {
        "outcome": outcome,
        "reasons": "Wymagania karty spełnione.",
        "valid_from": valid_from,
        "valid_until": valid_until or valid_from + timedelta(days=365),
    }
    if outcome == Outcome.READY_WITH_CONDITIONS:
        data |= {
            "conditions": "Uzupełnić szkolenie z pierwszej pomocy.",
            "conditions_due": valid_from + timedelta(days=60),
        }
    return data


def make_ready(
    *,
    provider,
    service_type=None,
    assessor=None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    outcome: str = Outcome.READY,
) -> ReadinessDecision:
    """A decision confirming ``provider`` ready for ``service_type`` (respite care by default) through the real
    workflow; ``assessor`` None decides as the system (no permission check), a user must have the provider in
    reach (an OWES advisor of an OWES in its voivodeship, a coordinator in its county). ``valid_from`` defaults to
    today (at most 3 years back), ``valid_until`` to a year later (at most 5 years ahead). A CIS or KIS needs its
    register entry in force on ``valid_from`` and today."""
    assessment = under_review(provider=provider, service_type=service_type, assessor=assessor)
    return services.assessment_decide(
        actor=assessor,
        assessment=assessment,
        data=decision_data(outcome=outcome, valid_from=valid_from, valid_until=valid_until),
    )
