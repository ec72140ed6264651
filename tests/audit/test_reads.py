"""Every read of personal data is logged by the selector that returns it for display, so no page can forget it.

The table below calls each selector decorated with ``audit.reads.shows_personal_data`` the way a page does and
checks that the people it returned are logged with its purpose and fields; a new such selector without a line
here fails the suite.
"""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType

from kooperacja.admission import selectors as admission
from kooperacja.audit.models import PersonalDataAccess
from kooperacja.audit.reads import SHOWING_SELECTORS
from kooperacja.benefits import selectors as benefits
from kooperacja.core.crypto import decrypt
from kooperacja.placement import selectors as placement
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import ContactPerson
from kooperacja.reintegration import selectors as reintegration
from kooperacja.training import attendance_selectors, outcome_selectors
from kooperacja.training import selectors as training
from tests.placement import factories as placement_factories
from tests.training.factories import enrol, make_cohort, make_programme, make_referral

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "kooperacja"


def _participation(world):
    return enrol(actor=world.user("pzs_staff"), organisation=world.org_a)


def _referred(world):
    """A consenting participant of org A referred (sent) to a need of org B, whose manager is member_b."""
    participation = _participation(world)
    participation.consent_to_share = True
    participation.save(update_fields=["consent_to_share"])
    return make_referral(participation=participation, provider=world.org_b)


def _done_run(world):
    participation = placement_factories.participant(organisation=world.org_a, codes=("OPK",))
    card = placement_factories.card(codes=("OPK",))
    need = placement_factories.need(provider=world.org_b, card_version=card, codes=("OPK",))
    run = placement_factories.done_run(territory="0462")
    placement_factories.proposal(run=run, participation=participation, need_row=need)
    return run, participation


def _founding_members(world):
    from kooperacja.founding import selectors as founding
    from tests.founding import factories as founding_factories

    group = founding_factories.group(world)
    user = world.user("coordinator")
    shown = founding.members_shown(user=user, group=group)
    return user, shown, list(shown)


def _contacts(world):
    contact = ContactPerson.objects.create(organisation=world.org_a, full_name="Ewa Kontakt", is_public=True)
    shown = list(registry.contact_list(user=world.user("pzs_staff"), organisation=world.org_a))
    return world.user("pzs_staff"), shown, [contact]


def _contact_form(world):
    contact = ContactPerson.objects.create(organisation=world.org_a, full_name="Ewa Kontakt")
    user = world.user("pzs_staff")
    registry.contact_get_for_edit_form(user=user, public_id=world.org_a.public_id, contact_id=contact.pk)
    return user, None, [contact]


def _members(world):
    user = world.user("pzs_staff")
    memberships = registry.members_shown(user=user, organisation=world.org_a)
    return user, memberships, list({m.user_id: m.user for m in memberships}.values())


def _cohort(world):
    staff = world.user("pzs_staff")
    participation = _participation(world)
    cohort = make_cohort(actor=staff, programme=make_programme(actor=staff, organisation=world.org_a))
    cohort.participations.add(participation)
    training.cohort_participants_for(user=staff, cohort=cohort)
    return staff, None, [participation.person]


def _by_pesel(world):
    participation = _participation(world)
    pesel = decrypt(participation.person.pesel_encrypted)
    training.participation_find_by_pesel_for_staff(user=world.user("pzs_staff"), pesel=pesel)
    return world.user("pzs_staff"), None, [participation.person]


def _list(world):
    participation = _participation(world)
    shown = training.participations_shown_to_staff(user=world.user("pzs_staff"))
    assert not PersonalDataAccess.objects.exists()  # nothing is logged before a page is taken
    list(shown[0:25])
    return world.user("pzs_staff"), None, [participation.person]


def _outcome_follow_ups(world):
    from kooperacja.training import services as training_services

    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=date(2025, 3, 3))
    training_services.participation_start_trial(actor=staff, participation=participation)
    training_services.participation_activate(actor=staff, participation=participation)
    training_services.participation_exit(
        actor=staff,
        participation=participation,
        reason="period_expired",
        exit_date=date(2025, 8, 29),
        outcome=training_services.OutcomeInput(kind="education", started_on=date(2025, 9, 1)),
    )
    shown = outcome_selectors.outcome_follow_ups_shown(user=staff)
    assert not PersonalDataAccess.objects.exists()  # nothing is logged before a page is taken
    list(shown[0:25])
    return staff, None, [participation.person]


def _attendance_grid(world):
    participation = _participation(world)
    participation.status = "active"
    participation.save(update_fields=["status"])
    shown = attendance_selectors.participations_for_attendance_grid(
        user=world.user("pzs_staff"), organisation_id=world.org_a.pk, monday=participation.start_date
    )
    assert not PersonalDataAccess.objects.exists()  # nothing is logged before a page is taken
    assert list(shown[0:40]) == [participation]
    return world.user("pzs_staff"), None, [participation.person]


def _benefit_lines(world):
    from tests.benefits.factories import computed_march

    month = computed_march(world)
    PersonalDataAccess.objects.all().delete()
    lines = benefits.benefit_lines_shown(user=world.user("pzs_staff"), benefit_month=month)
    return world.user("pzs_staff"), None, [lines[0].participation.person]


def _report_records(world):
    from kooperacja.reporting import figures
    from kooperacja.reporting import selectors as reporting
    from tests.reporting.factories import YEAR, active, prepared

    participation = active(
        world, start=date(YEAR, 2, 3), categories=["homeless"], reference="IPZS/3/2025", last_name="Raportowa"
    )
    report = prepared(world)
    PersonalDataAccess.objects.all().delete()
    shown = reporting.figure_records_shown(
        user=world.user("pzs_staff"), report=report, figure=figures.BY_KEY["participants.category.homeless"]
    )
    assert not PersonalDataAccess.objects.exists()  # nothing is logged before a page is taken
    assert list(shown[0:50]) == [participation]
    return world.user("pzs_staff"), None, [participation.person]


def _export(world):
    participation = _participation(world)
    training.participations_for_export(user=world.user("pzs_staff"))
    return world.user("pzs_staff"), None, [participation.person]


def _one_participation(selector):
    def scenario(world):
        participation = _participation(world)
        getattr(training, selector)(user=world.user("pzs_staff"), public_id=participation.public_id)
        return world.user("pzs_staff"), None, [participation.person]

    return scenario


def _programme(world):
    participation = _participation(world)
    reintegration.participation_get_for_programme(user=world.user("social_worker"), public_id=participation.public_id)
    return world.user("social_worker"), None, [participation.person]


def _held(world):
    participation = _participation(world)
    pesel = decrypt(participation.person.pesel_encrypted)
    training.person_held_shown(user=world.user("pzs_staff"), organisation=world.org_a, pesel=pesel)
    return world.user("pzs_staff"), None, [participation.person]


def _profile(world):
    referral = _referred(world)
    placement.candidate_profile_for_provider(user=world.user("member_b"), public_id=referral.participation.public_id)
    return world.user("member_b"), None, [referral.participation.person]


def _candidates(world):
    referral = _referred(world)
    list(placement.provider_candidates(user=world.user("member_b")))
    return world.user("member_b"), None, [referral.participation.person]


def _referrals(world):
    referral = _referred(world)
    list(placement.referrals_shown(user=world.user("pzs_staff")))
    return world.user("pzs_staff"), None, [referral.participation.person]


def _referral(world):
    referral = _referred(world)
    placement.referral_get_for_page(user=world.user("pzs_staff"), public_id=referral.public_id)
    return world.user("pzs_staff"), None, [referral.participation.person]


def _run_rows(selector):
    def scenario(world):
        run, participation = _done_run(world)
        rows = list(getattr(placement, selector)(user=world.user("coordinator"), run=run))
        assert rows, selector
        return world.user("coordinator"), None, [participation.person]

    return scenario


def _unmatched_rows(selector):
    def scenario(world):
        from kooperacja.placement.models import Unmatched

        participation = placement_factories.participant(organisation=world.org_a)
        run = placement_factories.done_run(territory="0462")
        Unmatched.objects.create(run=run, participation=participation, reason="no_opening", explanation={})
        list(getattr(placement, selector)(user=world.user("coordinator"), run=run))
        return world.user("coordinator"), None, [participation.person]

    return scenario


def _admission_referral(selector, *, persona: str, draft: bool = False):
    def scenario(world):
        from tests.admission import factories

        referral = factories.draft(world) if draft else factories.issued(world)
        user = world.user(persona)
        result = getattr(admission, selector)(user=user, public_id=referral.public_id)
        assert result == referral
        return user, None, [referral]

    return scenario


def _admission_list(selector, *, persona: str):
    def scenario(world):
        from tests.admission import factories

        referral = factories.issued(world)
        user = world.user(persona)
        shown = getattr(admission, selector)(user=user)
        assert not PersonalDataAccess.objects.exists()  # nothing is logged before a page is taken
        list(shown[0:25])
        return user, None, [referral]

    return scenario


def _launch_applications(world):
    from kooperacja.launches import selectors as launches
    from tests.launches.factories import apply_direct, recruiting

    launch = recruiting(world)
    application, _code = apply_direct(world, launch)
    shown = launches.applications_shown(user=world.user("coordinator"), launch=launch)
    assert not PersonalDataAccess.objects.exists()  # nothing is logged before a page is taken
    list(shown[0:25])
    return world.user("coordinator"), None, [application]


def _launch_application(world):
    from kooperacja.launches import selectors as launches
    from tests.launches.factories import apply_direct, recruiting

    launch = recruiting(world)
    application, _code = apply_direct(world, launch)
    PersonalDataAccess.objects.all().delete()
    assert (
        launches.application_get_for_view(user=world.user("coordinator"), public_id=application.public_id)
        == application
    )
    return world.user("coordinator"), None, [application]


def _launch_candidates(world):
    participation = _participation(world)
    shown = training.participations_for_candidacy(user=world.user("pzs_staff"), organisation_id=world.org_a.pk)
    assert not PersonalDataAccess.objects.exists()
    assert list(shown[0:200]) == [participation]
    return world.user("pzs_staff"), None, [participation.person]


def _selection_entries(world):
    from kooperacja.selection import hosts
    from kooperacja.selection import selectors as selection
    from tests.selection import factories
    from tests.selection.hosts import make_host

    hosts.register(make_host("test"))
    try:
        draft = factories.draft(world)
        entries = [entry for entry, _code in factories.with_entries(draft, 2)]
        user = world.user("pzs_staff")  # manages the selection: the test host shows them the names
        selection.entry_labels(entries, user)
    finally:
        hosts.unregister("test")
    return user, None, entries


SCENARIOS = {
    "kooperacja.training.selectors.participations_for_candidacy": _launch_candidates,
    "kooperacja.launches.selectors.applications_shown": _launch_applications,
    "kooperacja.launches.selectors.application_get_for_view": _launch_application,
    "kooperacja.admission.selectors.referrals_sent": _admission_list("referrals_sent", persona="coordinator"),
    "kooperacja.admission.selectors.referrals_received": _admission_list("referrals_received", persona="pzs_staff"),
    "kooperacja.admission.selectors.referral_get_for_page": _admission_referral(
        "referral_get_for_page", persona="coordinator"
    ),
    "kooperacja.admission.selectors.referral_get_for_document": _admission_referral(
        "referral_get_for_document", persona="pzs_staff"
    ),
    "kooperacja.admission.selectors.referral_get_for_edit": _admission_referral(
        "referral_get_for_edit", persona="coordinator", draft=True
    ),
    "kooperacja.admission.selectors.referral_get_for_enrolment": _admission_referral(
        "referral_get_for_enrolment", persona="pzs_staff"
    ),
    "kooperacja.registry.selectors.contact_list": _contacts,
    "kooperacja.registry.selectors.contact_get_for_edit_form": _contact_form,
    "kooperacja.registry.selectors.members_shown": _members,
    "kooperacja.training.selectors.cohort_participants_for": _cohort,
    "kooperacja.training.selectors.participation_find_by_pesel_for_staff": _by_pesel,
    "kooperacja.training.selectors.participations_shown_to_staff": _list,
    "kooperacja.training.selectors.participations_for_export": _export,
    "kooperacja.training.attendance_selectors.participations_for_attendance_grid": _attendance_grid,
    "kooperacja.benefits.selectors.benefit_lines_shown": _benefit_lines,
    "kooperacja.reporting.selectors.figure_records_shown": _report_records,
    "kooperacja.training.selectors.participation_get_for_page": _one_participation("participation_get_for_page"),
    "kooperacja.training.selectors.participation_get_for_person_correction": _one_participation(
        "participation_get_for_person_correction"
    ),
    "kooperacja.training.selectors.participation_get_for_attendance": _one_participation(
        "participation_get_for_attendance"
    ),
    "kooperacja.training.selectors.person_held_shown": _held,
    "kooperacja.founding.selectors.members_shown": _founding_members,
    "kooperacja.training.selectors.participation_get_for_eligibility": _one_participation(
        "participation_get_for_eligibility"
    ),
    "kooperacja.training.selectors.participation_get_for_extension": _one_participation(
        "participation_get_for_extension"
    ),
    "kooperacja.training.selectors.participation_get_for_outcome": _one_participation("participation_get_for_outcome"),
    "kooperacja.training.outcome_selectors.outcome_follow_ups_shown": _outcome_follow_ups,
    "kooperacja.reintegration.selectors.participation_get_for_programme": _programme,
    "kooperacja.placement.selectors.candidate_profile_for_provider": _profile,
    "kooperacja.placement.selectors.provider_candidates": _candidates,
    "kooperacja.placement.selectors.referrals_shown": _referrals,
    "kooperacja.placement.selectors.referral_get_for_page": _referral,
    "kooperacja.placement.selectors.run_proposals_shown": _run_rows("run_proposals_shown"),
    "kooperacja.placement.selectors.run_result_proposals_shown": _run_rows("run_result_proposals_shown"),
    "kooperacja.placement.selectors.run_unmatched_shown": _unmatched_rows("run_unmatched_shown"),
    "kooperacja.placement.selectors.run_result_unmatched_shown": _unmatched_rows("run_result_unmatched_shown"),
    "kooperacja.selection.selectors.entry_names_shown": _selection_entries,
}


def test_it_knows_a_scenario_for_every_selector_that_shows_personal_data():
    assert sorted(set(SHOWING_SELECTORS) - set(SCENARIOS)) == [], "add the selector to SCENARIOS"
    assert sorted(set(SCENARIOS) - set(SHOWING_SELECTORS)) == []


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_selector_that_shows_personal_data_logs_the_read(world, name):
    meta = SHOWING_SELECTORS[name]
    PersonalDataAccess.objects.all().delete()  # what the setup's own reads logged
    user, _shown, records = SCENARIOS[name](world)
    assert records
    for record in records:
        read = PersonalDataAccess.objects.filter(
            actor=user,
            purpose=meta.purpose,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
        ).get()
        assert read.fields == list(meta.fields) and read.channel == "web"


def test_it_logs_the_channel_the_caller_names(world):
    participation = _participation(world)
    training.participation_get_for_page(user=world.user("pzs_staff"), public_id=participation.public_id, channel="api")
    assert PersonalDataAccess.objects.get(purpose="participant page").channel == "api"


def test_no_page_or_endpoint_logs_reads_itself():
    """Only ``audit`` writes read logs: anything else calls a selector that shows the data."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "audit" in path.relative_to(SRC).parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name | ast.Attribute) and getattr(node, "id", getattr(node, "attr", "")) == (
                "personal_data_read_log"
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
