"""The portal's one way of writing a day and a moment, GOV.UK style: "6 December 2026", and
"6 December 2026 at 6:53pm" where the time matters. Pages (the ``day`` and ``moment``
filters), tables, messages and e-mails all write dates through here, so they read the same
everywhere; Django's own default formats (the admin, ``{{ value|date }}``) are set to the
same day format in ``kpi_portal/formats/en_GB/formats.py``.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as django_format

DAY_FORMAT = "j F Y"


def day(value: date | datetime | None) -> str:
    """``6 December 2026``; a moment is written as the day it falls on in London."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return django_format(value, DAY_FORMAT)


def moment(value: datetime | None) -> str:
    """``6 December 2026 at 6:53pm`` in London time (GOV.UK: 12-hour clock, no leading zero,
    "am"/"pm" without dots; midday is "12pm")."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{day(local)} at {hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
