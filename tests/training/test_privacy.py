import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from kooperacja.accounts.roles import Role
from kooperacja.audit.models import PersonalDataAccess
from kooperacja.core.crypto import decrypt
from kooperacja.placement.selectors import candidate_profile_for_provider
from kooperacja.training import services
from kooperacja.training.models import Person
from kooperacja.training.selectors import participation_list_for_staff
from tests.training.factories import enrol, make_kis, make_referral, make_staff

pytestmark = pytest.mark.django_db


def _reads(person):
    return PersonalDataAccess.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    )


def test_it_lists_participants_only_to_the_members_of_their_cis_or_kis(world):
    staff = world.user("pzs_staff")
    mine = enrol(actor=staff, organisation=world.org_a)
    kis = make_kis()
    kis_staff = make_staff(kis)
    theirs = enrol(actor=kis_staff, organisation=kis)
    assert list(participation_list_for_staff(user=staff)) == [mine]
    assert list(participation_list_for_staff(user=world.user("social_worker"))) == [mine]
    assert list(participation_list_for_staff(user=kis_staff)) == [theirs]
    assert list(participation_list_for_staff(user=world.user("pes_manager"))) == []
    assert list(participation_list_for_staff(user=world.user("coordinator"))) == []


def test_it_answers_404_to_another_institutions_member(world, client_for):
    kis = make_kis()
    participation = enrol(actor=make_staff(kis), organisation=kis)
    for persona in ("pzs_staff", "social_worker"):
        response = client_for(persona).get(f"/training/participants/{participation.public_id}/")
        assert response.status_code == 404, persona
    # Providers never open a CIS's participant pages (their candidates' profiles are in placement).
    for persona in ("pes_manager", "member_b"):
        assert client_for(persona).get(f"/training/participants/{participation.public_id}/").status_code == 403


def test_it_refuses_the_participants_page_to_a_read_only_member(world, client_for):
    assert client_for("analyst").get("/training/participants/").status_code == 403
    assert client_for("pes_manager").get("/training/participants/").status_code == 403


def test_it_shows_a_provider_nothing_without_consent_and_only_hiring_fields_with_consent_and_referral(
    world, client_for
):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a)
    provider = world.org_b
    manager = world.user("member_b")
    url = f"/placement/candidates/{participation.public_id}/"
    # Neither consent nor referral; then referral without consent: not found.
    assert client_for("member_b").get(url).status_code == 404
    make_referral(participation=participation, provider=provider)
    assert client_for("member_b").get(url).status_code == 404
    with pytest.raises(Http404):
        candidate_profile_for_provider(user=manager, public_id=participation.public_id)
    # Consent and referral: hiring fields only, and the read is logged.
    services.consent_record(actor=staff, participation=participation)
    response = client_for("member_b").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    person = participation.person
    assert person.last_name in body and person.phone in body
    assert not _shows_pesel_end(body, decrypt(person.pesel_encrypted), phone=person.phone)
    assert participation.plan_reference not in body
    assert person.birth_date.isoformat() not in body
    read = _reads(person).get(actor=manager)
    assert set(read.fields) == {*Person.HIRING_FIELDS, "qualifications", "courses"}
    # A manager of a provider without a referral still sees nothing.
    other_manager = make_staff(make_kis("Inny KIS"), role=Role.PES_MANAGER)
    with pytest.raises(Http404):
        candidate_profile_for_provider(user=other_manager, public_id=participation.public_id)


def _shows_pesel_end(page: str, pesel: str, *, phone: str) -> bool:
    """Whether the page's visible text shows the PESEL's last three digits as a number of their own (as a masked
    "*******816" would); digits inside links and ids (an organisation's id in a URL) are not shown text."""
    text = re.sub(r"<[^>]+>", " ", page).replace(phone, "")
    return re.search(rf"(?<!\d){pesel[-3:]}(?!\d)", text) is not None


def test_it_shows_the_staff_no_digit_of_the_pesel_and_logs_the_read(world, client_for):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a)
    pesel = decrypt(participation.person.pesel_encrypted)
    detail = client_for("pzs_staff").get(f"/training/participants/{participation.public_id}/").content.decode()
    assert pesel not in detail and not _shows_pesel_end(detail, pesel, phone=participation.person.phone)
    listing = client_for("pzs_staff").get("/training/participants/").content.decode()
    assert pesel not in listing and not _shows_pesel_end(listing, pesel, phone=participation.person.phone)
    assert _reads(participation.person).filter(actor=staff, purpose="participant page").exists()
    assert _reads(participation.person).filter(actor=staff, purpose="participants list").exists()


def test_it_finds_by_exact_pesel_only_in_the_users_own_organisations(world, client_for):
    staff = world.user("pzs_staff")
    mine = enrol(actor=staff, organisation=world.org_a)
    kis = make_kis()
    elsewhere = enrol(actor=make_staff(kis), organisation=kis)
    my_pesel = decrypt(mine.person.pesel_encrypted)
    other_pesel = decrypt(elsewhere.person.pesel_encrypted)
    found = client_for("pzs_staff").get("/training/participants/find/", {"pesel": my_pesel}).content.decode()
    assert mine.person.last_name in found and str(mine.public_id) in found
    hidden = client_for("pzs_staff").get("/training/participants/find/", {"pesel": other_pesel}).content.decode()
    assert str(elsewhere.public_id) not in hidden and "No participant of your organisations" in hidden
    invalid = client_for("pzs_staff").get("/training/participants/find/", {"pesel": "12345678901"}).content.decode()
    assert "Invalid PESEL" in invalid


def test_it_logs_the_name_shown_on_the_attendance_form(world, client_for):
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a)
    page = client_for("pzs_staff").get(f"/training/participants/{participation.public_id}/attendance/")
    assert page.status_code == 200 and participation.person.last_name in page.content.decode()
    read = _reads(participation.person).get(actor=staff, purpose="attendance form")
    assert read.fields == ["first_name", "last_name"]
