import pytest
from django.contrib.auth import get_user_model

from kooperacja.accounts.models import Membership
from kooperacja.accounts.roles import Role
from kooperacja.admission.models import AdmissionReferral, AdmissionStatus
from kooperacja.demo.loader import DEMO_PASSWORD, demo_load
from kooperacja.demo.readiness import STRUCK_OFF_KIS
from kooperacja.placement.models import MatchingRun, Referral, ReferralStatus, RunStatus
from kooperacja.registry.models import Organisation, OrganisationKind, RegisterTerm, SocialEnterpriseStatus, Workshop
from kooperacja.staffing.labour import LabourLaw
from kooperacja.staffing.models import NeedStatus, PlanStatus, StaffingNeed, StaffingPlan
from kooperacja.training.models import ExitOutcome, OutcomeFollowUp, Participation, ParticipationStatus

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Organisation.objects.values_list("name", "nip", "version")),
        Membership.objects.count(),
        get_user_model().objects.count(),
        RegisterTerm.objects.count(),
        SocialEnterpriseStatus.objects.count(),
        Workshop.objects.count(),
        sorted(StaffingNeed.objects.values_list("position", "status", "filled_count")),
        sorted(Participation.objects.values_list("plan_reference", "status")),
        MatchingRun.objects.count(),
        sorted(Referral.objects.values_list("status", flat=True)),
        sorted(AdmissionReferral.objects.values_list("number", "status")),
    )


def test_it_loads_the_demo_region_with_every_kind_role_and_state_idempotently():
    demo_load()
    first = _snapshot()

    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    counties = set(Organisation.objects.values_list("municipality__parent_id", flat=True))
    assert {"0462", "0406", "0605"} <= counties
    assert get_user_model().objects.get(username="koordynator").check_password(DEMO_PASSWORD)
    # (readiness' demo adds a KIS struck off the register, to show it cannot be confirmed ready)
    registered = Organisation.objects.filter(kind__in=["cis", "kis"]).exclude(name=STRUCK_OFF_KIS)
    assert registered.count() == 4 and all(o.is_in_force() for o in registered)
    # Register entries precede the first activity; one CIS has two terms (granted, then extended).
    first_start = min(Participation.objects.values_list("start_date", flat=True))
    assert all(term.term_start < first_start for term in RegisterTerm.objects.all())
    assert RegisterTerm.objects.filter(status="extended", previous__status="granted").count() == 1
    cooperative = Organisation.objects.get(kind=OrganisationKind.SOCIAL_COOPERATIVE, name__contains="Leśny Krąg")
    assert cooperative.is_social_enterprise()

    assert set(StaffingNeed.objects.values_list("status", flat=True)) == set(NeedStatus.values)
    labour = LabourLaw()
    for need in StaffingNeed.objects.all():  # every offer at least the minimum wage on its start
        assert need.pay_min >= labour.pay_floor(hours=need.hours_per_week, on_date=need.start_date)
    assert set(Participation.objects.values_list("status", flat=True)) == set(ParticipationStatus.values)
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert set(StaffingPlan.objects.values_list("status", flat=True)) == {PlanStatus.SUPERSEDED, PlanStatus.DRAFT}
    assert set(MatchingRun.objects.values_list("status", flat=True)) == {RunStatus.DONE}
    hired = Referral.objects.get(status=ReferralStatus.HIRED, need__provider__name__contains="Dobra Opieka")
    assert hired.follow_ups.filter(months_after=3, still_employed=True).exists()
    # Exited people with outcomes of several kinds, some follow-ups recorded and some still due.
    kinds = set(ExitOutcome.objects.values_list("kind", flat=True))
    assert {"supported_employment", "employment", "cooperative_founded", "self_employment"} <= kinds
    assert OutcomeFollowUp.objects.filter(still_there=True).exists()
    assert OutcomeFollowUp.objects.filter(still_there__isnull=True).exists()

    # Every participant came with an accepted referral of the OPS (in Janów Lubelski the CUS that replaced it) of
    # their home municipality.
    for participation in Participation.objects.select_related("person", "referred_by"):
        referral = AdmissionReferral.objects.get(participation=participation)
        assert referral.status == AdmissionStatus.ACCEPTED
        assert participation.referred_by == referral.referring_organisation
        assert participation.referred_by.kind in (OrganisationKind.OPS, OrganisationKind.CUS)
        assert participation.referred_by.municipality_id == participation.person.home_municipality_id
    waiting = AdmissionReferral.objects.filter(participation__isnull=True)
    assert sorted(waiting.values_list("status", flat=True)) == ["draft", "draft", "issued", "issued"]
    assert get_user_model().objects.get(username="pracownik.socjalny.janow").check_password(DEMO_PASSWORD)

    demo_load()
    assert _snapshot() == first
