"""Frequencies, honest history and what rounding explains, in ``indicators.calculations``."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.months import add_months
from indicators.calculations import (
    Column,
    Direction,
    Frequency,
    Judgement,
    Life,
    PreferredDirection,
    Span,
    average_12_months,
    change_from_previous_month,
    change_from_previous_year,
    column_span,
    compute,
    history_lacking,
    is_reporting_month,
    max_12_months,
    rounding_explains,
    shown_span,
    value_spans,
)

D = Decimal
JUN_21 = date(2021, 6, 1)
# A quarterly measure with a value at each quarter end, and stray figures between that are
# not the measure's (a monthly entry by mistake): they must not count.
QUARTERLY = {
    date(2020, 6, 1): D(8),
    date(2020, 9, 1): D(10),
    date(2020, 12, 1): D(12),
    date(2021, 1, 1): D(99),
    date(2021, 3, 1): D(15),
    date(2021, 5, 1): D(40),
    date(2021, 6, 1): D(12),
}


@pytest.mark.parametrize(
    ("frequency", "months"),
    [
        (Frequency.MONTHLY, list(range(1, 13))),
        (Frequency.QUARTERLY, [3, 6, 9, 12]),
        (Frequency.ANNUAL, [3]),
    ],
)
def test_reporting_months_of_each_frequency(frequency, months):
    assert [
        m for m in range(1, 13) if is_reporting_month(date(2021, m, 1), frequency=frequency)
    ] == (months)


def test_a_quarterly_change_compares_with_the_previous_quarter():
    change = change_from_previous_month(QUARTERLY, JUN_21, frequency=Frequency.QUARTERLY)
    assert change == D(-20)  # 12 after 15 in March, not after 40 in May
    assert change_from_previous_month(QUARTERLY, JUN_21) == D(-70)  # monthly: after May's 40
    assert change_from_previous_year(QUARTERLY, JUN_21) == D(50)  # 12 after 8 in June 2020


def test_a_quarterly_window_takes_the_quarters_in_it():
    # Sep 20, Dec 20, Mar 21, Jun 21: the four quarter ends of the twelve months
    assert average_12_months(QUARTERLY, JUN_21, frequency=Frequency.QUARTERLY) == D(49) / 4
    assert max_12_months(QUARTERLY, JUN_21, frequency=Frequency.QUARTERLY) == D(15)
    assert max_12_months(QUARTERLY, JUN_21) == D(99)


def test_an_annual_measure_compares_with_the_year_before():
    series = {date(2020, 3, 1): D(50), date(2021, 3, 1): D(60), date(2021, 2, 1): D(1)}
    month = date(2021, 3, 1)
    assert change_from_previous_month(series, month, frequency=Frequency.ANNUAL) == D(20)
    assert average_12_months(series, month, frequency=Frequency.ANNUAL) == D(60)


def test_history_is_lacking_before_the_first_month_held_but_not_before_the_start():
    kwargs = {"held_from": date(2020, 12, 1)}
    assert history_lacking(Column.AVG_12M, JUN_21, active_from=None, **kwargs)
    assert history_lacking(Column.PCT_CHANGE_PREV_YEAR, JUN_21, active_from=None, **kwargs)
    assert not history_lacking(Column.PCT_CHANGE_PREV_MONTH, JUN_21, active_from=None, **kwargs)
    # a measure that started when the portal's record starts has no lacking months
    assert not history_lacking(Column.AVG_12M, JUN_21, active_from=date(2020, 12, 1), **kwargs)
    assert not history_lacking(Column.AVG_12M, JUN_21, held_from=date(2020, 7, 1), active_from=None)
    assert history_lacking(Column.AVG_12M, JUN_21, held_from=None, active_from=None)
    # a quarterly window starts at its oldest quarter (m-9), not at m-11
    assert not history_lacking(
        Column.AVG_12M,
        JUN_21,
        frequency=Frequency.QUARTERLY,
        held_from=date(2020, 9, 1),
        active_from=None,
    )


SEVEN_MONTHS = {add_months(date(2020, 12, 1), n): D(v) for n, v in enumerate((3, 2, 1, 2, 3, 2, 3))}


def test_lacking_history_shows_the_files_figure_marked_or_nothing():
    life = Life(
        held_from=date(2020, 12, 1),
        reported={Column.MAX_12M: D(15), Column.PCT_CHANGE_PREV_YEAR: D(-25)},
    )
    columns = compute(
        series=SEVEN_MONTHS, month=JUN_21, preferred=PreferredDirection.DOWN, life=life
    )
    assert columns.max_12m == 15  # the file's, not the seven months' 3
    assert columns.avg_12m is None  # the file reported none: n/a, not a 7-month average
    assert columns.pct_change_prev_year == -25
    assert columns.direction_prev_year == Direction.DOWN  # follows the figure shown
    assert columns.pct_change_prev_month == 50  # the portal holds May: its own figure
    assert columns.judgement == Judgement.NEGATIVE
    assert columns.from_file == {"max_12m", "pct_change_prev_year"}


def test_sufficient_history_prefers_the_portals_own_figures():
    life = Life(held_from=date(2019, 1, 1), reported={Column.MAX_12M: D(15)})
    columns = compute(
        series=SEVEN_MONTHS, month=JUN_21, preferred=PreferredDirection.DOWN, life=life
    )
    assert columns.max_12m == 3 and columns.from_file == frozenset()


def test_a_measure_that_started_within_the_window_keeps_its_own_figures():
    life = Life(held_from=date(2020, 12, 1), active_from=date(2020, 12, 1))
    columns = compute(
        series=SEVEN_MONTHS, month=JUN_21, preferred=PreferredDirection.NEITHER, life=life
    )
    assert columns.avg_12m == D(16) / 7 and columns.max_12m == 3
    assert columns.pct_change_prev_year is None  # June 2020 is before the start: no base


# -- what rounding explains ----------------------------------------------------------


def test_a_shown_percentage_stands_for_half_a_unit_either_side():
    assert shown_span(D(24)) == Span(D("23.5"), D("24.5"), high_open=True)
    assert shown_span(D("94.8")) == Span(D("94.75"), D("94.85"), high_open=True)
    assert shown_span(D(0)).low == 0


def test_rounding_explains_a_change_within_the_span_and_not_beyond():
    series = {date(2016, 8, 1): D(3), date(2016, 9, 1): D(36)}
    month = date(2016, 9, 1)
    kwargs = {"column": Column.PCT_CHANGE_PREV_MONTH, "series": series, "month": month}
    assert rounding_explains(shown=D(1090), rounded=True, **kwargs)  # the file's figure
    assert not rounding_explains(shown=D(1090), rounded=False, **kwargs)  # 1,100 exactly
    assert not rounding_explains(shown=D(1400), rounded=True, **kwargs)
    assert not rounding_explains(shown=D(900), rounded=True, **kwargs)


def test_the_maximum_of_rounded_values_is_exact_when_shown_alike():
    spans = value_spans({JUN_21: D(24), date(2021, 5, 1): D(20)}, rounded=True)
    span = column_span(Column.MAX_12M, spans, JUN_21)
    assert span.could_show_as(D(24))
    assert not span.could_show_as(D(25)) and not span.could_show_as(D(23))


def test_a_change_from_a_base_that_shows_as_zero_is_unbounded():
    series = {date(2021, 5, 1): D(0), JUN_21: D(4)}
    exact = value_spans(series, rounded=False)
    assert column_span(Column.PCT_CHANGE_PREV_MONTH, exact, JUN_21) is None  # undefined
    # 0% shown may be 0.3%: any change from +600% (3.5 after 0.5) up
    span = column_span(Column.PCT_CHANGE_PREV_MONTH, value_spans(series, rounded=True), JUN_21)
    assert span.could_show_as(D(5000)) and not span.could_show_as(D(500))


percents = st.decimals(min_value=1, max_value=100, places=3)


@given(current=percents, base=percents)
def test_the_change_of_the_true_values_is_explained_by_their_rounded_display(current, base):
    """Whatever the true values, the change computed from them and shown to one place is
    explained by the values shown rounded to whole numbers: no false warning."""
    true_change = (current - base) * 100 / base
    shown = true_change.quantize(D("0.1"))
    series = {date(2021, 5, 1): base.quantize(D(1)), JUN_21: current.quantize(D(1))}
    assert rounding_explains(
        column=Column.PCT_CHANGE_PREV_MONTH, shown=shown, series=series, month=JUN_21, rounded=True
    )
