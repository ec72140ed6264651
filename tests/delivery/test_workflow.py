"""Delivery reports: the state machine (every allowed and refused move), closed periods, corrections as new
versions, concurrent edits, the contract's figures and drift alerts."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.core.errors import ConflictError
from kooperacja.delivery import services
from kooperacja.delivery.models import (
    AlertStatus,
    ContractDelivery,
    DeliveryReport,
    DriftAlert,
    ReportStatus,
)
from kooperacja.notifications.models import Notification
from tests.delivery.factories import FIGURES, accepted, draft, make_contract, periods, returned, submitted

pytestmark = pytest.mark.django_db


def test_a_draft_is_submitted_then_accepted_and_counts(world, django_capture_on_commit_callbacks):
    contract = make_contract(world)
    report = draft(world, contract, actor=world.user("pes_manager"))
    assert report.status == ReportStatus.DRAFT
    assert not ContractDelivery.objects.filter(contract=contract).exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(actor=world.user("pes_manager"), report=report)
    assert report.status == ReportStatus.SUBMITTED
    summary = ContractDelivery.objects.get(contract=contract)
    assert summary.units_delivered == Decimal("90") and summary.planned_reported == Decimal("100")
    assert summary.periods_reported == 1 and summary.periods_total == 12
    assert Notification.objects.filter(recipient=world.user("coordinator"), kind="delivery.report_submitted").exists()
    report = services.report_accept(actor=world.user("coordinator"), report=report)
    assert report.status == ReportStatus.ACCEPTED
    assert [e.to_state for e in report.events.order_by("at", "id")] == ["submitted", "accepted"]


def test_a_returned_report_is_edited_and_submitted_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = returned(world)
    assert report.status == ReportStatus.RETURNED and report.return_reason == "Check hours."
    assert Notification.objects.filter(recipient=world.user("pes_manager"), kind="delivery.report_returned").exists()
    report = services.report_update(
        actor=world.user("pes_manager"),
        report=report,
        data={**FIGURES, "units_delivered": 95},
        expected_version=report.version,
    )
    report = services.report_submit(actor=world.user("pzs_staff"), report=report)
    assert report.status == ReportStatus.SUBMITTED and report.units_delivered == Decimal("95")


@pytest.mark.parametrize(
    ("make", "target"),
    [
        (draft, ReportStatus.ACCEPTED),
        (draft, ReportStatus.RETURNED),
        (accepted, ReportStatus.RETURNED),
        (accepted, ReportStatus.SUBMITTED),
        (returned, ReportStatus.ACCEPTED),
    ],
)
def test_moves_the_machine_does_not_allow_are_refused(world, make, target):
    report = make(world)
    move = {
        ReportStatus.ACCEPTED: lambda: services.report_accept(actor=None, report=report),
        ReportStatus.RETURNED: lambda: services.report_return(actor=None, report=report, reason="x"),
        ReportStatus.SUBMITTED: lambda: services.report_submit(actor=None, report=report),
    }[target]
    if make is accepted and target == ReportStatus.SUBMITTED:
        with pytest.raises(ValidationError):
            move()
        return
    with pytest.raises(ValidationError):
        move()


def test_a_double_submit_or_accept_is_harmless(world):
    report = submitted(world)
    again = services.report_submit(actor=None, report=DeliveryReport.objects.get(pk=report.pk))
    assert again.status == ReportStatus.SUBMITTED
    services.report_accept(actor=None, report=report)
    services.report_accept(actor=None, report=DeliveryReport.objects.get(pk=report.pk))
    assert report.events.count() == 2


def test_each_side_makes_only_its_own_moves(world):
    report = draft(world)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=world.user("coordinator"), report=report)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=world.user("member_b"), report=report)
    report = services.report_submit(actor=world.user("pes_manager"), report=report)
    with pytest.raises(PermissionDenied):
        services.report_accept(actor=world.user("pes_manager"), report=report)
    with pytest.raises(PermissionDenied):
        services.report_return(actor=world.user("pes_manager"), report=report, reason="x")


def test_another_provider_cannot_report_on_the_contract(world):
    contract = make_contract(world)
    with pytest.raises(PermissionDenied):
        draft(world, contract, actor=world.user("member_b"))


@pytest.mark.parametrize("status", ["completed", "terminated", "to_sign"])
def test_a_report_for_a_closed_contract_is_refused(world, status):
    contract = make_contract(world, status=status)
    with pytest.raises(ValidationError) as caught:
        draft(world, contract)
    assert "take no delivery reports" in " ".join(caught.value.messages)
    assert not DeliveryReport.objects.exists()


def test_a_period_not_begun_and_a_period_reported_twice_are_refused(world):
    contract = make_contract(world)
    with pytest.raises(ValidationError, match="once it has begun"):
        draft(world, contract, index=11)
    draft(world, contract, index=0)
    with pytest.raises(ValidationError, match="has a report already"):
        draft(world, contract, index=0)
    assert DeliveryReport.objects.count() == 1


def test_every_bad_figure_is_reported_at_once(world):
    contract = make_contract(world)
    period = periods(contract)[0]
    with pytest.raises(ValidationError) as caught:
        services.report_create(
            actor=None,
            contract_id=contract.pk,
            period_id=period.pk,
            data={"units_delivered": -1, "people_served": None, "staff_assigned": 10**6, "satisfaction": 7},
        )
    assert set(caught.value.error_dict) == {"units_delivered", "people_served", "staff_assigned", "satisfaction"}


def test_a_stale_edit_is_refused(world):
    report = draft(world)
    services.report_update(actor=None, report=report, data=FIGURES, expected_version=report.version)
    with pytest.raises(ConflictError):
        services.report_update(actor=None, report=report, data=FIGURES, expected_version=report.version)


def test_an_accepted_report_is_corrected_by_a_new_version(world):
    report = accepted(world)
    correction = services.report_correct(actor=world.user("pes_manager"), report=report)
    assert correction.revision == 2 and not correction.is_current and correction.replaces_id == report.pk
    # asking again opens the same correction
    assert services.report_correct(actor=None, report=report).pk == correction.pk
    correction = services.report_update(
        actor=None, report=correction, data={**FIGURES, "units_delivered": 70}, expected_version=correction.version
    )
    services.report_submit(actor=None, report=correction)
    summary = ContractDelivery.objects.get(contract_id=report.contract_id)
    assert summary.units_delivered == Decimal("90")  # the accepted version counts until the correction is accepted
    services.report_accept(actor=None, report=correction)
    report.refresh_from_db()
    correction.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and not report.is_current
    assert correction.is_current
    assert ContractDelivery.objects.get(contract_id=report.contract_id).units_delivered == Decimal("70")


def test_a_report_for_a_closed_period_cannot_be_corrected(world):
    report = accepted(world)
    contract = report.contract
    contract.status = "completed"
    contract.save()
    with pytest.raises(ValidationError, match="take no delivery reports"):
        services.report_correct(actor=None, report=report)


def test_drift_beyond_the_threshold_raises_an_alert_that_is_handled(world, django_capture_on_commit_callbacks):
    contract = make_contract(world)
    services.rule_set(actor=world.user("coordinator"), contract_id=contract.pk, threshold_percent=20, basis="period")
    submitted(world, contract, index=0, units_delivered=85)  # 15 % below: within
    assert not DriftAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(world, contract, index=1, units_delivered=60)  # 40 % below
    alert = DriftAlert.objects.get()
    assert alert.report_id == report.pk and alert.shortfall_percent == Decimal("40.0")
    assert alert.planned_units == Decimal("100") and alert.delivered_units == Decimal("60")
    assert ContractDelivery.objects.get(contract=contract).open_alerts == 1
    assert Notification.objects.filter(recipient=world.user("coordinator"), kind="delivery.drift_alert").exists()
    with pytest.raises(PermissionDenied):
        services.alert_move(actor=world.user("pes_manager"), alert=alert, target=AlertStatus.ACKNOWLEDGED)
    alert = services.alert_move(actor=world.user("coordinator"), alert=alert, target=AlertStatus.ACKNOWLEDGED)
    alert = services.alert_move(actor=world.user("coordinator"), alert=alert, target=AlertStatus.CLOSED, note="ok")
    assert alert.status == AlertStatus.CLOSED
    assert ContractDelivery.objects.get(contract=contract).open_alerts == 0
    with pytest.raises(ValidationError):
        services.alert_move(actor=None, alert=alert, target=AlertStatus.ACKNOWLEDGED)


def test_cumulative_drift(world):
    contract = make_contract(world)
    services.rule_set(actor=None, contract_id=contract.pk, threshold_percent=10, basis="cumulative")
    submitted(world, contract, index=0, units_delivered=95)
    assert not DriftAlert.objects.exists()
    submitted(world, contract, index=1, units_delivered=80)  # 175 of 200: 12.5 % below
    alert = DriftAlert.objects.get()
    assert alert.basis == "cumulative" and alert.shortfall_percent == Decimal("12.5")


def test_the_threshold_is_checked_and_set_by_the_commissioner_only(world):
    contract = make_contract(world)
    with pytest.raises(ValidationError) as caught:
        services.rule_set(actor=None, contract_id=contract.pk, threshold_percent=0, basis="sideways")
    assert set(caught.value.error_dict) == {"threshold_percent", "basis"}
    with pytest.raises(PermissionDenied):
        services.rule_set(actor=world.user("pes_manager"), contract_id=contract.pk, threshold_percent=5, basis="period")
    rule = services.rule_set(actor=None, contract_id=contract.pk, threshold_percent=5, basis="period")
    with pytest.raises(ConflictError):
        services.rule_set(
            actor=None, contract_id=contract.pk, threshold_percent=6, basis="period", expected_version=rule.version + 1
        )
