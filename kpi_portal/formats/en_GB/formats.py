"""Django's own date formats for British English, set to the portal's one day format
(``core.dates.DAY_FORMAT``, GOV.UK style: "6 December 2026"), so that what Django writes by
itself (the admin, ``{{ value|date }}``, django-tables2's date columns) reads as the pages do."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \a\t H:i"
SHORT_DATETIME_FORMAT = r"j F Y \a\t H:i"
