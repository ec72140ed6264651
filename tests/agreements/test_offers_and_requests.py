from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.agreements import selectors, services
from kooperacja.agreements.models import ContactRequest, ProgrammeOffer, ProgrammeOfferStatus, RequestStatus
from kooperacja.core.errors import ConflictError
from kooperacja.notifications.models import Notification
from tests.agreements.factories import draft_offer, offer_data, pending_request, published_offer

pytestmark = pytest.mark.django_db


def test_it_keeps_the_card_version_of_the_day_and_the_area(world):
    offer = draft_offer(world)
    assert offer.status == ProgrammeOfferStatus.DRAFT
    assert offer.card_version == offer.service_type.current_version
    assert sorted(offer.area.values_list("code", flat=True)) == ["0462", "0462011"]
    assert offer.events.get().to_state == ProgrammeOfferStatus.DRAFT


def test_it_refuses_every_bad_value_of_an_offer_at_once(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        draft_offer(
            world,
            organisation=world.ops,
            title="",
            capacity=0,
            capacity_unit="bags",
            area=["9999999"],
            valid_from=today,
            valid_to=today - timedelta(days=1),
            contact_email="",
            modules=[],
            training="",
            delivery="",
        )
    assert set(exc.value.error_dict) == {
        "organisation",
        "title",
        "capacity",
        "capacity_unit",
        "area",
        "valid_to",
        "contact_email",
        "delivery",
    }
    assert ProgrammeOffer.objects.count() == 0


def test_it_accepts_only_the_cards_own_modules(world):
    from kooperacja.catalogue import selectors as catalogue

    other = catalogue.service_type_find(code="uslugi-opiekuncze").current_version.programme_modules.first()
    with pytest.raises(ValidationError) as exc:
        draft_offer(world, modules=[other.pk])
    assert set(exc.value.error_dict) == {"modules"}


def test_only_the_offering_organisation_writes_its_offer(world):
    with pytest.raises(ValidationError) as exc:
        services.offer_create(actor=world.user("member_b"), data=offer_data(world))
    assert "organisation" in exc.value.error_dict
    offer = services.offer_create(actor=world.user("pzs_staff"), data=offer_data(world))
    with pytest.raises(PermissionDenied):
        services.offer_update(
            actor=world.user("member_b"), offer=offer, data=offer_data(world), expected_version=offer.version
        )
    with pytest.raises(PermissionDenied):
        services.offer_publish(actor=world.user("coordinator"), offer=offer)


def test_a_stale_edit_of_an_offer_is_refused_and_saves_nothing(world):
    offer = draft_offer(world)
    services.offer_update(actor=None, offer=offer, data=offer_data(world, title="Nowy"), expected_version=1)
    stale = ProgrammeOffer.objects.get(pk=offer.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        services.offer_update(actor=None, offer=stale, data=offer_data(world, title="Stary"), expected_version=1)
    assert ProgrammeOffer.objects.get(pk=offer.pk).title == "Nowy"


def test_the_offer_moves_draft_published_withdrawn_and_expires_by_itself(world):
    offer = published_offer(world)
    assert offer.status == ProgrammeOfferStatus.PUBLISHED and offer.published_on == timezone.localdate()
    with pytest.raises(ValidationError):  # a second click
        services.offer_publish(actor=None, offer=offer)
    services.offer_withdraw(actor=None, offer=offer)
    with pytest.raises(ValidationError):
        services.offer_publish(actor=None, offer=offer)
    other = published_offer(world)
    assert services.offers_expire(today=other.valid_to) == 0
    assert services.offers_expire(today=other.valid_to + timedelta(days=1)) == 1
    other.refresh_from_db()
    assert other.status == ProgrammeOfferStatus.EXPIRED
    with pytest.raises(ValidationError):
        services.offer_withdraw(actor=None, offer=other)


def test_an_offer_past_its_validity_is_not_published(world):
    offer = draft_offer(world)
    with pytest.raises(ValidationError) as exc:
        services.offer_publish(actor=None, offer=offer, today=offer.valid_to + timedelta(days=1))
    assert "valid_to" in exc.value.error_dict


def test_the_list_filters_by_service_and_territory_and_hides_drafts_of_others(world):
    shown = published_offer(world)
    draft_offer(world, title="Szkic")
    published_offer(world, title="Janów", area=["0605053"])
    stranger = world.user("member_b")
    titles = {o.title for o in selectors.offer_list(user=stranger)}
    assert titles == {shown.title, "Janów"}
    assert {o.title for o in selectors.offer_list(user=stranger, unit="0462011")} == {shown.title}
    assert {o.title for o in selectors.offer_list(user=stranger, unit="0605")} == {"Janów"}
    assert {o.title for o in selectors.offer_list(user=stranger, unit="04")} == {shown.title}
    assert not selectors.offer_list(user=stranger, service="uslugi-opiekuncze").exists()
    own = {o.title for o in selectors.offer_list(user=world.user("pzs_staff"), mine=True)}
    assert own == {shown.title, "Szkic", "Janów"}


def test_a_request_notifies_the_offering_side_once_and_a_double_submit_is_refused(
    world, django_capture_on_commit_callbacks
):
    offer = published_offer(world)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_send(
            actor=world.user("coordinator"),
            offer=offer,
            requester=world.ops,
            data={"interests": "opieka", "message": "Prosimy o kontakt"},
        )
    assert request.status == RequestStatus.PENDING
    assert Notification.objects.filter(recipient=world.user("pzs_staff"), kind="agreements.request").exists()
    with pytest.raises(ValidationError) as exc:
        pending_request(world, offer=offer)
    assert "offer" in exc.value.error_dict
    assert ContactRequest.objects.count() == 1


def test_a_request_needs_a_published_offer_and_an_own_organisation(world):
    offer = draft_offer(world)
    with pytest.raises(ValidationError) as exc:
        services.request_send(
            actor=world.user("coordinator"), offer=offer, requester=world.org_b, data={"interests": "", "message": ""}
        )
    assert set(exc.value.error_dict) == {"offer", "requester", "interests", "message"}
    with pytest.raises(ValidationError) as exc:
        services.request_send(
            actor=None, offer=published_offer(world), requester=world.org_a, data={"interests": "x", "message": "y"}
        )
    assert set(exc.value.error_dict) == {"requester"}  # about its own offer


def test_accepting_starts_a_draft_agreement_once(world, django_capture_on_commit_callbacks):
    request = pending_request(world)
    with pytest.raises(PermissionDenied):
        services.request_accept(actor=world.user("coordinator"), request=request)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = services.request_accept(actor=world.user("pzs_staff"), request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.agreement == agreement
    assert {p.organisation for p in agreement.parties.all()} == {world.org_a, world.ops}
    assert Notification.objects.filter(recipient=world.user("coordinator"), kind="agreements.request-accepted").exists()
    stale = ContactRequest.objects.get(pk=request.pk)
    stale.status = RequestStatus.PENDING
    with pytest.raises(ValidationError):
        services.request_accept(actor=world.user("pzs_staff"), request=stale)
    assert ContactRequest.objects.get(pk=request.pk).agreement == agreement


def test_declining_needs_reasons_and_withdrawing_is_the_requesters(world):
    request = pending_request(world)
    with pytest.raises(ValidationError):
        services.request_decline(actor=world.user("pzs_staff"), request=request, reason=" ")
    with pytest.raises(PermissionDenied):
        services.request_withdraw(actor=world.user("pzs_staff"), request=request)
    services.request_decline(actor=world.user("pzs_staff"), request=request, reason="Brak miejsc")
    assert request.status == RequestStatus.DECLINED and request.answer == "Brak miejsc"
    with pytest.raises(ValidationError):
        services.request_withdraw(actor=world.user("coordinator"), request=request)
    other = pending_request(world)
    services.request_withdraw(actor=world.user("coordinator"), request=other)
    assert other.status == RequestStatus.WITHDRAWN
