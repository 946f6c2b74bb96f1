"""``core.months``: the one place months are parsed, named, added and windowed."""

import itertools
from datetime import date, timedelta

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.months import (
    MonthConverter,
    MonthField,
    add_months,
    financial_year_name,
    financial_year_of,
    first_of_month,
    last_day_of_month,
    last_month,
    month_choices,
    month_name,
    month_text,
    months_ending,
    parse_month,
    requested_month,
)

months = st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 1)).map(
    lambda day: day.replace(day=1)
)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2024-03", date(2024, 3, 1)),
        (" 2024-3 ", date(2024, 3, 1)),
        ("2024-03-17", date(2024, 3, 1)),  # a date within the month, as spreadsheets store it
        ("2024-03-01 00:00:00", date(2024, 3, 1)),
    ],
)
def test_parse_month_reads_a_month_or_a_date_within_it(text, month):
    assert parse_month(text) == month


@pytest.mark.parametrize(
    "text", ["", None, "2024-13", "2024-00", "0000-01", "March 2024", "24-03", "2024"]
)
def test_parse_month_refuses_quoting_the_text_and_saying_how_to_write_a_month(text):
    with pytest.raises(ValueError, match=r'^".*" is not a month: write it as YYYY-MM, for example'):
        parse_month(text)


@given(months)
def test_a_month_written_and_read_back_is_the_same(month):
    assert parse_month(month_text(month)) == month


@pytest.mark.parametrize(
    ("month", "n", "expected"),
    [
        (date(2016, 1, 1), -1, date(2015, 12, 1)),
        (date(2015, 9, 1), 12, date(2016, 9, 1)),
        (date(2016, 9, 1), -12, date(2015, 9, 1)),
        (date(2016, 12, 1), 1, date(2017, 1, 1)),
        (date(2016, 3, 31), -1, date(2016, 2, 1)),
        (date(2016, 3, 15), 0, date(2016, 3, 1)),
        (date(2016, 9, 1), -25, date(2014, 8, 1)),
    ],
)
def test_add_months(month, n, expected):
    assert add_months(month, n) == expected


@given(months, st.integers(-240, 240))
def test_adding_and_taking_away_months_comes_back(month, n):
    assert add_months(add_months(month, n), -n) == month


@given(months, st.integers(1, 40))
def test_months_ending_are_consecutive_and_end_at_the_month(month, count):
    window = months_ending(month, count)
    assert len(window) == count and window[-1] == month
    assert all(add_months(a, 1) == b for a, b in itertools.pairwise(window))


@pytest.mark.parametrize(
    ("month", "year", "name"),
    [
        (date(2016, 3, 1), 2015, "2015-16"),
        (date(2016, 4, 1), 2016, "2016-17"),
        (date(2017, 1, 1), 2016, "2016-17"),
        (date(1999, 6, 1), 1999, "1999-00"),
    ],
)
def test_financial_year_runs_april_to_march(month, year, name):
    assert financial_year_of(month) == year
    assert financial_year_name(year) == name


def test_month_name_does_not_depend_on_the_locale():
    assert month_name(date(2015, 10, 1)) == "October 2015"
    assert month_choices([date(2026, 10, 1)]) == [("2026-10", "October 2026")]


def test_last_month_is_the_month_before_today():
    assert last_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert last_month(date(2026, 11, 30)) == date(2026, 10, 1)


def test_requested_month_reads_the_query_and_404s_on_a_malformed_one():
    factory = RequestFactory()
    assert requested_month(factory.get("/", {"month": "2016-09"})) == date(2016, 9, 1)
    assert requested_month(factory.get("/")) is None
    with pytest.raises(Http404):
        requested_month(factory.get("/", {"month": "2016-9x"}))


def test_the_url_converter_round_trips_and_refuses_impossible_months():
    converter = MonthConverter()
    assert converter.to_python("2016-09") == date(2016, 9, 1)
    assert converter.to_url(date(2016, 9, 1)) == converter.to_url("2016-09") == "2016-09"
    with pytest.raises(ValueError):
        converter.to_python("2016-13")  # Django answers 404


def test_urls_of_every_app_share_the_month_converter():
    assert reverse("packs:latest", args=[date(2016, 9, 1)]) == "/packs/2016-09/"
    assert reverse("returns:period_step", args=["2016-09", "lock"]).endswith("/2016-09/lock/")


def test_month_field_cleans_to_the_first_day_or_says_what_to_write():
    field = MonthField(required=False)
    assert field.clean("2024-03") == date(2024, 3, 1)
    assert field.clean("") is None
    for typed in ("03/2024%s", "2024-03-17"):  # a person types a month, not a date
        with pytest.raises(Exception, match=f'"{typed}" is not a month'):
            field.clean(typed)


@pytest.mark.parametrize(
    ("month", "last"),
    [
        (date(2016, 9, 1), date(2016, 9, 30)),
        (date(2016, 2, 1), date(2016, 2, 29)),  # a leap year
        (date(2017, 2, 1), date(2017, 2, 28)),
        (date(2016, 12, 1), date(2016, 12, 31)),
    ],
)
def test_last_day_of_month(month, last):
    """Issue 27: the day a return's working days count from, named for the day it is."""
    assert last_day_of_month(month) == last


@given(months)
def test_the_last_day_of_a_month_is_the_day_before_the_next_month(month):
    last = last_day_of_month(month)
    assert (first_of_month(last), add_months(month, 1) - last) == (month, timedelta(days=1))
