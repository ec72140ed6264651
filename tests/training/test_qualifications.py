"""A completed CIS/KIS course of a card, recorded apart from vocational qualifications held with evidence."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kooperacja.training import services
from kooperacja.training.figures import plan_line_progress
from kooperacja.training.models import CourseCompletion, QualificationGained
from tests.training.factories import (
    enrol,
    make_card,
    make_cohort,
    make_kis,
    make_plan_line,
    make_programme,
    make_staff,
)

convert = importlib.import_module("kooperacja.training.migrations.0018_course_results_to_course_completions").convert


def _in_course(world, *, card=None):
    staff = world.user("pzs_staff")
    programme = make_programme(actor=staff, organisation=world.org_a, card=card)
    cohort = make_cohort(actor=staff, programme=programme)
    participation = enrol(actor=staff, organisation=world.org_a)
    services.cohort_enrol(actor=staff, cohort=cohort, participation=participation)
    return staff, programme, participation


def _complete(staff, participation, modules):
    for module in modules:
        services.module_complete(actor=staff, participation=participation, module=module, completed_on=date(2025, 5, 1))


def test_it_refuses_a_course_completion_naming_the_missing_modules(world):
    staff, programme, participation = _in_course(world)
    modules = list(programme.modules.order_by("order"))
    _complete(staff, participation, modules[:1])
    with pytest.raises(ValidationError) as caught:
        services.course_completion_record(
            actor=staff, participation=participation, programme=programme, completed_on=date(2025, 5, 2)
        )
    message = " ".join(caught.value.message_dict["programme"])
    assert "Missing: Moduł CIS 2; Moduł CIS 3." in message
    assert not CourseCompletion.objects.exists()

    _complete(staff, participation, modules[1:])
    completion = services.course_completion_record(
        actor=staff, participation=participation, programme=programme, completed_on=date(2025, 5, 2)
    )
    assert (completion.card_version_id, completion.variant, completion.recorded_by) == (
        programme.card_version_id,
        "cis",
        staff,
    )
    with pytest.raises(ValidationError):  # once per stay, card and variant
        services.course_completion_record(
            actor=staff, participation=participation, programme=programme, completed_on=date(2025, 5, 2)
        )


def test_it_refuses_a_course_of_a_programme_the_participant_is_not_in(world):
    staff, _programme, participation = _in_course(world)
    other = make_programme(actor=staff, organisation=world.org_a)
    with pytest.raises(ValidationError) as caught:
        services.course_completion_record(
            actor=staff, participation=participation, programme=other, completed_on=date(2025, 5, 2)
        )
    assert "programme" in caught.value.message_dict


def test_it_requires_the_evidence_of_a_qualification_all_at_once(world):
    make_card(qualifications=("TST-Q1",))
    participation = enrol(actor=world.user("pzs_staff"), organisation=world.org_a)
    with pytest.raises(ValidationError) as caught:
        services.qualification_gain(
            actor=world.user("pzs_staff"),
            participation=participation,
            code="TST-Q1",
            issued_on=date(2025, 5, 1),
            certificate_number=" ",
            issuer="",
            evidence="rumour",
        )
    assert set(caught.value.message_dict) == {"certificate_number", "issuer", "evidence"}
    assert not QualificationGained.objects.exists()
    gained = services.qualification_gain(
        actor=world.user("pzs_staff"),
        participation=participation,
        code="TST-Q1",
        issued_on=date(2025, 5, 1),
        certificate_number="OKE/2025/1",
        issuer="Okręgowa Komisja Egzaminacyjna",
        evidence="diploma",
    )
    assert (gained.evidence, gained.issuer, gained.certificate_number) == (
        "diploma",
        "Okręgowa Komisja Egzaminacyjna",
        "OKE/2025/1",
    )


def test_the_participant_page_records_a_course_and_shows_both_sections(world, client_for, polish):
    staff, programme, participation = _in_course(world)
    client = client_for("pzs_staff")
    url = reverse("training:participant-course", args=[participation.public_id])
    response = client.post(url, {"programme": programme.pk, "completed_on": "2025-05-02"}, follow=True)
    assert "Brakuje: Moduł CIS 1; Moduł CIS 2; Moduł CIS 3." in response.content.decode()
    assert not CourseCompletion.objects.exists()

    _complete(staff, participation, programme.modules.all())
    response = client.post(url, {"programme": programme.pk, "completed_on": "2025-05-02"}, follow=True)
    page = response.content.decode()
    assert CourseCompletion.objects.filter(participation=participation).count() == 1
    assert "Ukończone kursy" in page and "Kwalifikacje (z dokumentem)" in page
    assert programme.card_version.name in page

    qualification_url = reverse("training:participant-qualification", args=[participation.public_id])
    response = client.post(
        qualification_url, {"code": "TST-OP", "evidence": "certificate", "issued_on": "2025-05-01"}, follow=True
    )
    page = response.content.decode()
    assert "Numer dokumentu" in page and "Wystawca" in page  # both missing fields named in one message
    assert not QualificationGained.objects.exists()

    other = Client()
    other.force_login(make_staff(make_kis(name="KIS Inny")))
    assert other.post(url, {}).status_code == 404  # another institution's participant: as if missing
    assert client_for("analyst").post(url, {}).status_code == 403


def test_the_api_records_a_course_and_a_qualification(world, client_for):
    staff, programme, participation = _in_course(world)
    client = client_for("pzs_staff")
    base = f"/api/v1/training/participants/{participation.public_id}"
    body = {"programme": str(programme.public_id), "completed_on": "2025-05-02"}
    refused = client.post(f"{base}/courses", body, content_type="application/json")
    assert refused.status_code == 422
    assert "Moduł CIS 1" in refused.json()["errors"][0]["message"]
    _complete(staff, participation, programme.modules.all())
    created = client.post(f"{base}/courses", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["variant"] == "cis" and created.json()["card_name"] == programme.card_version.name

    missing = client.post(
        f"{base}/qualifications",
        {"code": "TST-OP", "certificate_number": "", "issuer": "", "issued_on": "2025-05-01"},
        content_type="application/json",
    )
    assert missing.status_code == 422
    assert {error["field"] for error in missing.json()["errors"]} >= {"certificate_number", "issuer"}
    created = client.post(
        f"{base}/qualifications",
        {"code": "TST-OP", "certificate_number": "Z/1", "issuer": "PCK", "issued_on": "2025-05-01"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["issuer"] == "PCK"
    detail = client.get(base).json()
    assert [c["variant"] for c in detail["courses"]] == ["cis"]
    assert [q["code"] for q in detail["qualifications"]] == ["TST-OP"]


def test_the_migration_turns_course_results_into_course_completions(world):
    card = make_card(
        qualifications=(("TST-C", "Kurs", True, "course_or_evidence"), ("TST-E", "Dyplom", True, "evidence"))
    )
    _staff, programme, participation = _in_course(world, card=card)
    person = participation.person
    for code in ("TST-C", "TST-E"):
        QualificationGained.objects.create(
            person=person, participation=participation, code=code, name=code, issued_on=date(2025, 5, 1)
        )
    with_number = QualificationGained.objects.create(
        person=person, participation=None, code="TST-OP", name="x", certificate_number="C/1", issued_on=date(2025, 5, 1)
    )

    convert(apps, None)

    completion = CourseCompletion.objects.get()
    assert (completion.participation, completion.card_version_id, completion.variant, completion.completed_on) == (
        participation,
        programme.card_version_id,
        "cis",
        date(2025, 5, 1),
    )
    kept = {q.code: q for q in QualificationGained.objects.all()}
    assert set(kept) == {"TST-E", "TST-OP"}  # evidence-only code and a row with a number stay
    assert kept["TST-E"].issuer == "" and kept["TST-OP"].pk == with_number.pk


def test_the_ready_figure_counts_completed_courses_that_meet_the_code_once_per_person(
    world, django_assert_max_num_queries
):
    card = make_card(qualifications=(("TST-C", "Kurs", True, "course_or_evidence"), ("TST-E", "Dyp", True, "evidence")))
    course_line = make_plan_line(
        service_type=card.service_type, qualification_code="TST-C", territory="0462", coordinator_org=world.org_a
    )
    evidence_line = make_plan_line(
        service_type=card.service_type, qualification_code="TST-E", territory="0462", coordinator_org=world.org_a
    )
    for with_evidence in (False, True):
        staff, programme, participation = _in_course(world, card=card)
        _complete(staff, participation, programme.modules.all())
        services.course_completion_record(
            actor=staff, participation=participation, programme=programme, completed_on=date(2025, 5, 2)
        )
        if with_evidence:  # counted once, not once for the course and once for the diploma
            services.qualification_gain(
                actor=staff,
                participation=participation,
                code="TST-C",
                issued_on=date(2025, 5, 1),
                certificate_number="D/1",
                issuer="OKE",
            )
        services.participation_activate(actor=staff, participation=participation)
        services.participation_confirm_ready(actor=staff, participation=participation)
    with django_assert_max_num_queries(3):
        progress = plan_line_progress(lines=[course_line, evidence_line])
    assert progress[course_line.pk]["ready"] == 2
    assert progress[evidence_line.pk]["ready"] == 0  # a course never meets an evidence-only code
