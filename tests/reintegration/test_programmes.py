"""The individual programme (IPZS / social contract): prepared as a draft, signed with goals and actions, changed
only with a recorded change, ended by completion or by a termination decision that can be contested; its
documents as PDF; other institutions see nothing."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kooperacja.core.errors import ConflictError
from kooperacja.reintegration import services
from kooperacja.reintegration.models import IndividualProgramme, ProgrammeChange, ProgrammeStatus
from kooperacja.training import services as training
from kooperacja.training.models import ParticipationStatus
from tests.training.factories import enrol

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _active(world, **overrides):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=TODAY - timedelta(days=60), **overrides)
    training.participation_start_trial(actor=staff, participation=participation)
    training.participation_activate(actor=staff, participation=participation)
    return staff, participation


def _signed(world):
    staff, participation = _active(world)
    programme = services.programme_start(actor=staff, participation=participation, agreed_with="MOPS Grudziądz")
    goal = services.goal_add(actor=staff, programme=programme, area="vocational", description="Praca opiekunki")
    action = services.action_add(
        actor=staff,
        programme=programme,
        goal=goal,
        description="Kurs opiekunki środowiskowej",
        responsible="instruktor CIS",
        due_on=TODAY + timedelta(days=30),
    )
    programme = services.programme_sign(actor=staff, programme=programme, signed_on=TODAY - timedelta(days=50))
    return staff, participation, programme, goal, action


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


def test_a_programme_is_signed_only_with_goals_each_with_an_action(world):
    staff, participation = _active(world)
    programme = services.programme_start(actor=staff, participation=participation)
    with pytest.raises(ValidationError, match="at least one goal"):
        services.programme_sign(actor=staff, programme=programme, signed_on=TODAY)
    goal = services.goal_add(actor=staff, programme=programme, area="social", description="Budżet domowy")
    with pytest.raises(ValidationError, match="Every goal needs at least one action"):
        services.programme_sign(actor=staff, programme=programme, signed_on=TODAY)
    services.action_add(
        actor=staff, programme=programme, goal=goal, description="Warsztaty", responsible="CIS", due_on=TODAY
    )
    with pytest.raises(ValidationError) as future:
        services.programme_sign(actor=staff, programme=programme, signed_on=TODAY + timedelta(days=1))
    assert "future" in future.value.message_dict["signed_on"][0]
    signed = services.programme_sign(actor=staff, programme=programme, signed_on=TODAY)
    assert signed.status == ProgrammeStatus.IN_FORCE and signed.signed_on == TODAY
    assert list(signed.events.values_list("to_state", "actor")) == [(ProgrammeStatus.IN_FORCE, staff.pk)]


def test_a_programme_in_force_changes_only_with_a_recorded_change(world):
    staff, _participation, programme, goal, _action = _signed(world)
    with pytest.raises(ValidationError) as refused:
        services.goal_add(actor=staff, programme=programme, area="social", description="Mieszkanie")
    assert set(refused.value.message_dict) == {"change", "requested_by"}
    assert programme.goals.count() == 1  # nothing saved
    services.goal_add(
        actor=staff,
        programme=programme,
        area="social",
        description="Mieszkanie",
        change="Uczestnik prosi o wsparcie w sprawie mieszkania.",
        requested_by="participant",
    )
    change = ProgrammeChange.objects.get(programme=programme)
    assert (change.requested_by, change.recorded_by) == ("participant", staff)
    assert programme.goals.count() == 2


def test_an_action_is_marked_done_once_and_not_before_signing(world):
    staff, _participation, programme, _goal, action = _signed(world)
    with pytest.raises(ValidationError, match="before the programme was signed"):
        services.action_mark_done(actor=staff, programme=programme, action=action, done_on=TODAY - timedelta(days=55))
    services.action_mark_done(actor=staff, programme=programme, action=action, done_on=TODAY)
    with pytest.raises(ConflictError):
        services.action_mark_done(actor=staff, programme=programme, action=action, done_on=TODAY)


def test_completing_the_programme_ends_the_stay_and_gives_a_certificate(world, client_for, polish):
    staff, participation, programme, _goal, _action = _signed(world)
    services.programme_complete(actor=staff, programme=programme, ended_on=TODAY, reason="employment")
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.COMPLETED
    assert (participation.exit_reason, participation.exit_date) == ("employment", TODAY)
    text = _pdf_text(
        client_for("pzs_staff").get(reverse("reintegration:certificate-pdf", args=[participation.public_id]))
    )
    assert "Zaświadczenie o uczestnictwie" in text
    assert participation.person.last_name in text and participation.plan_reference in text


def test_termination_for_a_breach_is_a_decision_with_reasons_that_can_be_contested(world, client_for, polish):
    staff, participation, programme, _goal, _action = _signed(world)
    with pytest.raises(ValidationError) as refused:
        services.programme_terminate(actor=staff, programme=programme, ended_on=TODAY, reason="breach")
    assert set(refused.value.message_dict) == {"decision_number", "decision_reasons"}
    programme.refresh_from_db()
    participation.refresh_from_db()
    assert programme.status == ProgrammeStatus.IN_FORCE and participation.status == ParticipationStatus.ACTIVE
    ended = services.programme_terminate(
        actor=staff,
        programme=programme,
        ended_on=TODAY,
        reason="breach",
        decision_number="CIS/D/7/2026",
        decision_reasons="Uporczywe naruszanie regulaminu mimo dwóch upomnień.",
        delivered_on=TODAY,
    )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.TERMINATED and participation.exit_reason == "breach"
    text = _pdf_text(client_for("pzs_staff").get(reverse("reintegration:decision-pdf", args=[participation.public_id])))
    assert "CIS/D/7/2026" in text and "sądu administracyjnego" in text and "30 dni" in text
    with pytest.raises(ValidationError, match="przed wydaniem decyzji"):
        services.programme_record_complaint(
            actor=staff, programme=ended, lodged_on=TODAY - timedelta(days=1), note="", version=ended.version
        )
    contested = services.programme_record_complaint(
        actor=staff, programme=ended, lodged_on=TODAY, note="Skarga do WSA w Bydgoszczy", version=ended.version
    )
    assert contested.complaint_lodged_on == TODAY
    with pytest.raises(ConflictError):  # an edit made on the version before the complaint
        services.programme_record_complaint(
            actor=staff, programme=ended, lodged_on=TODAY, note="inna", version=ended.version
        )


def test_a_withdrawal_needs_no_decision_and_a_finished_stay_decides_the_reason(world):
    staff, participation, programme, _goal, _action = _signed(world)
    ended = services.programme_terminate(actor=staff, programme=programme, ended_on=TODAY, reason="withdrew")
    assert ended.decision_number == "" and ended.status == ProgrammeStatus.TERMINATED
    _staff, other = _active(world)
    training.participation_exit(actor=staff, participation=other, reason="abandoned", exit_date=TODAY)
    other.refresh_from_db()
    late = services.programme_start(actor=staff, participation=other)
    goal = services.goal_add(actor=staff, programme=late, area="social", description="Cel")
    services.action_add(actor=staff, programme=late, goal=goal, description="Krok", responsible="CIS", due_on=TODAY)
    late = services.programme_sign(actor=staff, programme=late, signed_on=TODAY - timedelta(days=40))
    with pytest.raises(ValidationError) as refused:
        services.programme_complete(actor=staff, programme=late, ended_on=TODAY, reason="employment")
    assert "same reason" in refused.value.message_dict["reason"][0]


def test_only_the_staff_of_the_participants_centre_change_the_programme(world):
    staff, participation, programme, goal, _action = _signed(world)
    for outsider in (world.user("coordinator"), world.user("member_b"), world.user("pes_manager")):
        with pytest.raises(PermissionDenied):
            services.goal_add(
                actor=outsider, programme=programme, area="social", description="x", change="y", requested_by="centre"
            )
        with pytest.raises(PermissionDenied):
            services.programme_complete(actor=outsider, programme=programme, ended_on=TODAY, reason="employment")
    assert programme.goals.count() == 1


def test_the_page_walks_a_programme_from_draft_to_signed(world, client_for, polish):
    _staff, participation = _active(world)
    client = client_for("pzs_staff")
    url = reverse("reintegration:programme", args=[participation.public_id])
    page = client.get(url)
    assert page.status_code == 200 and "Rozpocznij program" in page.content.decode()
    assert client.post(reverse("reintegration:programme-start", args=[participation.public_id]), {}).status_code == 302
    bad = client.post(reverse("reintegration:goal-add", args=[participation.public_id]), {"goal-area": "vocational"})
    assert bad.status_code == 422 and "To pole jest wymagane" in bad.content.decode()
    client.post(
        reverse("reintegration:goal-add", args=[participation.public_id]),
        {"goal-area": "vocational", "goal-description": "Praca w usługach opiekuńczych"},
    )
    goal = IndividualProgramme.objects.get(participation=participation).goals.get()
    client.post(
        reverse("reintegration:action-add", args=[participation.public_id]),
        {
            "action-goal": goal.pk,
            "action-description": "Kurs",
            "action-responsible": "instruktor",
            "action-due_on": TODAY.isoformat(),
        },
    )
    signed = client.post(
        reverse("reintegration:programme-sign", args=[participation.public_id]), {"sign-signed_on": TODAY.isoformat()}
    )
    assert signed.status_code == 302
    page = client.get(url).content.decode()
    assert "obowiązuje" in page and "Praca w usługach opiekuńczych" in page
    pdf = _pdf_text(client.get(reverse("reintegration:programme-pdf", args=[participation.public_id])))
    assert "Indywidualny program zatrudnienia socjalnego" in pdf and "Praca w usługach opiekuńczych" in pdf
    detail = client.get(reverse("training:participant-detail", args=[participation.public_id])).content.decode()
    assert url in detail  # the participant page links to the programme


def test_another_institution_gets_404_and_its_read_is_not_logged(world, client_for):
    _staff, participation, _programme, _goal, _action = _signed(world)
    for persona in ("member_b", "coordinator"):
        for name in ("programme", "programme-pdf"):
            response = client_for(persona).get(reverse(f"reintegration:{name}", args=[participation.public_id]))
            assert response.status_code in (403, 404), (persona, name)


def test_ending_the_programme_records_the_stays_outcome_in_the_same_transaction(world, client_for):
    _staff, participation, _programme, _goal, _action = _signed(world)
    client = client_for("pzs_staff")
    url = reverse("reintegration:programme-end", args=[participation.public_id])
    body = {
        "end-outcome": "complete",
        "end-ended_on": TODAY.isoformat(),
        "end-completion_reason": "cooperative",
        "end-outcome_kind": "employment",
        "end-outcome_started_on": TODAY.isoformat(),
        "end-outcome_organisation_name": "Firma",
    }
    refused = client.post(url, body)
    assert refused.status_code == 422 and "joined or founded a social cooperative" in refused.content.decode()
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.ACTIVE
    assert IndividualProgramme.objects.get(participation=participation).status == ProgrammeStatus.IN_FORCE

    assert client.post(url, {**body, "end-outcome_kind": "cooperative_joined"}).status_code == 302
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.COMPLETED
    assert participation.outcome.kind == "cooperative_joined" and participation.outcome.follow_ups.count() == 2
