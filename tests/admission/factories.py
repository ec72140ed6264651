"""Admission referrals built through the services: a CIS in force, an OPS with a social worker, a referral."""

from datetime import timedelta

from django.utils import timezone

from kooperacja.accounts.roles import Role
from kooperacja.admission import services
from kooperacja.registry import services as registry
from tests.factories import GRUDZIADZ, MembershipFactory, UserFactory
from tests.training.factories import make_pesel


def in_force(organisation):
    """Grant the organisation an entry in the voivode's register from a year ago."""
    if not organisation.register_terms.exists():
        start = timezone.localdate() - timedelta(days=365)
        registry.register_term_grant(
            actor=None,
            organisation=organisation,
            data={
                "number": f"T/{organisation.pk}",
                "term_start": start,
                "decision_number": "D/1",
                "decision_date": start,
            },
        )
    return organisation


def social_worker_of(organisation, username=None):
    user = UserFactory(username=username) if username else UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=Role.SOCIAL_WORKER)
    return user


def referral_data(world, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "referring_organisation": world.ops,
        "target_organisation": in_force(world.org_a),
        "first_name": "Anna",
        "last_name": "Skierowana",
        "pesel": make_pesel(female=True),
        "home_municipality": GRUDZIADZ,
        "phone": "500 100 200",
        "applied_on": today - timedelta(days=20),
        "applicant": "person",
        "applicant_name": "",
        "consent_given": False,
        "categories": ["long_term_unemployed"],
        "interview_date": today - timedelta(days=10),
        "opinion": "Osoba długotrwale bezrobotna, motywowana do zmiany.",
    }
    data.update(overrides)
    return data


def draft(world, *, actor=None, **overrides):
    actor = actor or social_worker_of(world.ops)
    return services.referral_create(actor=actor, data=referral_data(world, **overrides))


def issued(world, *, number=None, **overrides):
    actor = social_worker_of(world.ops)
    referral = services.referral_create(actor=actor, data=referral_data(world, **overrides))
    return services.referral_issue(
        actor=actor,
        referral=referral,
        number=number or f"SK/{referral.pk}",
        issued_on=timezone.localdate() - timedelta(days=5),
    )


def enrolment_data(**overrides) -> dict:
    start = timezone.localdate()
    data = {
        "categories": ["long_term_unemployed"],
        "exclusions_none": True,
        "plan_reference": "IPZS/SK/1",
        "plan_signed_on": start - timedelta(days=1),
        "start_date": start,
        "planned_end_date": start + timedelta(days=300),
        "commute_limit_km": 20,
        "working_time": "full_time",
    }
    data.update(overrides)
    return data
