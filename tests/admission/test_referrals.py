import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kooperacja.admission import services
from kooperacja.admission.models import AdmissionReferral, AdmissionStatus
from kooperacja.audit.models import PersonalDataAccess
from kooperacja.core.crypto import decrypt
from kooperacja.registry.models import OrganisationKind
from kooperacja.training import services as training
from kooperacja.training.models import Participation
from tests.admission.factories import (
    draft,
    enrolment_data,
    in_force,
    issued,
    referral_data,
    social_worker_of,
)
from tests.factories import JANOW_LUBELSKI, OrganisationFactory
from tests.training.factories import make_pesel

pytestmark = pytest.mark.django_db


def _errors(exc) -> set[str]:
    return set(exc.value.error_dict)


def test_it_stores_the_pesel_encrypted_and_derives_the_kind(world):
    pesel = make_pesel(female=True)
    referral = draft(world, pesel=pesel)
    assert referral.status == AdmissionStatus.DRAFT and referral.kind == "cis"
    assert pesel not in referral.pesel_encrypted and decrypt(referral.pesel_encrypted) == pesel
    assert referral.events.get().to_state == AdmissionStatus.DRAFT


def test_it_refuses_a_person_from_another_municipality_and_every_other_problem_at_once(world):
    with pytest.raises(ValidationError) as exc:
        draft(
            world,
            home_municipality=JANOW_LUBELSKI,
            pesel="12345678901",
            first_name="",
            applicant="ngo",
            consent_given=False,
            applied_on=timezone.localdate() + timedelta(days=1),
            categories=[],
        )
    assert _errors(exc) == {"home_municipality", "pesel", "first_name", "consent_given", "applied_on", "categories"}
    assert AdmissionReferral.objects.count() == 0


def test_it_refuses_a_cis_whose_register_entry_is_not_in_force(world):
    other = OrganisationFactory(
        name="CIS bez wpisu", kind=OrganisationKind.CIS, municipality_id=world.org_a.municipality_id
    )
    with pytest.raises(ValidationError) as exc:
        draft(world, target_organisation=other)
    assert _errors(exc) == {"target_organisation"}


def test_it_issues_only_with_the_opinion_of_a_social_worker(world):
    worker = social_worker_of(world.ops)
    referral = draft(world, actor=worker, opinion="", interview_date=None)
    with pytest.raises(ValidationError) as exc:
        services.referral_issue(
            actor=worker, referral=referral, number="", issued_on=timezone.localdate() + timedelta(days=1)
        )
    assert _errors(exc) == {"number", "issued_on", "opinion", "interview_date"}
    # A coordinator is not a social worker: the opinion is not theirs to record.
    with pytest.raises(ValidationError) as exc:
        services.referral_update(
            actor=world.user("coordinator"),
            referral=referral,
            data=referral_data(world, pesel=""),
            expected_version=referral.version,
        )
    assert _errors(exc) == {"opinion"}
    services.referral_update(actor=worker, referral=referral, data=referral_data(world, pesel=""), expected_version=1)
    referral.refresh_from_db()
    assert referral.social_worker == worker
    services.referral_issue(actor=worker, referral=referral, number="SK/1", issued_on=timezone.localdate())
    assert referral.status == AdmissionStatus.ISSUED and referral.number == "SK/1"


def test_it_refuses_an_interview_after_the_issue(world):
    worker = social_worker_of(world.ops)
    referral = draft(world, actor=worker, interview_date=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        services.referral_issue(
            actor=worker, referral=referral, number="SK/2", issued_on=timezone.localdate() - timedelta(days=1)
        )
    assert _errors(exc) == {"interview_date"}


def test_a_labour_office_refers_only_the_unemployed_of_its_county(world):
    pup = OrganisationFactory(
        name="PUP Grudziądz", kind=OrganisationKind.PUP, municipality_id=world.ops.municipality_id
    )
    worker = social_worker_of(pup)
    with pytest.raises(ValidationError) as exc:
        draft(world, actor=worker, referring_organisation=pup, categories=["alcohol"], opinion="", interview_date=None)
    assert _errors(exc) == {"categories"}
    referral = draft(world, actor=worker, referring_organisation=pup, opinion="", interview_date=None)
    services.referral_issue(actor=worker, referral=referral, number="PUP/1", issued_on=timezone.localdate())
    assert referral.status == AdmissionStatus.ISSUED


def test_only_the_referrer_issues_and_withdraws_and_only_the_cis_decides(world):
    referral = draft(world)
    with pytest.raises(PermissionDenied):
        services.referral_issue(
            actor=world.user("pzs_staff"), referral=referral, number="X/1", issued_on=timezone.localdate()
        )
    referral = issued(world)
    with pytest.raises(PermissionDenied):
        services.referral_refuse(actor=world.user("coordinator"), referral=referral, reason="nie")
    with pytest.raises(PermissionDenied):
        services.referral_withdraw(actor=world.user("pzs_staff"), referral=referral)
    with pytest.raises(ValidationError):
        services.referral_refuse(actor=world.user("pzs_staff"), referral=referral, reason=" ")
    services.referral_refuse(actor=world.user("pzs_staff"), referral=referral, reason="Brak miejsc.")
    assert referral.status == AdmissionStatus.REFUSED and referral.refusal_reason == "Brak miejsc."
    with pytest.raises(ValidationError):
        services.referral_withdraw(actor=world.user("coordinator"), referral=referral)
    other = issued(world)
    services.referral_withdraw(actor=world.user("coordinator"), referral=other, note="Osoba zrezygnowała.")
    assert [e.to_state for e in other.events.order_by("id")] == ["draft", "issued", "withdrawn"]


def test_accepting_enrols_exactly_once_with_the_referral_data(world):
    referral = issued(world)
    participation = services.referral_accept(
        actor=world.user("pzs_staff"), referral=referral, person_data=None, participation_data=enrolment_data()
    )
    referral.refresh_from_db()
    assert referral.status == AdmissionStatus.ACCEPTED and referral.participation == participation
    assert participation.referred_by == world.ops and participation.referral_date == referral.issued_on
    assert participation.organisation == world.org_a
    assert decrypt(participation.person.pesel_encrypted) == decrypt(referral.pesel_encrypted)
    with pytest.raises(ValidationError):
        services.referral_accept(
            actor=world.user("pzs_staff"), referral=referral, person_data=None, participation_data=enrolment_data()
        )
    assert Participation.objects.count() == 1


def test_a_refused_enrolment_leaves_the_referral_issued(world):
    referral = issued(world)
    with pytest.raises(ValidationError):
        services.referral_accept(
            actor=world.user("pzs_staff"),
            referral=referral,
            person_data=None,
            participation_data=enrolment_data(plan_reference=""),
        )
    referral.refresh_from_db()
    assert referral.status == AdmissionStatus.ISSUED and Participation.objects.count() == 0


def test_a_pesel_known_in_the_cis_enrols_the_person_held(world):
    pesel = make_pesel(serial=777)
    first = issued(world, pesel=pesel)
    services.referral_accept(
        actor=world.user("pzs_staff"),
        referral=first,
        person_data=None,
        participation_data=enrolment_data(planned_end_date=timezone.localdate() + timedelta(days=30)),
    )
    participation = Participation.objects.get()
    training.participation_exit(
        actor=world.user("pzs_staff"), participation=participation, reason="withdrew", exit_date=timezone.localdate()
    )
    second = issued(world, pesel=pesel)
    start = timezone.localdate() + timedelta(days=40)
    again = services.referral_accept(
        actor=world.user("pzs_staff"),
        referral=second,
        person_data=None,
        participation_data=enrolment_data(
            start_date=start, plan_signed_on=start, planned_end_date=start + timedelta(days=200)
        ),
    )
    assert again.person_id == participation.person_id


def test_the_referrer_sees_the_progress_only_and_another_ops_nothing(world, client_for):
    referral = issued(world)
    services.referral_accept(
        actor=world.user("pzs_staff"), referral=referral, person_data=None, participation_data=enrolment_data()
    )
    response = client_for("coordinator").get(reverse("admission:sent"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Skierowana" in text and "Planned end" not in text  # the list's own columns
    detail = client_for("coordinator").get(reverse("admission:detail", kwargs={"public_id": referral.public_id}))
    assert "referred" in detail.content.decode() and "Extensions" in detail.content.decode()
    api = client_for("coordinator").get(f"/api/v1/admission/referrals/{referral.public_id}").json()
    assert set(api["progress"]) == {
        "status",
        "start_date",
        "planned_end_date",
        "extensions",
        "exit_date",
        "exit_reason",
        "outcome",
    }
    assert "pesel" not in json.dumps(api).lower() and decrypt(referral.pesel_encrypted) not in json.dumps(api)
    # The OPS user does not reach the participant's pages of training.
    participant = client_for("coordinator").get(
        reverse("training:participant-detail", kwargs={"public_id": referral.participation.public_id})
    )
    assert participant.status_code in (403, 404)
    # Another OPS sees nothing.
    other_ops = OrganisationFactory(name="GOPS Janów", kind=OrganisationKind.OPS, municipality_id=JANOW_LUBELSKI)
    stranger = social_worker_of(other_ops)
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    assert "Skierowana" not in client.get(reverse("admission:sent")).content.decode()
    assert client.get(reverse("admission:detail", kwargs={"public_id": referral.public_id})).status_code == 404
    assert client.get(f"/api/v1/admission/referrals/{referral.public_id}").status_code == 404


def test_the_cis_never_sees_a_draft_and_strangers_get_404(world, client_for):
    referral = draft(world)
    url = reverse("admission:detail", kwargs={"public_id": referral.public_id})
    assert client_for("pzs_staff").get(url).status_code == 404
    assert client_for("member_b").get(url).status_code == 403  # no role for admission pages at all
    assert client_for("coordinator").get(url).status_code == 200
    assert "Skierowana" not in client_for("pzs_staff").get(reverse("admission:incoming")).content.decode()


def test_the_accept_page_enrols_and_logs_the_read(world, client_for):
    referral = issued(world)
    url = reverse("admission:accept", kwargs={"public_id": referral.public_id})
    client = client_for("pzs_staff")
    page = client.get(url)
    assert page.status_code == 200 and "Skierowana" in page.content.decode()
    assert PersonalDataAccess.objects.filter(purpose="enrolment from a referral").exists()
    data = {
        "first_name": "Anna",
        "last_name": "Skierowana",
        "home_municipality": referral.home_municipality_id,
        "categories": ["long_term_unemployed"],
        "exclusions_none": "on",
        "plan_reference": "IPZS/9",
        "plan_signed_on": str(timezone.localdate() - timedelta(days=1)),
        "start_date": str(timezone.localdate()),
        "planned_end_date": str(timezone.localdate() + timedelta(days=200)),
        "commute_limit_km": 10,
        "working_time": "full_time",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    referral.refresh_from_db()
    assert referral.status == AdmissionStatus.ACCEPTED and referral.participation is not None


def test_the_api_creates_a_draft_with_field_errors_and_moves_it(world, client_for):
    client = client_for("social_worker")  # a social worker of the CIS, not of an OPS
    body = {
        "referring_organisation": str(world.ops.public_id),
        "target_organisation": str(in_force(world.org_a).public_id),
        "first_name": "Jan",
        "last_name": "Api",
        "pesel": make_pesel(),
        "home_municipality": world.ops.municipality_id,
        "applied_on": str(timezone.localdate()),
        "applicant": "person",
        "categories": ["alcohol"],
    }
    refused = client.post("/api/v1/admission/referrals", json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"referring_organisation"}
    worker = social_worker_of(world.ops)
    from django.test import Client

    ops_client = Client()
    ops_client.force_login(worker)
    created = ops_client.post("/api/v1/admission/referrals", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    public_id = created.json()["public_id"]
    issue = ops_client.post(
        f"/api/v1/admission/referrals/{public_id}/issue",
        json.dumps({"number": "API/1", "issued_on": str(timezone.localdate())}),
        content_type="application/json",
    )
    assert issue.status_code == 422  # no opinion yet
    assert {e["field"] for e in issue.json()["errors"]} == {"opinion", "interview_date"}
    update = ops_client.put(
        f"/api/v1/admission/referrals/{public_id}",
        json.dumps(
            {**body, "pesel": "", "opinion": "Opinia.", "interview_date": str(timezone.localdate()), "version": 1}
        ),
        content_type="application/json",
    )
    assert update.status_code == 200, update.content
    issue = ops_client.post(
        f"/api/v1/admission/referrals/{public_id}/issue",
        json.dumps({"number": "API/1", "issued_on": str(timezone.localdate())}),
        content_type="application/json",
    )
    assert issue.status_code == 200 and issue.json()["status"] == "issued"
    staff = client_for("pzs_staff")
    listed = staff.get("/api/v1/admission/referrals?direction=received").json()
    assert [row["public_id"] for row in listed["items"]] == [public_id]
    accepted = staff.post(
        f"/api/v1/admission/referrals/{public_id}/accept",
        json.dumps(
            {k: str(v) if hasattr(v, "isoformat") else v for k, v in enrolment_data(categories=["alcohol"]).items()}
        ),
        content_type="application/json",
    )
    assert accepted.status_code == 201, accepted.content
    again = staff.post(
        f"/api/v1/admission/referrals/{public_id}/accept",
        json.dumps(
            {k: str(v) if hasattr(v, "isoformat") else v for k, v in enrolment_data(categories=["alcohol"]).items()}
        ),
        content_type="application/json",
    )
    assert again.status_code == 422


def test_the_pdf_carries_the_title_and_the_opinion(world, client_for, polish):
    referral = issued(world)
    response = client_for("pzs_staff").get(reverse("admission:pdf", kwargs={"public_id": referral.public_id}))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Skierowanie do Centrum Integracji Społecznej" in text
    assert "motywowana do zmiany" in text
    assert decrypt(referral.pesel_encrypted) not in text


def test_the_list_costs_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    for _ in range(3):
        issued(world)
    client = client_for("coordinator")
    client.get(reverse("admission:sent"))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("admission:sent")).status_code == 200
