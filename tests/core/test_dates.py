"""The portal's one date format, GOV.UK style: "6 December 2026" and "6 December 2026 at 6:53pm"."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import formats

from core import dates


def _render(text: str, **context) -> str:
    return Template("{% load dates %}" + text).render(Context(context))


# In London: winter (GMT), summer (BST, an hour on), a UTC evening that is the next day in
# BST, midnight and midday.
@pytest.mark.parametrize(
    ("at", "written"),
    [
        (datetime(2026, 12, 6, 18, 53, tzinfo=UTC), "6 December 2026 at 6:53pm"),
        (datetime(2016, 7, 15, 9, 3, 59, tzinfo=UTC), "15 July 2016 at 10:03am"),
        (datetime(2016, 3, 31, 23, 45, tzinfo=UTC), "1 April 2016 at 12:45am"),
        (datetime(2016, 12, 31, 12, 0, tzinfo=UTC), "31 December 2016 at 12:00pm"),
    ],
)
def test_a_moment_is_its_day_at_its_time_on_the_twelve_hour_clock_in_london(at, written):
    assert dates.moment(at) == written
    assert _render("{{ at|moment }}", at=at) == written


def test_a_day_has_no_leading_zero_and_its_month_in_words():
    assert dates.day(date(2016, 10, 8)) == "8 October 2016"
    assert _render("{{ d|day }}", d=date(2016, 10, 8)) == "8 October 2016"
    # A moment's day is the day in London, not in UTC.
    assert dates.day(datetime(2016, 3, 31, 23, 45, tzinfo=UTC)) == "1 April 2016"
    assert dates.day(None) == dates.moment(None) == ""


def test_djangos_own_formats_write_the_same_day():
    """The admin, ``{{ value|date }}`` and django-tables2's date columns use Django's formats."""
    day = date(2016, 9, 8)
    assert formats.date_format(day) == formats.date_format(day, "SHORT_DATE_FORMAT")
    assert formats.date_format(day) == dates.day(day) == "8 September 2016"
    assert _render("{{ d|date }}", d=day) == "8 September 2016"
