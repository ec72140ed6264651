"""The weekly attendance grid and the degree-of-disability page."""

from datetime import date, timedelta

import pytest

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.training.models import Attendance, ParticipationStatus
from tests.training.factories import enrol, make_kis, make_staff

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 10)
URL = "/training/attendance/"


def _active(world, start=date(2025, 3, 3)):
    participation = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=start)
    participation.status = ParticipationStatus.ACTIVE
    participation.save(update_fields=["status"])
    return participation


def _query(world):
    return f"?organisation={world.org_a.pk}&week=2025-03-12"


def _cell(participation, offset):
    day = (MONDAY + timedelta(days=offset)).isoformat()
    return f"k-{participation.pk}-{day}", f"h-{participation.pk}-{day}"


def _fingerprint(page: str) -> str:
    return page.split('name="fingerprint" value="')[1].split('"')[0]


def test_it_shows_the_centres_participants_of_the_week_and_logs_the_names_read(world, client_for):
    shown = _active(world)
    referred = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=date(2025, 3, 3))
    later = _active(world, start=date(2025, 4, 7))
    page = client_for("pzs_staff").get(URL + _query(world)).content.decode()
    assert str(shown.person.last_name) in page and _cell(shown, 0)[0] in page
    assert _cell(referred, 0)[0] not in page and _cell(later, 0)[0] not in page
    assert "10.03.2025" in page or "03/10/2025" in page
    assert PersonalDataAccess.objects.filter(purpose="attendance grid", object_id=str(shown.person.pk)).exists()


def test_it_saves_a_whole_week_in_one_post(world, client_for):
    first, second = _active(world), _active(world)
    client = client_for("pzs_staff")
    page = client.get(URL + _query(world)).content.decode()
    data = {"fingerprint": _fingerprint(page)}
    for offset in range(5):
        kind, hours = _cell(first, offset)
        data[kind], data[hours] = "present", "7"
        kind, hours = _cell(second, offset)
        data[kind], data[hours] = ("sick", "") if offset == 2 else ("", "6,5")
    response = client.post(URL + _query(world), data)
    assert response.status_code == 302
    assert Attendance.objects.filter(participation=first).count() == 5
    assert sorted(Attendance.objects.filter(participation=second).values_list("kind", flat=True)) == [
        "present",
        "present",
        "present",
        "present",
        "sick",
    ]
    page = client.get(URL + _query(world)).content.decode()
    assert 'value="6.5"' in page and "35" in page


def test_it_shows_every_error_of_the_week_and_saves_nothing(world, client_for):
    first, second = _active(world), _active(world)
    client = client_for("pzs_staff")
    data = {}
    for offset in range(5):
        kind, hours = _cell(first, offset)
        data[kind], data[hours] = "present", "9"  # 45 h
    kind, hours = _cell(second, 0)
    data[kind], data[hours] = "day_off", "3"
    kind, hours = _cell(second, 1)
    data[kind], data[hours] = "present", "abc"
    response = client.post(URL + _query(world), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "45 h" in page and "40 h" in page
    assert "Hours are recorded only on days present." in page or "tylko w dniach obecności" in page
    assert page.count('aria-invalid="true"') >= 4
    assert Attendance.objects.count() == 0
    # What was typed is kept for correction.
    assert 'value="abc"' in page


def test_a_social_worker_of_another_centre_sees_none_of_its_participants(world, client_for):
    shown = _active(world)
    kis = make_kis()
    from django.test import Client

    client = Client()
    client.force_login(make_staff(kis))
    page = client.get(URL + f"?organisation={world.org_a.pk}&week=2025-03-12").content.decode()
    assert str(shown.person.last_name) not in page


def test_the_degree_of_disability_is_set_on_its_page_and_limits_the_hours(world, client_for):
    participation = _active(world)
    client = client_for("pzs_staff")
    url = f"/training/participants/{participation.public_id}/disability/"
    assert client.post(url, {"disability_degree": "significant"}).status_code == 302
    participation.refresh_from_db()
    assert participation.disability_degree == "significant"
    kind, hours = _cell(participation, 0)
    page = client.post(URL + _query(world), {kind: "present", hours: "8"}).content.decode()
    assert "7 h" in page and Attendance.objects.count() == 0
    detail = client.get(f"/training/participants/{participation.public_id}/").content.decode()
    assert "significant" in detail or "znaczny" in detail
