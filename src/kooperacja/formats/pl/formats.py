# Short dates as Polish offices write them (25.11.2026), not Django's default "25-11-2026";
# everything else falls back to Django's Polish formats.
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
