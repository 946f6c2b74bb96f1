"""A file's own figures checked by the rules its values pass (issue 24, item 2)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quality.checks import ERROR, WARNING
from quality.figures import FileFigure, figure_problems

D = Decimal
JUN_20 = date(2020, 6, 1)
# NI147 in the June 2021 file: seven months around 85%.
NI147 = [D(v) for v in ("86.1", "85.2", "84.9", "85.7", "86.3", "85.0", "85.71")]
JUNE = NI147[-1]


def checked(column, figure, *, unit="percentage", value=JUNE, shown=True, history=NI147):
    return figure_problems(
        FileFigure(
            column=column,
            figure=D(figure),
            unit=unit,
            value=value,
            compared_month=JUN_20,
            history=history,
            minimum_change=D(5),
            shown=shown,
        )
    )


@pytest.mark.parametrize("column", ["max_12m", "avg_12m"])
def test_a_percentage_over_100_in_the_12_month_figures_is_refused(column):
    [problem] = checked(column, "8571")
    assert problem.severity == ERROR
    assert "A percentage cannot be over 100. Was 85.71% meant" in problem.message


def test_the_12_month_figures_are_refused_even_where_the_portal_computes_them():
    """An impossible figure is wrong wherever it stands."""
    assert [p.severity for p in checked("max_12m", "792", shown=False)] == [ERROR]


def test_a_maximum_of_counts_is_whole_an_average_need_not_be():
    assert [p.severity for p in checked("max_12m", "10.5", unit="count", value=D(10))] == [ERROR]
    history = [D(10), D(11), D(9), D(10), D(12), D(10), D(10)]
    assert checked("avg_12m", "10.5", unit="count", value=D(10), history=history) == []


def test_a_12_month_figure_far_from_the_usual_level_is_a_warning():
    [problem] = checked("avg_12m", "40")
    assert problem.severity == WARNING
    assert "The file's 12-month average is 40%, far from its usual level" in problem.message


def test_the_usual_level_is_checked_only_where_the_files_figure_is_shown():
    assert checked("avg_12m", "40", shown=False) == []


def test_a_change_over_100_percent_is_no_error():
    """3% to 36% is +1,100%: relative changes are not bounded by the unit."""
    history = [D(3), D(5), D(12), D(20), D(30), D(33), D(36)]
    assert checked("pct_change_prev_year", "1100", value=D(36), history=history) == []


def test_a_fall_of_more_than_100_percent_is_refused():
    [problem] = checked("pct_change_prev_month", "-140")
    assert problem.severity == ERROR and "-140%" in problem.message


def test_a_change_that_says_the_compared_month_was_far_from_usual_is_a_warning():
    """The June 2021 file, its month corrected: +9840% year on year says June 2020 was 0.86%."""
    [problem] = checked("pct_change_prev_year", "9840")
    assert problem.severity == WARNING
    assert "of 9,840% beside this month's 85.71% means June 2020 was 0.86%" in problem.message
    assert "far from its usual level" in problem.message


def test_a_change_that_says_the_compared_month_was_impossible_is_a_warning():
    [problem] = checked("pct_change_prev_year", "-10", value=D(95))
    assert problem.severity == WARNING and "cannot be over 100" in problem.message


def test_a_change_is_not_checked_against_a_month_the_portal_holds():
    assert checked("pct_change_prev_year", "9840", shown=False) == []


@given(
    value=st.decimals(min_value=0, max_value=100, places=2),
    compared=st.decimals(min_value=D("0.01"), max_value=100, places=2),
)
def test_a_change_between_two_possible_percentages_is_never_refused(value, compared):
    change = (value - compared) * 100 / compared
    history = [compared, value] * 4  # the two months are the usual level
    problems = checked("pct_change_prev_year", change, value=value, history=history)
    assert not [p for p in problems if p.severity == ERROR]
