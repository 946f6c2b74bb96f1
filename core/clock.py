"""The portal's "today": the one place every due date, overdue mark and date default asks.

In production it is the date in London. The demo sets ``PORTAL_TODAY`` to a day of October
2016, so that its September 2016 sample reads as the month in progress it was, not as a
return four years overdue. Moments that record when something happened (a value saved, a
pack built) stay the real time: they are the audit trail.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def fixed_today() -> date | None:
    """The date ``PORTAL_TODAY`` fixes (the demo's), or None when the portal runs on the real
    date; a setting that is not a date is refused in words naming it."""
    text = (settings.PORTAL_TODAY or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ImproperlyConfigured(
            f"PORTAL_TODAY is {text!r}: write it as a date, year-month-day, e.g. 2016-10-10."
        ) from None


def today() -> date:
    """The portal's today: ``PORTAL_TODAY`` where the demo sets it, else the date in London."""
    return fixed_today() or timezone.localdate()
