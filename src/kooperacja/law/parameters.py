"""Statutory parameters as date-versioned data (social employment, labour law, social assistance).

The values and their legal basis live in ``data/statutory_parameters.json``; :func:`apply_parameters`
writes them to a model (the real one, or the historical one in a data migration) and can run any
number of times.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

PARAMETERS_FILE = Path(__file__).resolve().parent / "data" / "statutory_parameters.json"

# Codes used by the application; the data file may hold more.
CIS_MAX_PARTICIPATION_MONTHS = "cis_max_participation_months"
# Months a stay lasts without an extension decision; 1 while the trial month counts into them (before
# 15.02.2022), 0 when the periods run from the end of the trial month.
CIS_BASE_PARTICIPATION_MONTHS = "cis_base_participation_months"
CIS_TRIAL_COUNTED_IN_PERIOD = "cis_trial_counted_in_period"
# Art. 1 ust. 3 pkt 6 and ust. 3a: whether a person entitled to a disability pension may take part (1/0).
CIS_DISABILITY_PENSION_ALLOWED = "cis_disability_pension_allowed"
KIS_DISABILITY_PENSION_ALLOWED = "kis_disability_pension_allowed"
CIS_BENEFIT_PCT_REGULAR = "cis_benefit_pct_regular"
CIS_BENEFIT_PCT_TRIAL = "cis_benefit_pct_trial"
WEEKLY_HOURS_MAX = "weekly_hours_max"
WEEKLY_HOURS_MIN = "weekly_hours_min"
DISABLED_DAILY_HOURS_MAX = "disabled_daily_hours_max"
DISABLED_WEEKLY_HOURS_MAX = "disabled_weekly_hours_max"
TRIAL_PERIOD_MONTHS = "trial_period_months"
DAYS_OFF_FULL_BENEFIT = "days_off_full_benefit"
PARTICIPANTS_PER_INSTRUCTOR_MAX = "participants_per_instructor_max"
# Labour law: the minimum gross monthly wage for full time, and the Labour Code's weekly standard of hours.
MINIMUM_MONTHLY_WAGE = "minimum_monthly_wage"
STANDARD_WEEKLY_HOURS = "standard_weekly_hours"
CIS_STATUS_TERM_YEARS = "cis_status_term_years"
UNEMPLOYMENT_BENEFIT_BASE = "unemployment_benefit_base"
CIS_MOTIVATION_BONUS_MAX_PCT = "cis_motivation_bonus_max_pct"
CIS_UNEXCUSED_ABSENCE_DEDUCTION_PCT = "cis_unexcused_absence_deduction_pct"
CIS_SICK_LEAVE_DEDUCTION_PCT = "cis_sick_leave_deduction_pct"
CIS_PENSION_CONTRIBUTION_PCT = "cis_pension_contribution_pct"
CIS_DISABILITY_CONTRIBUTION_PCT = "cis_disability_contribution_pct"
CIS_ACCIDENT_CONTRIBUTION_PCT = "cis_accident_contribution_pct"
CIS_HEALTH_CONTRIBUTION_PCT = "cis_health_contribution_pct"
# Social cooperatives (ustawa z 27.04.2006, art. 5): founders needed, and the members a cooperative of natural
# persons founded by fewer must reach within the given months of its registration.
SOCIAL_COOP_MIN_FOUNDERS_NATURAL = "social_coop_min_founders_natural"
SOCIAL_COOP_MIN_FOUNDERS_LEGAL = "social_coop_min_founders_legal"
SOCIAL_COOP_MIN_MEMBERS_NATURAL = "social_coop_min_members_natural"
SOCIAL_COOP_MONTHS_TO_REACH_MIN_MEMBERS = "social_coop_months_to_reach_min_members"


def parameter_rows(path: Path = PARAMETERS_FILE) -> list[dict[str, Any]]:
    """The rows of the data file with typed values."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for item in raw["parameters"]:
        rows.append(
            {
                "code": item["code"],
                "name": item["name"],
                "value": Decimal(str(item["value"])),
                "unit": item["unit"],
                "valid_from": date.fromisoformat(item["valid_from"]),
                "valid_to": date.fromisoformat(item["valid_to"]) if item.get("valid_to") else None,
                "legal_basis": item["legal_basis"],
                "assumption": item.get("assumption", ""),
            }
        )
    return rows


def apply_parameters(model, rows: list[dict[str, Any]] | None = None) -> dict[str, int]:
    """Create or update one row per (code, valid_from); rows already equal are left untouched. A historical
    model of an older migration gets the fields it has."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    has = {field.name for field in model._meta.get_fields()}
    names = [name for name in ("name", "value", "unit", "valid_to", "legal_basis", "assumption") if name in has]
    for row in rows if rows is not None else parameter_rows():
        key = {"code": row["code"], "valid_from": row["valid_from"]}
        values = {name: row[name] for name in names}
        current = model.objects.filter(**key).first()
        if current is None:
            model.objects.create(**key, **values)
            counts["created"] += 1
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.save(update_fields=list(values))
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
