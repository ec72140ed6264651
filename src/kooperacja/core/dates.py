"""Calendar arithmetic the apps share (no formatting: see ``core.text`` for dates in sentences)."""

import calendar
import functools
from datetime import date, timedelta
from decimal import Decimal


@functools.lru_cache(maxsize=16_384)  # pure, and asked of the same few dates again and again by imports
def add_months(day: date, months: int | Decimal) -> date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 Aug + 3 months = 30 Nov)."""
    month_index = day.month - 1 + int(months)
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def week_monday(day: date) -> date:
    """The Monday of the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


def quarter_of(day: date) -> str:
    """The calendar quarter of ``day`` as "YYYY-Qn"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
