"""The monthly programme of classes: the forms of work of a CIS or a KIS, the weekly limit of a CIS participant's
hours spread over the month, and the norm of participants per instructor, with its assumption shown."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kooperacja.accounts.roles import Role
from kooperacja.reintegration import selectors, services
from kooperacja.reintegration.models import PlannedClass
from kooperacja.training import services as training
from tests.factories import MembershipFactory
from tests.training.factories import enrol, make_kis

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)


def _active(world, **overrides):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=TODAY - timedelta(days=40), **overrides)
    training.participation_start_trial(actor=staff, participation=participation)
    training.participation_activate(actor=staff, participation=participation)
    return staff, participation


def _add(staff, participation, **overrides):
    values = {
        "month": MONTH,
        "kind": "vocational_workshop",
        "description": "Warsztat opiekuńczy",
        "instructor": None,
        "hours": Decimal(40),
        "place": "",
    }
    return services.planned_class_add(actor=staff, participation=participation, **{**values, **overrides})


def test_a_cis_month_stays_within_the_weekly_limit_spread_over_its_working_days(world):
    staff, participation = _active(world)
    working_days = services._working_days(MONTH)
    allowed = Decimal(40) * working_days / 5
    _add(staff, participation, hours=allowed - 10)
    with pytest.raises(ValidationError) as refused:
        _add(staff, participation, kind="therapy", hours=Decimal(11))
    assert "40 hours a week" in refused.value.message_dict["hours"][0]
    assert PlannedClass.objects.filter(participation=participation).count() == 1  # nothing saved
    _add(staff, participation, kind="therapy", hours=Decimal(10))


def test_a_kis_has_its_own_forms_of_work_and_no_weekly_cap(world):
    staff = world.user("pzs_staff")
    kis = make_kis()
    MembershipFactory(user=staff, organisation=kis, role=Role.PZS_STAFF)
    participation = enrol(actor=staff, organisation=kis, start=TODAY - timedelta(days=40), plan_reference="KS/1")
    training.participation_activate(actor=staff, participation=participation)
    with pytest.raises(ValidationError) as refused:
        _add(staff, participation, kind="vocational_workshop")
    assert "does not run classes of this kind" in refused.value.message_dict["kind"][0]
    _add(staff, participation, kind="socially_useful_work", hours=Decimal(200))
    _add(staff, participation, kind="self_help_group", hours=Decimal(20))  # no statutory weekly hours in a KIS


def test_an_instructor_takes_no_more_participants_than_the_norm_and_the_message_says_what_is_assumed(world):
    staff = world.user("pzs_staff")
    instructor = services.instructor_create(
        actor=staff, organisation=world.org_a, name="Anna Terapeutka", specialty="psycholog"
    )
    participations = [_active(world)[1] for _ in range(11)]
    for participation in participations[:10]:
        _add(staff, participation, kind="therapy", hours=Decimal(8), instructor=instructor)
    _add(staff, participations[0], kind="counselling", hours=Decimal(2), instructor=instructor)  # same person again
    with pytest.raises(ValidationError) as refused:
        _add(staff, participations[10], kind="therapy", hours=Decimal(8), instructor=instructor)
    message = refused.value.message_dict["instructor"][0]
    assert "already has 10 participants" in message and "the limit is 10" in message and "Assumed:" in message
    load = {row.name: (row.participants, row.hours) for row in selectors.instructor_load(user=staff, month=MONTH)}
    assert load["Anna Terapeutka"] == (10, Decimal(82))
    next_month = (MONTH + timedelta(days=32)).replace(day=1)
    _add(staff, participations[10], month=next_month, kind="therapy", hours=Decimal(8), instructor=instructor)


def test_classes_are_planned_within_the_stay_by_its_centre_and_a_past_month_is_kept(world):
    staff, participation = _active(world)
    with pytest.raises(ValidationError) as refused:
        _add(staff, participation, month=date(2001, 1, 1), description="", hours=Decimal(0))
    assert set(refused.value.message_dict) == {"month", "description", "hours"}  # every error at once
    with pytest.raises(PermissionDenied):
        _add(world.user("member_b"), participation)
    past = PlannedClass.objects.create(
        participation=participation,
        month=(MONTH - timedelta(days=1)).replace(day=1),
        kind="therapy",
        description="Terapia",
        hours=Decimal(4),
    )
    with pytest.raises(ValidationError, match="past month"):
        services.planned_class_remove(actor=staff, planned_class=past)


def test_the_pages_plan_a_month_and_print_it(world, client_for, polish):
    staff, participation = _active(world)
    client = client_for("pzs_staff")
    url = reverse("reintegration:classes", args=[participation.public_id]) + f"?month={MONTH:%Y-%m}"
    bad = client.post(url, {"classes-kind": "therapy", "classes-description": "", "classes-hours": "x"})
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "To pole jest wymagane" in page and "Podaj liczbę" in page
    done = client.post(
        url, {"classes-kind": "therapy", "classes-description": "Terapia grupowa", "classes-hours": "12,5"}
    )
    assert done.status_code == 302
    assert PlannedClass.objects.get(participation=participation).hours == Decimal("12.5")
    pdf = client.get(reverse("reintegration:classes-pdf", args=[participation.public_id]) + f"?month={MONTH:%Y-%m}")
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "Program zajęć" in text and "Terapia grupowa" in text and "12,5" in text
    instructors = client.post(
        reverse("reintegration:instructors"),
        {"instructor-organisation": world.org_a.pk, "instructor-name": "Jan Instruktor", "instructor-specialty": ""},
    )
    assert instructors.status_code == 422
    assert client.get(reverse("reintegration:instructors")).status_code == 200
