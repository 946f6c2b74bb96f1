"""A file's own computed figures checked by the rules its values pass, as pure functions.

The team's file carries its own 12-month average and maximum and its two % changes, which
the portal shows (marked as the file's) where it lacks the months to compute them. A typing
error in a month ("8571%" for 85.71%) is refused as a value, and it stands in those figures
too: the team computed them from it. So each figure is checked by the rule that suits what
it is (an error refuses the file, a warning asks to check it, as for a value):

- the **12-month maximum** is one of the values: it passes every check of a value (a
  percentage over 100 is impossible, a count is whole, nothing is negative), and it is
  checked for being far from the indicator's usual level (the outlier check);
- the **12-month average** lies among the values: the unit's range (not negative, a
  percentage at most 100), but an average of counts need not be whole; and the outlier
  check;
- a **% change** is relative, so it may well exceed 100 (3% to 36% is +1,100%) and no
  range of the unit bounds it; but values are never negative, so a change below -100% is
  impossible. The change and the month's value say what the compared month was
  (value x 100 / (100 + change)); where the portal lacks that month, that figure is checked
  by the unit's range and the outlier check (warnings: both shown figures are rounded, so
  the month worked out from them is approximate). A year-on-year +9840% beside a month of
  85.71% says June 2020 was 0.86%, far from the 85% the indicator usually is.

The outlier checks run only where the portal lacks the months the column needs, the only
place the file's figure is shown; elsewhere the portal's own figure is shown and the import
already warns where the file's differs from it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.months import month_name
from core.numbers import HUNDRED
from indicators.calculations import CHANGE_COLUMNS, Column
from indicators.units import value_problem
from quality.checks import ERROR, WARNING, amount, difference, far_from_usual, figure

LOWEST_CHANGE = Decimal(-100)  # a value falling to 0; values are never negative


@dataclass(frozen=True)
class FigureProblem:
    severity: str  # ERROR or WARNING
    message: str


@dataclass(frozen=True)
class FileFigure:
    """One of the file's figures of a month and what it is checked against."""

    column: str  # a ``Column`` of ``FIGURE_COLUMNS``
    figure: Decimal
    unit: str
    value: Decimal | None  # the indicator's value of the month, as the file gives it
    compared_month: date | None  # the month a change compares with
    history: Sequence[Decimal]  # the indicator's values the file gives: its usual level
    minimum_change: Decimal  # the outlier check's, for the unit
    shown: bool  # the portal lacks the column's months, so this figure would be shown


def figure_problems(each: FileFigure) -> list[FigureProblem]:
    """Every rule ``each`` breaks, in plain words; the caller names the row and column."""
    label = Column(each.column).label
    if each.column in CHANGE_COLUMNS:
        return _change_problems(each, label)
    problem = value_problem(
        unit=each.unit, value=each.figure, whole_counts=each.column == Column.MAX_12M
    )
    if problem:
        return [FigureProblem(ERROR, f"The file's {label}: {problem}")]
    if unusual := _unusual(each, each.figure):
        shown = amount(each.figure, each.unit)
        return [FigureProblem(WARNING, f"The file's {label} is {shown}, {unusual}")]
    return []


def _change_problems(each: FileFigure, label: str) -> list[FigureProblem]:
    change = each.figure
    if change < LOWEST_CHANGE:
        return [
            FigureProblem(
                ERROR,
                f"The file's {label} is {figure(change)}%, a fall of more than all of it, which "
                "values of 0 or more cannot make. Check the figure.",
            )
        ]
    if not each.shown or each.value is None or change == LOWEST_CHANGE:
        return []
    compared = each.value * HUNDRED / (HUNDRED + change)
    said = (
        f"The file's {label} of {figure(change)}% beside this month's "
        f"{amount(each.value, each.unit)} means {month_name(each.compared_month)} was "
        f"{amount(compared, each.unit)}"
    )
    if problem := value_problem(unit=each.unit, value=compared, whole_counts=False):
        return [FigureProblem(WARNING, f"{said}: {problem} Check the figure.")]
    if unusual := _unusual(each, compared):
        return [FigureProblem(WARNING, f"{said}, {unusual}")]
    return []


def _unusual(each: FileFigure, checked: Decimal) -> str:
    """ "far from its usual level: ..." where ``checked`` is an outlier against the file's
    values of the indicator and the figure would be shown; "" otherwise."""
    if not each.shown:
        return ""
    found = far_from_usual(checked, history=each.history, minimum_change=each.minimum_change)
    if found is None:
        return ""
    return (
        "far from its usual level: the median of the file's "
        f"{len(each.history)} months is {amount(found.median, each.unit)} and values usually "
        f"stay within {difference(found.limit, each.unit)} of it. Check the figure."
    )
