"""The figures of a yearly report equal the records counted by hand, and every figure's list of records has as
many rows as it counts."""

from decimal import Decimal

import pytest

from kooperacja.benefits import services as benefits
from kooperacja.reporting import figures
from kooperacja.reporting.models import ReportKind
from kooperacja.training import outcome_selectors
from tests.benefits.factories import participant_with_march
from tests.reporting.factories import YEAR, records_2025

pytestmark = pytest.mark.django_db


def _values(world, kind=ReportKind.CIS):
    return figures.compute_values(organisation_id=world.org_a.pk, year=YEAR, kind=kind)


def test_it_counts_participants_exits_programmes_classes_and_benefits_as_recorded(world):
    records = records_2025(world)
    values = _values(world)
    line = records.march.lines.get()
    assert values["staff"] == "2"  # the personas pzs_staff and social_worker of org A
    assert values["participants.total"] == "4"  # in March, two groups, from 2024, cooperative
    assert values["participants.started"] == "3"
    # A participant recorded under two groups counts in both rows: the rows add up to more than the total.
    assert values["participants.category.homeless"] == "1"
    assert values["participants.category.alcohol"] == "2"
    assert values["participants.category.long_term_unemployed"] == "1"
    assert values["participants.category.disabled"] == "1"
    assert values["participants.category.refugee"] == "0"
    assert (
        sum(
            int(values[f"participants.category.{c}"])
            for c in ("homeless", "alcohol", "long_term_unemployed", "disabled")
        )
        == 5
    )
    assert values["participants.covered"] == "1"
    assert values["exits.total"] == "3"
    assert values["exits.reason.employment"] == "1"
    assert values["exits.reason.withdrew"] == "1"
    assert values["exits.reason.cooperative"] == "1"
    assert values["exits.outcome.employment"] == "1"
    assert values["exits.outcome.cooperative_founded"] == "1"
    assert values["exits.outcome.unrecorded"] == "1"
    assert values["exits.independent"] == "2"
    assert values["programmes.signed"] == "1"
    assert values["programmes.completed"] == "1"
    assert values["programmes.terminated"] == "0"
    assert values["classes.vocational_workshop"] == "120.5"
    assert values["classes.therapy"] == "0.0"  # planned for December 2024
    assert values["finance.months"] == "1"
    assert values["finance.benefits"] == f"{line.benefit:.2f}"
    assert values["finance.bonuses"] == "100.00"
    assert values["finance.social"] == f"{line.social_contributions:.2f}"
    assert values["finance.health"] == f"{line.health_contribution:.2f}"


def test_a_kis_report_has_no_benefit_rows(world):
    values = _values(world, kind=ReportKind.KIS)
    assert "finance.benefits" not in values
    assert "participants.total" in values


def test_every_list_of_records_has_as_many_rows_as_its_figure(world):
    records = records_2025(world)
    values = _values(world)
    for figure in figures.figures_for(ReportKind.CIS):
        rows = list(figures.records_of(organisation_id=world.org_a.pk, year=YEAR, figure=figure))
        if figure.unit == figures.COUNT and figure.records != figures.MONTHS:
            assert len(rows) == int(values[figure.key]), figure.key
        elif figure.unit == figures.HOURS:
            assert sum((row.hours for row in rows), Decimal(0)) == Decimal(values[figure.key]), figure.key
        else:
            assert [row.pk for row in rows] == [records.march.pk], figure.key
    independent = figures.BY_KEY["exits.independent"]
    listed = figures.records_of(organisation_id=world.org_a.pk, year=YEAR, figure=independent)
    assert {row.plan_reference for row in listed} == {"IPZS/2/2025", "IPZS/5/2025"}
    months = list(
        figures.records_of(organisation_id=world.org_a.pk, year=YEAR, figure=figures.BY_KEY["finance.bonuses"])
    )
    assert sum(month.bonuses for month in months) == Decimal(values["finance.bonuses"])


def test_the_outcome_selectors_count_exits_of_the_year_by_outcome(world):
    records = records_2025(world)
    counted = outcome_selectors.outcomes_by_kind(organisation_ids=[world.org_a.pk], year=YEAR)
    assert counted == {"employment": 1, "cooperative_founded": 1, "": 1}
    unrecorded = outcome_selectors.outcome_participations(organisation_ids=[world.org_a.pk], year=YEAR, kind="")
    assert list(unrecorded) == [records.from_2024]
    assert outcome_selectors.outcomes_by_kind(organisation_ids=[world.org_a.pk], year=2024) == {"": 1}


def test_benefit_totals_take_only_the_latest_paid_version_of_each_month(world):
    staff = world.user("pzs_staff")
    participant_with_march(world)
    march = benefits.benefit_month_compute(actor=staff, organisation=world.org_a, year=YEAR, month=3)
    benefits.benefit_line_set_bonus(actor=staff, line=march.lines.get(), amount="100.00")
    benefits.benefit_month_move(actor=staff, benefit_month=march, target="approved")
    benefits.benefit_month_move(actor=staff, benefit_month=march, target="paid")
    first = _values(world)
    correction = benefits.benefit_month_correct(actor=staff, benefit_month=march)
    benefits.benefit_line_set_bonus(actor=staff, line=correction.lines.get(), amount="40.00")
    # A correction still in draft changes nothing: the paid version stands.
    assert _values(world)["finance.bonuses"] == first["finance.bonuses"] == "100.00"
    benefits.benefit_month_move(actor=staff, benefit_month=correction, target="approved")
    benefits.benefit_month_move(actor=staff, benefit_month=correction, target="paid")
    paid = _values(world)
    assert paid["finance.bonuses"] == "40.00"
    assert paid["finance.months"] == "1"
    assert paid["finance.benefits"] == first["finance.benefits"]
    months = figures.records_of(organisation_id=world.org_a.pk, year=YEAR, figure=figures.BY_KEY["finance.months"])
    assert [(month.month, month.version) for month in months] == [(3, 2)]


def test_it_computes_the_figures_with_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    records_2025(world)
    with django_assert_max_num_queries(16):
        _values(world)


def test_records_leave_out_other_years_and_other_organisations(world):
    records_2025(world)
    assert (
        figures.compute_values(organisation_id=world.org_b.pk, year=YEAR, kind=ReportKind.CIS)["participants.total"]
        == "0"
    )
    assert _values(world) != figures.compute_values(organisation_id=world.org_a.pk, year=2024, kind=ReportKind.CIS)
    in_2024 = figures.compute_values(organisation_id=world.org_a.pk, year=2024, kind=ReportKind.CIS)
    assert in_2024["participants.total"] == "2"  # the one gone in 2024 and the one who stayed into 2025
    assert in_2024["exits.total"] == "1"
