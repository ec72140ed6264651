import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.training import services
from tests.training.factories import enrol, make_card, make_cohort, make_kis, make_plan_line, make_programme, make_staff

pytestmark = pytest.mark.django_db


def test_it_builds_a_cis_programme_from_the_cis_modules_only(world):
    card = make_card()
    programme = services.programme_create_from_card(
        actor=world.user("pzs_staff"), organisation=world.org_a, card_version=card
    )
    assert programme.variant == "cis"
    assert {m.variant for m in programme.modules.all()} == {"cis"}
    assert programme.modules.count() == 3


def test_it_builds_a_kis_programme_with_a_chosen_subset_of_kis_modules(world):
    card = make_card()
    kis = make_kis()
    staff = make_staff(kis)
    kis_modules = [m for m in card.programme_modules.all() if m.variant == "kis"]
    programme = services.programme_create_from_card(
        actor=staff, organisation=kis, card_version=card, modules=kis_modules[:2], name="Kurs KIS"
    )
    assert programme.variant == "kis" and programme.modules.count() == 2
    cis_module = next(m for m in card.programme_modules.all() if m.variant == "cis")
    with pytest.raises(ValidationError) as caught:
        services.programme_create_from_card(actor=staff, organisation=kis, card_version=card, modules=[cis_module])
    assert "modules" in caught.value.message_dict


def test_it_refuses_programmes_outside_a_cis_or_kis_and_for_outsiders(world):
    with pytest.raises(ValidationError):
        services.programme_create_from_card(
            actor=world.user("admin"), organisation=world.org_b, card_version=make_card()
        )
    with pytest.raises(PermissionDenied):
        services.programme_create_from_card(
            actor=world.user("social_worker"), organisation=world.org_a, card_version=make_card()
        )


def test_it_enforces_the_seats_of_a_cohort(world):
    staff = world.user("pzs_staff")
    cohort = make_cohort(actor=staff, programme=make_programme(actor=staff, organisation=world.org_a), seats=1)
    services.cohort_enrol(actor=staff, cohort=cohort, participation=enrol(actor=staff, organisation=world.org_a))
    with pytest.raises(ValidationError) as caught:
        services.cohort_enrol(actor=staff, cohort=cohort, participation=enrol(actor=staff, organisation=world.org_a))
    assert "full" in caught.value.message_dict["cohort"][0]
    assert cohort.participations.count() == 1
    with pytest.raises(ValidationError):
        services.cohort_update(actor=staff, cohort=cohort, data={"seats": 0})


def test_it_refuses_a_cohort_ending_before_it_starts(world):
    staff = world.user("pzs_staff")
    programme = make_programme(actor=staff, organisation=world.org_a)
    from datetime import date

    with pytest.raises(ValidationError) as caught:
        make_cohort(actor=staff, programme=programme, start=date(2026, 5, 1), end=date(2026, 4, 1))
    assert "end_date" in caught.value.message_dict


def test_it_links_only_plan_lines_of_the_programmes_service(world):
    staff = world.user("pzs_staff")
    card = make_card()
    cohort = make_cohort(actor=staff, programme=make_programme(actor=staff, organisation=world.org_a, card=card))
    line = make_plan_line(service_type=card.service_type, coordinator_org=world.org_a)
    other = make_plan_line(service_type=make_card().service_type, coordinator_org=world.org_a)
    superseded = make_plan_line(service_type=card.service_type, coordinator_org=world.org_a, status="superseded")
    services.cohort_link_plan_lines(actor=staff, cohort=cohort, lines=[line])
    assert list(cohort.plan_lines.all()) == [line]
    for bad in (other, superseded):
        with pytest.raises(ValidationError):
            services.cohort_link_plan_lines(actor=staff, cohort=cohort, lines=[line, bad])
    assert list(cohort.plan_lines.all()) == [line]
