# Dates as Polish offices write them: long in sentences ("30 listopada 2026"), day.month.year in tables
# (25.11.2026, not Django's default "25-11-2026"), with the time where it matters (history, audit log).
# Never ISO (2026-11-25) in the interface; machine files (CSV exports, the API) keep ISO.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
