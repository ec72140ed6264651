"""The audit log names fields and purposes in the reader's language, not by their code names."""

import pytest
from django.urls import reverse

from kooperacja.audit.labels import PURPOSE_LABELS
from kooperacja.audit.reads import SHOWING_SELECTORS
from kooperacja.audit.services import personal_data_read_log

pytestmark = pytest.mark.django_db


def test_every_purpose_a_selector_declares_has_a_label():
    import kooperacja.urls  # noqa: F401 - every app's selectors registered

    declared = {selector.purpose for selector in SHOWING_SELECTORS.values()}
    assert declared and declared <= set(PURPOSE_LABELS)


def test_it_shows_fields_and_purposes_in_polish(client_for, world, polish):
    personal_data_read_log(
        actor=world.user("coordinator"), records=[world.org_a], fields=["name", "municipality"], purpose="referral list"
    )
    page = client_for("admin").get(reverse("audit:log")).content.decode()
    row = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "nazwa, gmina" in row
    assert "lista zgłoszeń kandydatów" in row and "referral list" not in row
    assert world.user("coordinator").get_full_name() in row


def test_it_shows_the_changed_fields_by_their_names(client_for, world, polish):
    # Creating the world's organisations wrote their change entries (auditlog): every field from nothing.
    page = client_for("admin").get(reverse("audit:log") + "?kind=changes").content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "nazwa" in rows and "gmina" in rows
    assert "municipality" not in rows
