"""How figures are shown: by the indicator's unit, with missing and undefined made explicit."""

from decimal import Decimal

from core.numbers import round_half_up
from indicators.calculations import Direction
from indicators.models import Unit

MISSING = "-"  # no value for the month: missing, not zero
UNDEFINED = "n/a"  # a computed figure that cannot be computed
# Marks a computed figure that is the imported file's, not the portal's: the portal lacks
# months the column needs (``calculations.history_lacking``). Legends explain it.
REPORTED_MARK = "f"
REPORTED_LEGEND = (
    f"{REPORTED_MARK}: as reported by the imported file; the portal does not hold the months "
    "this figure needs (12 for the 12-month average and maximum, 13 year on year)."
)


def figure(value: Decimal | None, *, unit: str, places: int = 0) -> str:
    """A value as the dataset shows it: ``1,480``, ``28%``, ``85.4``; ``-`` when missing."""
    rounded = round_half_up(value, places=places)
    if rounded is None:
        return MISSING
    text = f"{rounded:,}"
    return f"{text}%" if unit == Unit.PERCENTAGE else text


def target(target, *, unit: str, places: int = 0) -> str:
    """A ``Target`` as the team writes it, its sign first: ``<36%``, ``>=95%``, ``273``; ``-``
    where there is none. The sign says which side of the figure meets it."""
    if target is None:
        return MISSING
    return f"{target.comparator}{figure(target.value, unit=unit, places=places)}"


def benchmark(benchmark, *, unit: str, places: int = 0) -> str:
    """A ``Benchmark``'s figure, or what the file says instead ("Local measure", "Not
    available", "Not stated": ``Benchmark.shown``)."""
    if benchmark.value is None:
        return benchmark.shown
    return figure(benchmark.value, unit=unit, places=places)


def change(value: Decimal | None, direction: Direction | None = None, *, unit: str = "%") -> str:
    """A change such as ``↑ +27.3%`` (or ``↑ +6.0 pts`` with ``unit=" pts"``), or ``n/a``
    where it is undefined."""
    rounded = round_half_up(value, places=1)
    if rounded is None:
        return UNDEFINED
    arrow = f"{direction.arrow} " if direction else ""
    return f"{arrow}{rounded:+}{unit}"


POINTS = "pts"  # percentage points; the pack's key and definitions say so


def shown_change(shown) -> str:
    """A ``ShownChange`` as text: ``↑ +6.0 pts`` for a percentage measure, else as ``change``."""
    return change(shown.value, shown.direction, unit=f" {POINTS}" if shown.in_points else "%")


def reported(text: str, computed, column: str) -> str:
    """``text`` with, where the figure is the imported file's (``ComputedColumns.from_file``),
    words saying so: for plain-text cells (worklists and their exports) without a legend."""
    return f"{text} (as reported by the file)" if column in computed.from_file else text
