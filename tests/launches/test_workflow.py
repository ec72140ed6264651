"""The launch's state machine, partners and the agreement, the call and applications, through the services."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.agreements.models import Agreement
from kooperacja.core.errors import ConflictError
from kooperacja.launches import calls, partners, selectors, services
from kooperacja.launches.models import Application, Launch, LaunchEvent, LaunchState, PartnerState
from kooperacja.notifications.models import Notification
from tests.launches.factories import (
    announced,
    apply_direct,
    commit_cis,
    coordinator,
    direct_data,
    draft,
    launch_data,
    owes,
    partner_of,
    recruiting,
)

pytestmark = pytest.mark.django_db


def test_a_draft_is_created_for_the_owners_municipality_with_its_services_and_budget(world):
    launch = draft(world)
    assert launch.state == LaunchState.DRAFT
    assert launch.municipality_id == world.ops.municipality_id
    assert launch.services.count() == 1 and launch.budget_lines.count() == 1
    assert list(launch.events.values_list("to_state", flat=True)) == ["draft"]


def test_only_a_municipality_office_ops_or_cus_of_ones_own_launches(world):
    with pytest.raises(ValidationError) as error:
        services.launch_create(actor=world.user("coordinator"), data=launch_data(world, owner=world.org_a))
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.launch_create(actor=world.user("coordinator"), data=launch_data(world, services=[], title=""))
    assert {"services", "title"} <= set(error.value.message_dict)
    assert not Launch.objects.exists()


def test_other_form_needs_a_description(world):
    with pytest.raises(ValidationError) as error:
        draft(world, form="other")
    assert "form_description" in error.value.message_dict


def test_a_stale_version_is_refused_and_nothing_is_saved(world):
    launch = draft(world)
    services.launch_update(
        actor=coordinator(world), launch=launch, data=launch_data(world, title="Nowy"), expected_version=1
    )
    stale = Launch.objects.get(pk=launch.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        services.launch_update(
            actor=coordinator(world), launch=stale, data=launch_data(world, title="Inny"), expected_version=1
        )
    assert Launch.objects.get(pk=launch.pk).title == "Nowy"


def test_announcing_invites_the_cis_of_the_county_and_the_owes_of_the_voivodeship_by_notice_and_email(world):
    organisation, advisor = owes()
    advisor.email = "doradca@example.org"
    advisor.save()
    staff = world.user("pzs_staff")
    staff.email = "cis@example.org"
    staff.save()
    mail.outbox.clear()
    with pytest.MonkeyPatch.context():
        launch = draft(world)
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            services.launch_announce(actor=coordinator(world), launch=launch, version=launch.version)
    invited = set(launch.partners.values_list("organisation_id", flat=True))
    assert {world.org_a.pk, organisation.pk} <= invited
    assert world.org_b.pk not in invited  # a cooperative of another voivodeship
    assert Notification.objects.filter(recipient=staff, kind="launches.invitation").exists()
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"doradca@example.org", "cis@example.org"} <= recipients
    message = next(message for message in mail.outbox if message.to == ["cis@example.org"])
    assert launch.title in message.subject
    assert f"/launches/{launch.public_id}/" in message.body and message.body.count("http") >= 1


def test_a_move_from_the_wrong_state_is_refused(world):
    launch = draft(world)
    with pytest.raises(ValidationError):
        services.launch_start_training(actor=coordinator(world), launch=launch, version=launch.version)
    assert Launch.objects.get(pk=launch.pk).state == LaunchState.DRAFT


def test_only_the_owner_moves_the_launch(world):
    launch = draft(world)
    with pytest.raises(PermissionDenied):
        services.launch_announce(actor=world.user("pzs_staff"), launch=launch, version=launch.version)


def test_a_partner_commits_once_and_a_second_answer_is_refused(world):
    launch = announced(world)
    commit_cis(world, launch)
    partner = partner_of(launch, world.org_a)
    assert partner.state == PartnerState.COMMITTED and partner.commitments.count() == 2
    with pytest.raises(ValidationError) as error:
        partners.partner_decline(actor=world.user("pzs_staff"), partner=partner, version=partner.version)
    assert "already answered" in str(error.value)
    assert partner.commitments.count() == 2


def test_a_training_commitment_must_be_a_module_of_the_launched_services(world):
    launch = announced(world)
    partner = partner_of(launch, world.org_a)
    with pytest.raises(ValidationError):
        partners.partner_commit(
            actor=world.user("pzs_staff"),
            partner=partner,
            version=partner.version,
            items=[{"kind": "training", "module": 999999, "due_on": timezone.localdate()}],
        )
    partner.refresh_from_db()
    assert partner.state == PartnerState.INVITED


def test_recruitment_publishes_the_selection_and_drafts_the_agreement_with_one_obligation_per_item(world):
    launch = recruiting(world)
    assert launch.state == LaunchState.RECRUITING
    call = selectors.call_of(launch)
    selection = calls.selection_of(call)
    assert selection.state == "published" and selection.criteria.count() == 2
    agreement = Agreement.objects.get(pk=launch.agreement_id)
    assert set(agreement.parties.values_list("organisation_id", flat=True)) == {world.ops.pk, world.org_a.pk}
    assert agreement.obligations.count() == 2


def test_recruitment_needs_a_call(world):
    launch = announced(world, call=False)
    with pytest.raises(ValidationError):
        services.launch_start_recruiting(actor=coordinator(world), launch=launch, version=launch.version)
    assert Launch.objects.get(pk=launch.pk).state == LaunchState.ANNOUNCED
    assert not LaunchEvent.objects.filter(launch=launch, to_state="recruiting").exists()


def test_an_application_becomes_an_entry_with_an_access_code(world):
    launch = recruiting(world)
    application, code = apply_direct(world, launch)
    assert application.entry_code == "K-001" and len(code) >= 8
    assert application.pesel_encrypted and application.pesel_index
    assert application.consent_recorded_by == coordinator(world)


def test_a_second_application_of_the_same_pesel_is_refused(world):
    launch = recruiting(world)
    data = direct_data()
    calls.application_add_direct(actor=coordinator(world), launch=launch, data=data)
    with pytest.raises(ValidationError) as error:
        calls.application_add_direct(actor=coordinator(world), launch=launch, data={**data, "first_name": "Ania"})
    assert "already applied" in str(error.value)
    assert Application.objects.count() == 1


def test_an_application_after_the_deadline_is_refused(world):
    launch = recruiting(world)
    call = selectors.call_of(launch)
    call.deadline = timezone.now() - timedelta(minutes=1)
    call.opens_at = call.deadline - timedelta(days=3)
    call.save()
    with pytest.raises(ValidationError) as error:
        apply_direct(world, launch)
    assert "deadline" in str(error.value)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"categories": ["under_30"]}, "categories"),
        ({"residence": "0663011"}, "residence"),
        ({"categories": ["other"]}, "other_justification"),
        ({"consent": False}, "consent"),
        ({"pesel": "12345678901"}, "pesel"),
    ],
)
def test_the_eligibility_rules_are_checked_at_submission(world, overrides, field):
    launch = recruiting(world)
    with pytest.raises(ValidationError) as error:
        apply_direct(world, launch, **overrides)
    assert field in error.value.message_dict
    assert not Application.objects.exists()


def test_a_minor_is_refused(world):
    launch = recruiting(world)
    born = timezone.localdate().replace(year=timezone.localdate().year - 17)
    from kooperacja.demo.builders import pesel_for

    with pytest.raises(ValidationError) as error:
        apply_direct(world, launch, birth_date=born, pesel=pesel_for(born, 7))
    assert "birth_date" in error.value.message_dict


def test_cancelling_needs_a_reason_and_cancels_the_selection(world):
    launch = recruiting(world)
    with pytest.raises(ValidationError):
        services.launch_cancel(actor=coordinator(world), launch=launch, version=launch.version, reason="")
    services.launch_cancel(actor=coordinator(world), launch=launch, version=launch.version, reason="Brak środków")
    assert Launch.objects.get(pk=launch.pk).state == LaunchState.CANCELLED
    assert calls.selection_of(selectors.call_of(launch)).state == "cancelled"
