"""A rule of the database that a service did not check first never reaches the user as raw text: the web answers
with a page saying nothing was saved, the API with 409 in its error shape, a form with an error on top."""

import json

import pytest
from django import forms
from django.db import transaction
from django.urls import reverse

from kooperacja.accounts.models import Membership
from kooperacja.core.forms import StyledForm
from kooperacja.staffing import services as staffing_services
from tests.staffing.factories import in_days, make_card, provider_with_manager

pytestmark = pytest.mark.django_db


def _repeat_a_membership(**_kwargs):
    """A write that breaks a unique constraint, as a service that did not check first would."""
    membership = Membership.objects.first()
    with transaction.atomic():
        Membership.objects.create(user=membership.user, organisation=membership.organisation, role=membership.role)


@pytest.fixture
def provider(world):
    return provider_with_manager(world.user("member_b"))


def test_the_web_answers_a_broken_database_rule_with_a_page_in_polish(world, client_for, provider, monkeypatch, polish):
    monkeypatch.setattr(staffing_services, "need_create", _repeat_a_membership)
    card = make_card()
    response = client_for("member_b").post(
        reverse("staffing:need-create"),
        {
            "provider": provider.pk,
            "card_version": card.pk,
            "position": "Opiekunka",
            "headcount": "2",
            "working_time": "full_time",
            "start_date": in_days(30).isoformat(),
            "municipality": "0462011",
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Niczego nie zapisano" in body
    assert "UNIQUE" not in body.upper() and "membership_unique_role" not in body


def test_the_api_answers_a_broken_database_rule_with_409(world, client_for, provider, monkeypatch):
    monkeypatch.setattr(staffing_services, "need_create", _repeat_a_membership)
    card = make_card()
    payload = {
        "provider": str(provider.public_id),
        "service_type": card.service_type.code,
        "position": "Opiekunka",
        "headcount": 2,
        "working_time": "full_time",
        "start_date": in_days(30).isoformat(),
        "municipality": "0462011",
    }
    response = client_for("member_b").post(
        "/api/v1/staffing/needs", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict" and "Nothing was saved" in body["detail"]
    assert "membership_unique_role" not in response.content.decode()


def test_a_form_shows_a_broken_database_rule_on_top(world):
    class Form(StyledForm):
        name = forms.CharField()

    form = Form({"name": "x"})
    assert form.is_valid()
    assert form.saved_by(_repeat_a_membership) is False
    assert "Nothing was saved" in form.non_field_errors()[0]
