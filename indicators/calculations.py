"""The computed columns of the monthly dataset (DOMAIN.md section 3), as pure functions.

Values are ``Decimal``; ``None`` means a missing value (missing is not zero) and a ``None``
result means "undefined", which the pages and the pack show as "n/a". Nothing here raises on
a missing value or a zero base: a month with no data is normal, not an error.

The team's spreadsheet (``seeds/002_...txt``) is the reference: computing from its monthly
values reproduces its own columns (``tests/indicators/test_golden_seed.py``).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from django.db.models import TextChoices

from core.months import add_months
from core.numbers import HUNDRED, round_half_up

TRAVEL_THRESHOLD = Decimal(10)  # a change of 10% or more either way is a direction of travel
DEFAULT_TOLERANCE_PCT = Decimal(5)

Series = Mapping[date, Decimal | None]
K = TypeVar("K")  # how an indicator is named: its pk in the database, its ref in a file


class Direction(StrEnum):
    """Direction of travel of a change, as the dataset's arrows show it."""

    UP = "up"
    DOWN = "down"
    SIMILAR = "similar"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "similar": "→"}[self.value]

    @property
    def label(self) -> str:
        return {"up": "Increase", "down": "Decrease", "similar": "Similar"}[self.value]


class PreferredDirection(TextChoices):
    """An indicator's preferred direction of travel; NEITHER means context only. The model's
    field takes its choices from here, so the calculations and the catalogue share one enum."""

    UP = "up", "Up is good"
    DOWN = "down", "Down is good"
    NEITHER = "neither", "Neither (context only)"


class Judgement(StrEnum):
    POSITIVE = "positive"
    SIMILAR = "similar"
    NEGATIVE = "negative"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


def _present(value: Decimal | None) -> bool:
    """A usable number: not missing and not NaN or infinite."""
    return value is not None and value.is_finite()


def pct_change(*, current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """(current - base) / base x 100, unrounded; None when either is missing or base is 0.

    Relative also for percentages: 28 after 22 is +27.27, not +6 points.
    """
    if not (_present(current) and _present(base)) or base == 0:
        return None
    # One division, after an exact multiplication, so +10% comes out exactly 10.
    return (current - base) * HUNDRED / base


def change_from_previous_month(series: Series, month: date) -> Decimal | None:
    return pct_change(current=series.get(month), base=series.get(add_months(month, -1)))


def change_from_previous_year(series: Series, month: date) -> Decimal | None:
    """Change from the same month of the previous year (m-12)."""
    return pct_change(current=series.get(month), base=series.get(add_months(month, -12)))


def direction_of_travel(change: Decimal | None) -> Direction | None:
    """UP at +10% or more, DOWN at -10% or less, SIMILAR between; None when undefined."""
    if not _present(change):
        return None
    if change >= TRAVEL_THRESHOLD:
        return Direction.UP
    if change <= -TRAVEL_THRESHOLD:
        return Direction.DOWN
    return Direction.SIMILAR


def _last_12_months(series: Series, month: date) -> list[Decimal]:
    """The present values of the twelve months ending at ``month`` (m-11..m)."""
    values = (series.get(add_months(month, -back)) for back in range(12))
    return [value for value in values if _present(value)]


def average_12_months(series: Series, month: date) -> Decimal | None:
    """Mean of m-11..m ignoring missing months; None when all twelve are missing."""
    values = _last_12_months(series, month)
    return sum(values) / len(values) if values else None


def max_12_months(series: Series, month: date) -> Decimal | None:
    """Largest of m-11..m ignoring missing months; None when all twelve are missing."""
    values = _last_12_months(series, month)
    return max(values) if values else None


def judgement(
    *, direction: Direction | None, preferred: PreferredDirection | None
) -> Judgement | None:
    """Positive when travel goes the preferred way, negative when the opposite way.

    None for an undefined direction or a context-only indicator (no preferred direction).
    """
    if direction is None or preferred in (None, PreferredDirection.NEITHER):
        return None
    if direction == Direction.SIMILAR:
        return Judgement.SIMILAR
    return Judgement.POSITIVE if direction.value == preferred.value else Judgement.NEGATIVE


def rag(
    *,
    value: Decimal | None,
    target: Decimal | None,
    preferred: PreferredDirection | None,
    tolerance_pct: Decimal = DEFAULT_TOLERANCE_PCT,
) -> Rag | None:
    """GREEN on or beyond the target, AMBER within ``tolerance_pct`` % of it, RED otherwise.

    "Beyond" follows the preferred direction (above for up-is-good, below for down-is-good).
    The tolerance is a share of the target's size, so a zero target has no amber band.
    None when value or target is missing or the indicator is context only.
    """
    if not (_present(value) and _present(target)) or preferred in (
        None,
        PreferredDirection.NEITHER,
    ):
        return None
    # Measure the shortfall in the good direction: positive means short of the target.
    shortfall = target - value if preferred == PreferredDirection.UP else value - target
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= abs(target) * tolerance_pct / HUNDRED:
        return Rag.AMBER
    return Rag.RED


@dataclass(frozen=True)
class ComputedColumns:
    """The computed columns of one indicator for one month, as the dataset shows them.

    Both % change columns carry an arrow in the dataset, so each has its direction; the
    judgement follows the previous-month direction.
    """

    pct_change_prev_month: Decimal | None
    pct_change_prev_year: Decimal | None
    direction_prev_month: Direction | None
    direction_prev_year: Direction | None
    avg_12m: Decimal | None
    max_12m: Decimal | None
    judgement: Judgement | None
    rag: Rag | None


def compute(
    *,
    series: Series,
    month: date,
    preferred: PreferredDirection | None,
    target: Decimal | None = None,
    tolerance_pct: Decimal = DEFAULT_TOLERANCE_PCT,
) -> ComputedColumns:
    """Every computed column for ``month`` from an indicator's monthly values."""
    prev_month = change_from_previous_month(series, month)
    prev_year = change_from_previous_year(series, month)
    direction_prev_month = direction_of_travel(prev_month)
    return ComputedColumns(
        pct_change_prev_month=prev_month,
        pct_change_prev_year=prev_year,
        direction_prev_month=direction_prev_month,
        direction_prev_year=direction_of_travel(prev_year),
        avg_12m=average_12_months(series, month),
        max_12m=max_12_months(series, month),
        judgement=judgement(direction=direction_prev_month, preferred=preferred),
        rag=rag(
            value=series.get(month), target=target, preferred=preferred, tolerance_pct=tolerance_pct
        ),
    )


def display(value: Decimal | None, *, places: int = 0) -> str:
    """The value as the dataset shows it: rounded half up, thousands separated, or "n/a"."""
    rounded = round_half_up(value, places=places)
    return "n/a" if rounded is None else f"{rounded:,}"


# Derived indicators: a value computed from the counts of the same month, never entered.


@dataclass(frozen=True)
class Formula(Generic[K]):
    """numerator / denominator x scale; a ``None`` denominator means the month's population
    figure (children aged 0-17), for rates per 10,000 children."""

    numerator: K
    denominator: K | None
    scale: Decimal


@dataclass(frozen=True)
class Point:
    """One month's value of an indicator with its place in the return workflow."""

    value: Decimal | None
    state: str


def derived_value(
    *, numerator: Decimal | None, denominator: Decimal | None, scale: Decimal
) -> Decimal | None:
    """numerator / denominator x scale at full precision (one division, after the exact
    multiplication, so 4 of 17 x 100 is 23.529...); None when either is missing or the
    denominator is 0, as a change on a zero base is."""
    if not (_present(numerator) and _present(denominator)) or denominator == 0:
        return None
    return numerator * scale / denominator


def least_advanced(states: Iterable[str], *, order: Sequence[str]) -> str:
    """The state furthest from accepted among ``states`` (ordered by ``order``, first is the
    least advanced): a derived value is as provisional as its least-accepted input."""
    return min(states, key=order.index)


def derive(
    *,
    formulas: Mapping[K, Formula[K]],
    inputs: Mapping[K, Mapping[date, Point]],
    population: Callable[[date], Decimal | None],
    months: Iterable[date],
    order: Sequence[str],
) -> dict[K, dict[date, Point]]:
    """Every month's point of every indicator in ``formulas``, derived from ``inputs`` (the
    entered values) and from each other (a derived numerator or denominator is derived
    first). A month has a point where every entered input has one; the population counts
    as accepted reference data. Cycles are refused by the catalogue (``formula_cycles``);
    here a cycle gives no point rather than recursing for ever."""
    derived: dict[K, dict[date, Point]] = {key: {} for key in formulas}
    accepted = order[-1]

    def point(key: K, month: date, seen: frozenset) -> Point | None:
        if key not in formulas:
            return inputs.get(key, {}).get(month)
        if key in seen:
            return None
        if month in derived[key]:
            return derived[key][month]
        formula = formulas[key]
        numerator = point(formula.numerator, month, seen | {key})
        if formula.denominator is None:
            size = population(month)
            denominator = None if size is None else Point(size, accepted)
        else:
            denominator = point(formula.denominator, month, seen | {key})
        if numerator is None or denominator is None:
            return None
        result = Point(
            derived_value(
                numerator=numerator.value, denominator=denominator.value, scale=formula.scale
            ),
            least_advanced((numerator.state, denominator.state), order=order),
        )
        derived[key][month] = result
        return result

    for each in months:
        for key in formulas:
            point(key, each, frozenset())
    return derived


def formula_cycles(formulas: Mapping[K, Formula[K]]) -> list[list[K]]:
    """Each cycle of derived indicators (A from B, B from A), as the keys in it: a derived
    value that depends on itself has no value. A depth-first walk of the inputs."""
    cycles: list[list[K]] = []
    finished: set[K] = set()
    path: list[K] = []

    def visit(key: K) -> None:
        path.append(key)
        formula = formulas[key]
        for onward in (formula.numerator, formula.denominator):
            if onward not in formulas or onward in finished:
                continue
            if onward in path:
                cycles.append(path[path.index(onward) :])
            else:
                visit(onward)
        path.pop()
        finished.add(key)

    for key in formulas:
        if key not in finished:
            visit(key)
    return cycles
