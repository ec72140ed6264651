from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.agreements import agreement_services as services
from kooperacja.agreements.models import Agreement, AgreementStatus, Amendment, ObligationStatus
from kooperacja.core import waiting
from kooperacja.core.errors import ConflictError
from tests.agreements.factories import agreement_in_force, draft_agreement, signed_agreement

pytestmark = pytest.mark.django_db


def _fresh(agreement):
    return Agreement.objects.get(pk=agreement.pk)


def test_each_party_signs_for_itself_and_the_last_signature_agrees_it(world):
    agreement = draft_agreement(world)
    with pytest.raises(PermissionDenied):  # the CIS's staff cannot sign for the OPS
        services.agreement_sign(actor=world.user("pzs_staff"), agreement=agreement, organisation_id=world.ops.pk)
    with pytest.raises(PermissionDenied):  # a social worker does not sign
        services.agreement_sign(actor=world.user("social_worker"), agreement=agreement, organisation_id=world.org_a.pk)
    services.agreement_sign(actor=world.user("pzs_staff"), agreement=agreement, organisation_id=world.org_a.pk)
    assert _fresh(agreement).status == AgreementStatus.DRAFT
    with pytest.raises(ValidationError):  # a double click
        services.agreement_sign(
            actor=world.user("pes_manager"), agreement=_fresh(agreement), organisation_id=world.org_a.pk
        )
    services.agreement_sign(actor=world.user("coordinator"), agreement=_fresh(agreement), organisation_id=world.ops.pk)
    agreed = _fresh(agreement)
    assert agreed.status == AgreementStatus.AGREED and agreed.agreed_on == timezone.localdate()
    assert agreed.events.filter(to_state=AgreementStatus.AGREED, from_state=AgreementStatus.DRAFT).exists()


def test_a_party_signs_only_with_its_signatories_and_an_obligation(world):
    agreement = draft_agreement(world, obligation=False, signatories=False)
    with pytest.raises(ValidationError) as exc:
        services.agreement_sign(actor=world.user("pzs_staff"), agreement=agreement, organisation_id=world.org_a.pk)
    assert set(exc.value.error_dict) == {"party", "obligations"}


def test_changing_the_draft_clears_the_signatures_given(world):
    agreement = draft_agreement(world)
    services.agreement_sign(actor=world.user("pzs_staff"), agreement=agreement, organisation_id=world.org_a.pk)
    agreement = _fresh(agreement)
    data = {
        "subject": "Nowy przedmiot",
        "valid_from": agreement.valid_from,
        "valid_to": agreement.valid_to,
        "review_on": agreement.review_on,
    }
    services.agreement_update(
        actor=world.user("coordinator"), agreement=agreement, data=data, expected_version=agreement.version
    )
    assert not agreement.parties.filter(signed_at__isnull=False).exists()


def test_two_edits_of_one_draft_never_overwrite_silently(world):
    agreement = draft_agreement(world)
    first, second = _fresh(agreement), _fresh(agreement)
    data = {"valid_from": first.valid_from, "valid_to": first.valid_to, "review_on": first.review_on}
    services.agreement_update(
        actor=None, agreement=first, data={**data, "subject": "A"}, expected_version=first.version
    )
    with pytest.raises(ConflictError):
        services.agreement_update(
            actor=None, agreement=second, data={**data, "subject": "B"}, expected_version=second.version
        )
    assert _fresh(agreement).subject == "A"


def test_bad_terms_are_refused_all_at_once(world):
    agreement = draft_agreement(world)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.agreement_update(
            actor=None,
            agreement=agreement,
            data={
                "subject": "",
                "valid_from": today,
                "valid_to": today - timedelta(days=1),
                "review_on": today + timedelta(days=9999),
            },
            expected_version=agreement.version,
        )
    assert set(exc.value.error_dict) == {"subject", "valid_to", "review_on"}


def test_only_a_party_acts_on_the_agreement(world):
    agreement = draft_agreement(world)
    with pytest.raises(PermissionDenied):
        services.obligation_add(
            actor=world.user("member_b"),
            agreement=agreement,
            data={"party": agreement.parties.first().pk, "description": "x", "due_on": timezone.localdate()},
            expected_version=agreement.version,
        )
    with pytest.raises(PermissionDenied):
        services.agreement_terminate(actor=world.user("member_b"), agreement=agreement, reason="x")


def test_a_user_names_the_signatories_of_their_own_party_only(world):
    agreement = draft_agreement(world, signatories=False)
    ops_party = agreement.parties.get(organisation=world.ops)
    with pytest.raises(ValidationError) as exc:
        services.signatory_add(
            actor=world.user("pzs_staff"),
            agreement=agreement,
            data={"party": ops_party.pk, "name": "Jan", "function": "dyrektor"},
            expected_version=agreement.version,
        )
    assert set(exc.value.error_dict) == {"party"}


def test_the_agreement_goes_in_force_ends_or_is_terminated(world):
    agreement = signed_agreement(world, start=5)
    with pytest.raises(ValidationError):  # valid from a later day
        services.agreement_enforce(actor=world.user("coordinator"), agreement=agreement)
    agreement = signed_agreement(world)
    services.agreement_enforce(actor=world.user("coordinator"), agreement=agreement)
    assert agreement.status == AgreementStatus.IN_FORCE
    with pytest.raises(ValidationError):  # a second click
        services.agreement_enforce(actor=world.user("coordinator"), agreement=_fresh(agreement))
    with pytest.raises(ValidationError):  # still valid: terminate instead
        services.agreement_end(actor=world.user("coordinator"), agreement=agreement)
    assert services.agreements_lapse(today=agreement.valid_to) == 0
    assert services.agreements_lapse(today=agreement.valid_to + timedelta(days=1)) == 1
    assert _fresh(agreement).status == AgreementStatus.ENDED
    other = agreement_in_force(world)
    with pytest.raises(ValidationError):
        services.agreement_terminate(actor=world.user("pzs_staff"), agreement=other, reason="")
    services.agreement_terminate(actor=world.user("pzs_staff"), agreement=other, reason="Zmiana przepisów")
    assert _fresh(other).status == AgreementStatus.TERMINATED
    with pytest.raises(ValidationError):
        services.agreement_terminate(actor=world.user("pzs_staff"), agreement=_fresh(other), reason="znowu")


def test_a_draft_is_not_put_in_force_and_an_ended_one_does_not_change(world):
    draft = draft_agreement(world)
    with pytest.raises(ValidationError):
        services.agreement_enforce(actor=world.user("coordinator"), agreement=draft)
    ended = agreement_in_force(world)
    services.agreement_terminate(actor=None, agreement=ended, reason="koniec")
    with pytest.raises(ValidationError):
        services.obligation_add(
            actor=None,
            agreement=_fresh(ended),
            data={"party": ended.parties.first().pk, "description": "x", "due_on": timezone.localdate()},
            expected_version=_fresh(ended).version,
        )


def test_changes_after_agreement_are_numbered_amendments(world):
    agreement = agreement_in_force(world)
    new_end = agreement.valid_to + timedelta(days=30)
    services.agreement_amend(
        actor=world.user("coordinator"),
        agreement=agreement,
        data={"summary": "Przedłużenie", "valid_to": new_end},
        expected_version=agreement.version,
    )
    services.obligation_add(
        actor=world.user("pzs_staff"),
        agreement=agreement,
        data={"party": agreement.parties.first().pk, "description": "Nowe", "due_on": timezone.localdate()},
        expected_version=agreement.version,
    )
    assert list(Amendment.objects.filter(agreement=agreement).values_list("number", flat=True)) == [1, 2]
    assert _fresh(agreement).valid_to == new_end
    with pytest.raises(ValidationError):  # a draft is edited, not amended
        draft = draft_agreement(world)
        services.agreement_amend(actor=None, agreement=draft, data={"summary": "x"}, expected_version=draft.version)


def test_an_obligation_is_marked_done_once_with_who_and_when(world):
    agreement = agreement_in_force(world)
    obligation = agreement.obligations.get()
    obligation.agreement = agreement
    services.obligation_done(actor=world.user("coordinator"), obligation=obligation, note="zrobione")
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.DONE and obligation.done_by == world.user("coordinator")
    assert obligation.done_at is not None
    with pytest.raises(ValidationError):
        services.obligation_done(actor=world.user("pzs_staff"), obligation=obligation)
    with pytest.raises(ValidationError):
        services.obligation_cancel(actor=world.user("pzs_staff"), obligation=obligation, reason="x")


def test_a_draft_obligation_is_not_marked_done(world):
    agreement = draft_agreement(world)
    obligation = agreement.obligations.get()
    with pytest.raises(ValidationError):
        services.obligation_done(actor=None, obligation=obligation)


def test_due_and_overdue_obligations_and_reviews_wait_on_the_parties_home_pages(world):
    agreement = agreement_in_force(world)
    today = timezone.localdate()
    services.obligation_add(
        actor=None,
        agreement=agreement,
        data={"party": agreement.parties.last().pk, "description": "Zaległe", "due_on": today - timedelta(days=3)},
        expected_version=agreement.version,
    )
    services.obligation_add(
        actor=None,
        agreement=agreement,
        data={"party": agreement.parties.last().pk, "description": "Daleko", "due_on": today + timedelta(days=40)},
        expected_version=agreement.version,
    )
    services.agreement_amend(
        actor=None,
        agreement=agreement,
        data={"summary": "Przegląd", "review_on": today + timedelta(days=10)},
        expected_version=agreement.version,
    )
    for persona in ("coordinator", "pzs_staff"):
        found = {entry.kind.code: entry for entry in waiting.waiting_for(world.user(persona))}
        obligations = found["agreements.obligations"]
        assert obligations.count == 2
        assert [item.overdue for item in obligations.items] == [True, False]
        assert found["agreements.reviews"].count == 1
    stranger = {entry.kind.code for entry in waiting.waiting_for(world.user("member_b"))}
    assert "agreements.obligations" not in stranger
