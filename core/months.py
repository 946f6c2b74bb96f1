"""Months, the portal's unit of time, in one place: parsing, naming, arithmetic, windows.

A month is the ``date`` of its first day. People and files write it ``YYYY-MM`` (a
spreadsheet may store a date within the month instead); pages and messages name it
"October 2015". Every app, form, URL and command reads and writes months through here.
"""

import re
from datetime import date, datetime, timedelta

from django import forms
from django.http import Http404, HttpRequest

from core import clock

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
TYPED_MONTH = re.compile(r"^\s*\d{4}-\d{1,2}\s*$")  # what a person types: no day
MONTH_TEXT = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2}(?:[ T][\d:.]+)?)?\s*$")
MONTH_PATTERN = r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"  # the ``YYYY-MM`` that links and the API write
HOW_TO_WRITE = "write it as YYYY-MM, for example 2016-09"


def parse_month(text: str | None) -> date:
    """``2024-03`` (or a date in that month, as a spreadsheet may store it) -> 1 March 2024.

    Raises ``ValueError`` quoting what was written and saying how to write a month."""
    match = MONTH_TEXT.match(text or "")
    try:
        return date(int(match[1]), int(match[2]), 1)
    except (TypeError, ValueError):  # no match, month 13, year 0
        raise ValueError(f'"{text or ""}" is not a month: {HOW_TO_WRITE}.') from None


def requested_month(request: HttpRequest) -> date | None:
    """The ``?month=YYYY-MM`` a page was asked for; None when absent, 404 when malformed."""
    text = request.GET.get("month")
    if not text:
        return None
    try:
        return parse_month(text)
    except ValueError as error:
        raise Http404(str(error)) from None


def month_text(month: date) -> str:
    """``2026-10``: how links, files and the API write a month."""
    return f"{month:%Y-%m}"


def month_name(month: date) -> str:
    """E.g. "October 2015", whatever the server's locale (messages about files)."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def first_of_month(day: date | datetime) -> date:
    return date(day.year, day.month, 1)


def last_day_of_month(month: date) -> date:
    """The month's last calendar day (30 September for September): the day after which a
    return's working days are counted."""
    return add_months(month, 1) - timedelta(days=1)


def add_months(month: date, n: int) -> date:
    """The first of the month ``n`` months after ``month`` (before it when ``n`` < 0)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_ending(month: date, count: int) -> list[date]:
    """The ``count`` months ending at ``month``, oldest first."""
    return [add_months(month, offset) for offset in range(1 - count, 1)]


def last_month(today: date | None = None) -> date:
    """The month before today's: the newest a return can be complete for."""
    return add_months(first_of_month(today or clock.today()), -1)


def financial_year_of(month: date) -> int:
    """The financial year (April to March) a month falls in, by its starting year."""
    return month.year if month.month >= 4 else month.year - 1


def financial_year_name(year: int) -> str:
    """``2016-17`` for the financial year starting in April 2016."""
    return f"{year}-{(year + 1) % 100:02d}"


def month_choices(months: list[date]) -> list[tuple[str, str]]:
    """Form choices for ``months``: "2026-10" shown as "October 2026"."""
    return [(month_text(month), month_name(month)) for month in months]


class MonthConverter:
    """``2024-03`` in a URL <-> the first day of that month; an impossible month is a 404."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> date:
        return parse_month(value)

    def to_url(self, value: date | str) -> str:
        """A month, or its ``YYYY-MM`` text as templates often hold it."""
        return month_text(parse_month(value) if isinstance(value, str) else value)


class MonthField(forms.CharField):
    """A month typed as ``YYYY-MM``, cleaned to its first day (None when left blank)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Year and month, for example 2024-03.")
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"class": "govuk-input govuk-input--width-5", "spellcheck": "false"}
        )

    def clean(self, value) -> date | None:
        """The text is checked as text (required, length), then read as a month."""
        text = super().clean(value)
        if not text:
            return None
        try:
            if not TYPED_MONTH.match(text):
                raise ValueError(text)
            return parse_month(text)
        except ValueError:
            # The text goes in as a parameter: a "%" typed in it is not a format.
            raise forms.ValidationError(
                f'"%(text)s" is not a month: {HOW_TO_WRITE}.', params={"text": text}
            ) from None
