"""The founding group's services: group creation, the statutory minimum, members leaving, the model choice,
the business plan's states and figures, the registration steps and the KRS entry."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.cooperatives.models import FoundersKind as ModelFounders
from kooperacja.core.errors import ConflictError
from kooperacja.founding import services
from kooperacja.founding.models import (
    FoundersKind,
    FoundingMember,
    GroupState,
    PlanState,
    RegistrationStep,
    StepKind,
)
from kooperacja.launches.models import LaunchState, OrganisationalForm
from kooperacja.law.selectors import statutory_value
from kooperacja.registry.models import Organisation, OrganisationKind
from tests.factories import OrganisationFactory
from tests.founding import factories

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- the law -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("social_coop_min_founders_natural", date(2017, 6, 1), 5),
        ("social_coop_min_founders_natural", date(2018, 6, 1), 3),
        ("social_coop_min_founders_legal", date(2024, 1, 1), 2),
        ("social_coop_min_members_natural", date(2024, 1, 1), 5),
        ("social_coop_months_to_reach_min_members", date(2024, 1, 1), 12),
    ],
)
def test_it_reads_the_dated_minimum_of_founders(code, day, expected):
    assert statutory_value(code, day) == Decimal(expected)


# --- the group -------------------------------------------------------------------------------------------


def test_it_creates_the_group_from_the_confirmed_applications_once(world):
    launch = factories.launch(world)
    applications = factories.selected_applications(launch)
    group = services.group_create_for_launch(launch=launch, applications=applications)
    again = services.group_create_for_launch(launch=launch, applications=applications)
    assert again.pk == group.pk
    assert group.founders == FoundersKind.NATURAL_PERSONS
    assert [m.entry_code for m in group.members.order_by("id")] == ["K-001", "K-002", "K-003", "K-004", "K-005"]
    assert group.members.first().full_name == "Anna Nowak"
    assert group.plan.state == PlanState.DRAFT


def test_a_group_of_legal_persons_starts_empty_and_takes_organisations_of_the_right_kinds(world):
    group = factories.group(world, form=OrganisationalForm.COOPERATIVE_LEGAL)
    assert group.founders == FoundersKind.LEGAL_PERSONS and group.members.count() == 0
    coordinator = world.user("coordinator")
    gmina = OrganisationFactory(name="Urząd Gminy Grudziądz", kind=OrganisationKind.MUNICIPALITY_OFFICE)
    ngo = OrganisationFactory(name="Fundacja Pomocna Dłoń", kind=OrganisationKind.NGO)
    today = timezone.localdate()
    services.member_add_organisation(
        actor=coordinator, group=group, organisation=gmina, legal_kind="municipality", joined_on=today
    )
    with pytest.raises(ValidationError) as refused:
        services.member_add_organisation(
            actor=coordinator, group=group, organisation=ngo, legal_kind="municipality", joined_on=today
        )
    assert _codes(refused.value) == {"organisation": ["wrong_kind"]}
    with pytest.raises(ValidationError) as twice:
        services.member_add_organisation(
            actor=coordinator, group=group, organisation=gmina, legal_kind="municipality", joined_on=today
        )
    assert "duplicate" in _codes(twice.value)["organisation"]
    services.member_add_organisation(
        actor=coordinator, group=group, organisation=ngo, legal_kind="ngo", joined_on=today
    )
    assert group.members.count() == 2


def test_organisations_are_refused_as_founders_of_a_cooperative_of_natural_persons(world):
    group = factories.group(world)
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    with pytest.raises(ValidationError) as refused:
        services.member_add_organisation(
            actor=world.user("coordinator"),
            group=group,
            organisation=ngo,
            legal_kind="ngo",
            joined_on=timezone.localdate(),
        )
    assert "not_legal_group" in _codes(refused.value)["organisation"]


def test_a_member_leaves_with_a_date_and_a_reason(world):
    group = factories.group(world)
    member = group.members.first()
    coordinator = world.user("coordinator")
    with pytest.raises(ValidationError) as refused:
        services.member_leave(
            actor=coordinator, member=member, left_on=timezone.localdate() + timedelta(days=1), reason=""
        )
    assert _codes(refused.value) == {"left_on": ["future"], "reason": ["required"]}
    services.member_leave(actor=coordinator, member=member, left_on=timezone.localdate(), reason="Podjęła pracę.")
    member.refresh_from_db()
    assert member.left_on == timezone.localdate() and member.leave_reason == "Podjęła pracę."
    assert len(services.active_members(group)) == 4


def test_only_the_launching_organisation_manages_members(world):
    group = factories.group(world)
    for stranger in (world.user("member_b"), factories.advisor(world), world.user("social_worker")):
        with pytest.raises(PermissionDenied):
            services.member_leave(
                actor=stranger, member=group.members.first(), left_on=timezone.localdate(), reason="x"
            )


# --- the model ---------------------------------------------------------------------------------------------


def test_it_records_the_model_with_who_when_and_why(world):
    group = factories.group(world)
    chosen = factories.model(ModelFounders.NATURAL_PERSONS)
    choice = services.model_choose(
        actor=factories.advisor(world), group=group, cooperative_model=chosen, reason="Usługi opiekuńcze."
    )
    group.refresh_from_db()
    assert group.cooperative_model == chosen
    assert choice.chosen_by == factories.advisor(world) and choice.reason == "Usługi opiekuńcze."


def test_a_model_for_the_other_kind_of_founders_is_refused(world):
    group = factories.group(world)
    with pytest.raises(ValidationError) as refused:
        services.model_choose(
            actor=world.user("coordinator"),
            group=group,
            cooperative_model=factories.model(ModelFounders.LEGAL_PERSONS),
            reason="x",
        )
    assert _codes(refused.value) == {"cooperative_model": ["founders_mismatch"]}
    group.refresh_from_db()
    assert group.cooperative_model is None and group.model_choices.count() == 0


def test_a_stale_version_of_the_group_is_refused(world):
    group = factories.group(world)
    with pytest.raises(ConflictError):
        services.model_choose(
            actor=world.user("coordinator"),
            group=group,
            cooperative_model=factories.model(),
            reason="x",
            version=group.version - 1,
        )


# --- the business plan -------------------------------------------------------------------------------------


def test_the_plan_is_saved_with_its_totals_and_walks_its_states(world):
    group = factories.with_model(world)
    plan = factories.final_plan(world, group)
    plan.refresh_from_db()
    assert plan.state == PlanState.FINAL
    assert plan.costs["wages"] == ["60000.00", "62000.00", "64000.00"]
    assert [e.to_state for e in plan.events.order_by("id")] == ["submitted", "commented", "final"]
    from kooperacja.founding.selectors import plan_totals

    totals = plan_totals(plan)
    assert totals.costs_by_year == {1: Decimal("72000.00"), 2: Decimal("74000.00"), 3: Decimal("76000.00")}
    assert totals.result_by_year[3] == Decimal("14000.00")
    assert totals.funding_total == Decimal("105000.00")
    assert totals.labour_fund_limit == Decimal("144000.00")


def test_a_plan_with_negative_amounts_or_too_large_a_grant_is_refused_whole(world):
    group = factories.group(world)
    plan = group.plan
    data = factories.plan_data(
        costs={"wages": ["-1", "0", "0"]},
        staff=[{"position": "", "fte": "0", "monthly_pay": "-5"}],
        funding={"labour_fund": "200000"},
        services=["not-a-service"],
    )
    with pytest.raises(ValidationError) as refused:
        services.plan_update(actor=world.user("coordinator"), plan=plan, data=data, version=plan.version)
    assert set(refused.value.error_dict) == {"costs", "staff", "funding", "services"}
    assert "6 × the average wage" in " ".join(refused.value.message_dict["funding"])
    plan.refresh_from_db()
    assert plan.costs == {} and plan.version == 1


def test_two_people_saving_the_plan_at_once_one_is_refused(world):
    group = factories.group(world)
    plan = group.plan
    coordinator = world.user("coordinator")
    services.plan_update(actor=coordinator, plan=plan, data=factories.plan_data(), version=1)
    with pytest.raises(ConflictError):
        services.plan_update(actor=coordinator, plan=plan, data=factories.plan_data(clients="Inni"), version=1)


def test_only_the_advisor_comments_and_the_plan_is_final_only_with_every_comment_resolved(world):
    group = factories.group(world)
    plan = group.plan
    coordinator, advisor = world.user("coordinator"), factories.advisor(world)
    services.plan_update(actor=coordinator, plan=plan, data=factories.plan_data(), version=plan.version)
    services.plan_submit(actor=coordinator, plan=plan, version=plan.version)
    with pytest.raises(PermissionDenied):
        services.plan_comment_add(actor=coordinator, plan=plan, section="costs", text="x")
    with pytest.raises(PermissionDenied):
        services.plan_comment_add(actor=world.user("owes_advisor"), plan=plan, section="costs", text="x")
    services.plan_comment_add(actor=advisor, plan=plan, section="funding", text="Brak wkładu własnego.")
    services.plan_comments_done(actor=advisor, plan=plan, version=plan.version)
    with pytest.raises(ValidationError, match="not resolved"):
        services.plan_finalise(actor=coordinator, plan=plan, version=plan.version)
    services.plan_comment_resolve(actor=coordinator, comment=plan.comments.get())
    services.plan_finalise(actor=coordinator, plan=plan, version=plan.version)
    assert plan.state == PlanState.FINAL


def test_an_empty_plan_cannot_be_submitted(world):
    plan = factories.group(world).plan
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(actor=world.user("coordinator"), plan=plan, version=plan.version)
    assert set(refused.value.error_dict) == {"services", "clients", "costs"}


# --- registration ---------------------------------------------------------------------------------------------


def test_steps_are_recorded_in_order_with_dates_in_order(world):
    group = factories.with_model(world)
    with pytest.raises(ValidationError) as out_of_order:
        factories.step(world, group, StepKind.MEETING)
    assert _codes(out_of_order.value) == {"kind": ["out_of_order"]}
    factories.step(world, group, StepKind.STATUTE, days_ago=5)
    group.refresh_from_db()
    assert group.state == GroupState.REGISTERING
    with pytest.raises(ValidationError) as before:
        factories.step(world, group, StepKind.MEETING, days_ago=6)
    assert _codes(before.value) == {"done_on": ["before_previous"]}
    with pytest.raises(ValidationError) as future:
        factories.step(world, group, StepKind.MEETING, days_ago=-1)
    assert _codes(future.value) == {"done_on": ["future"]}
    with pytest.raises(ValidationError) as again:
        factories.step(world, group, StepKind.STATUTE, days_ago=1)
    assert _codes(again.value) == {"kind": ["already_recorded"]}
    assert group.steps.count() == 1


def test_the_statute_needs_a_model_and_a_group_as_large_as_the_law_requires(world):
    group = factories.group(world, selected=2)
    with pytest.raises(ValidationError) as refused:
        factories.step(world, group, StepKind.STATUTE)
    assert set(_codes(refused.value)["kind"]) == {"no_model", "group_too_small"}
    assert "at least 3 founders" in " ".join(refused.value.message_dict["kind"])
    assert group.steps.count() == 0


def test_the_founding_meeting_needs_the_minimum_present(world):
    group = factories.with_model(world)
    factories.step(world, group, StepKind.STATUTE, days_ago=5)
    members = services.active_members(group)
    with pytest.raises(ValidationError) as refused:
        factories.step(world, group, StepKind.MEETING, days_ago=4, present=members[:2])
    assert _codes(refused.value) == {"present": ["group_too_small"]}
    factories.step(world, group, StepKind.MEETING, days_ago=4, present=members[:3])
    assert group.steps.get(kind="meeting").present.count() == 3


def test_the_krs_application_needs_a_final_plan_and_a_court(world):
    group = factories.with_model(world)
    factories.step(world, group, StepKind.STATUTE, days_ago=5)
    factories.step(world, group, StepKind.MEETING, days_ago=4)
    with pytest.raises(ValidationError) as refused:
        factories.step(world, group, StepKind.KRS_APPLICATION, days_ago=3, court=" ")
    assert _codes(refused.value) == {"court": ["required"], "kind": ["plan_not_final"]}


def test_the_krs_entry_registers_the_cooperative_and_makes_the_launch_operating(world):
    group = factories.registered(world)
    assert group.state == GroupState.REGISTERED
    organisation = group.organisation
    assert organisation.kind == OrganisationKind.SOCIAL_COOPERATIVE
    assert organisation.krs == "0000999001" and organisation.municipality_id == factories.GRUDZIADZ
    assert "Spółdzielnia Socjalna" in organisation.name
    group.launch.refresh_from_db()
    assert group.launch.state == LaunchState.OPERATING and group.launch.organisation == organisation
    assert [e.to_state for e in group.events.order_by("id")] == ["registering", "registered"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"krs_number": "12345"}, "krs_number"),
        ({"krs_number": "00009990AB"}, "krs_number"),
        ({"name": "Opieka Grudziądz"}, "name"),
    ],
)
def test_a_wrong_krs_entry_leaves_nothing_behind(world, extra, field):
    group = factories.with_model(world)
    factories.final_plan(world, group)
    for days_ago, kind in ((40, StepKind.STATUTE), (30, StepKind.MEETING), (20, StepKind.KRS_APPLICATION)):
        factories.step(world, group, kind, days_ago=days_ago)
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as refused:
        factories.step(world, group, StepKind.KRS_ENTRY, **extra)
    assert field in refused.value.error_dict
    assert Organisation.objects.count() == before
    assert not RegistrationStep.objects.filter(group=group, kind=StepKind.KRS_ENTRY).exists()
    group.refresh_from_db()
    assert group.state == GroupState.REGISTERING and group.organisation is None


def test_a_krs_number_already_in_the_registry_is_refused_with_nothing_written(world):
    OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE, krs="0000999001")
    group = factories.with_model(world)
    factories.final_plan(world, group)
    for days_ago, kind in ((40, StepKind.STATUTE), (30, StepKind.MEETING), (20, StepKind.KRS_APPLICATION)):
        factories.step(world, group, kind, days_ago=days_ago)
    with pytest.raises(ValidationError) as refused:
        factories.step(world, group, StepKind.KRS_ENTRY)
    assert "krs_number" in refused.value.error_dict
    assert not RegistrationStep.objects.filter(group=group, kind=StepKind.KRS_ENTRY).exists()
    group.launch.refresh_from_db()
    assert group.launch.state == LaunchState.FOUNDING


def test_a_second_krs_entry_recorded_at_once_makes_no_second_organisation(world):
    group = factories.registered(world)
    count = Organisation.objects.filter(kind=OrganisationKind.SOCIAL_COOPERATIVE).count()
    stale = type(group).objects.get(pk=group.pk)
    with pytest.raises(ValidationError) as refused:
        factories.step(world, stale, StepKind.KRS_ENTRY, krs_number="0000999002")
    assert _codes(refused.value) == {"kind": ["already_recorded"]}
    assert Organisation.objects.filter(kind=OrganisationKind.SOCIAL_COOPERATIVE).count() == count


def test_strangers_record_no_steps(world):
    group = factories.with_model(world)
    for stranger in (world.user("member_b"), world.user("social_worker"), world.user("owes_advisor")):
        with pytest.raises(PermissionDenied):
            services.step_record(
                actor=stranger,
                group=group,
                data=services.StepInput(kind=StepKind.STATUTE, done_on=timezone.localdate()),
            )


def test_a_young_cooperative_founded_by_three_must_reach_five_members_within_twelve_months(world):
    group = factories.with_model(world)
    coordinator = world.user("coordinator")
    for member in list(group.members.order_by("id"))[:2]:
        services.member_leave(actor=coordinator, member=member, left_on=timezone.localdate(), reason="Rezygnacja.")
    factories.final_plan(world, group)
    for days_ago, kind in (
        (40, StepKind.STATUTE),
        (30, StepKind.MEETING),
        (20, StepKind.KRS_APPLICATION),
        (10, StepKind.KRS_ENTRY),
    ):
        factories.step(world, group, kind, days_ago=days_ago)
    from kooperacja.founding.selectors import size_status

    group.refresh_from_db()
    status = size_status(group)
    assert status.size == 3 and status.minimum == 3
    assert status.members_required == 5
    entry = group.steps.get(kind=StepKind.KRS_ENTRY).done_on
    assert status.members_required_by.year in (entry.year, entry.year + 1)
    assert FoundingMember.objects.filter(group=group, left_on__isnull=True).count() == 3
