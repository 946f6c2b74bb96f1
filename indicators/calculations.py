"""The computed columns of the monthly dataset (% changes, direction, 12-month figures), pure.

Values are ``Decimal``; ``None`` means a missing value (missing is not zero) and a ``None``
result means "undefined", which the pages and the pack show as "n/a". Nothing here raises on
a missing value or a zero base: a month with no data is normal, not an error.

The team's spreadsheet (``dataset_import/demo_data/dataset_2016_09.tsv``) is the reference:
computing from its monthly values reproduces its own columns
(``tests/indicators/test_golden_seed.py``).
"""

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from django.db.models import TextChoices

from core.months import add_months
from core.numbers import HUNDRED, round_half_up

QUARTER_ENDS = (3, 6, 9, 12)
FINANCIAL_YEAR_END = 3  # March
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


class Frequency(TextChoices):
    """How often an indicator has a value. A quarterly measure has one at each quarter end
    (June, September, December, March); an annual one at the end of the financial year
    (March), so that every measure's year closes with the council's own. The model's field
    takes its choices from here, like ``PreferredDirection``."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"

    @property
    def step(self) -> int:
        """Months from one value to the next."""
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]


def is_reporting_month(month: date, *, frequency: str) -> bool:
    """Whether ``frequency`` has a value in ``month``: every month, quarter ends (Mar, Jun,
    Sep, Dec), or March (the end of the financial year). A return expects a value, and
    reminders and completeness chase it, only in these months."""
    if frequency == Frequency.QUARTERLY:
        return month.month in QUARTER_ENDS
    if frequency == Frequency.ANNUAL:
        return month.month == FINANCIAL_YEAR_END
    return True


def reporting_frequencies(month: date) -> list[str]:
    """The frequencies that have a value in ``month`` (for filtering indicators by it)."""
    return [
        frequency.value for frequency in Frequency if is_reporting_month(month, frequency=frequency)
    ]


class Column(TextChoices):
    """The dataset's computed columns that the team's file also reports, by the names the
    reader gives their cells (``DatasetRow.file_<name>``) and ``ComputedColumns`` its fields.

    RAG is the file's judgement of the month, kept as its code (-1 red, 0 amber, 1 green,
    ``Rag.of_code``); the others are figures (``FIGURE_COLUMNS``)."""

    PCT_CHANGE_PREV_MONTH = "pct_change_prev_month", "% change from previous period"
    PCT_CHANGE_PREV_YEAR = "pct_change_prev_year", "% change from same month previous year"
    AVG_12M = "avg_12m", "12-month average"
    MAX_12M = "max_12m", "12-month maximum"
    RAG = "rag", "RAG"


# The columns whose file's figure is a number computed from the values (not the RAG).
FIGURE_COLUMNS = (
    Column.PCT_CHANGE_PREV_MONTH,
    Column.PCT_CHANGE_PREV_YEAR,
    Column.AVG_12M,
    Column.MAX_12M,
)
CHANGE_COLUMNS = (Column.PCT_CHANGE_PREV_MONTH, Column.PCT_CHANGE_PREV_YEAR)


class Judgement(StrEnum):
    POSITIVE = "positive"
    SIMILAR = "similar"
    NEGATIVE = "negative"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def code(self) -> int:
        """The code the board tables write it as: -1 red, 0 amber, 1 green."""
        return {"red": -1, "amber": 0, "green": 1}[self.value]

    @classmethod
    def of_code(cls, code: Decimal | int) -> "Rag":
        """The RAG a -1 / 0 / 1 code stands for (as kept in ``ReportedFigure.value``)."""
        return {-1: cls.RED, 0: cls.AMBER, 1: cls.GREEN}[int(code)]


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


def change_from_previous_month(
    series: Series, month: date, *, frequency: str = Frequency.MONTHLY
) -> Decimal | None:
    """Change from the previous value of the measure: the month before (m-1), the quarter
    before (m-3) for a quarterly measure, the year before (m-12) for an annual one."""
    base = add_months(month, -Frequency(frequency).step)
    return pct_change(current=series.get(month), base=series.get(base))


def change_from_previous_year(series: Series, month: date) -> Decimal | None:
    """Change from the same month of the previous year (m-12)."""
    return pct_change(current=series.get(month), base=series.get(add_months(month, -12)))


def change_in_points(*, current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """The difference of two percentages in percentage points (22% to 28% is +6 points),
    as readers of a percentage measure expect it; None where either is missing. The
    dataset's own column stays relative (``pct_change``): its arrows and judgement follow
    that."""
    if not (_present(current) and _present(base)):
        return None
    return current - base


def direction_of_travel(change: Decimal | None) -> Direction | None:
    """UP at +10% or more, DOWN at -10% or less, SIMILAR between; None when undefined."""
    if not _present(change):
        return None
    if change >= TRAVEL_THRESHOLD:
        return Direction.UP
    if change <= -TRAVEL_THRESHOLD:
        return Direction.DOWN
    return Direction.SIMILAR


def window_months(month: date, *, frequency: str = Frequency.MONTHLY) -> list[date]:
    """The months of the twelve ending at ``month`` (m-11..m) that the measure has a value
    in, newest first: all twelve, a quarterly measure's four quarters (m, m-3, m-6, m-9), an
    annual measure's one year."""
    step = Frequency(frequency).step
    return [add_months(month, -back) for back in range(0, 12, step)]


def _last_12_months(series: Series, month: date, frequency: str) -> list[Decimal]:
    """The present values of the window of twelve months ending at ``month``."""
    values = (series.get(each) for each in window_months(month, frequency=frequency))
    return [value for value in values if _present(value)]


def average_12_months(
    series: Series, month: date, *, frequency: str = Frequency.MONTHLY
) -> Decimal | None:
    """Mean of m-11..m (its quarters for a quarterly measure) ignoring missing months; None
    when all are missing."""
    values = _last_12_months(series, month, frequency)
    return sum(values) / len(values) if values else None


def max_12_months(
    series: Series, month: date, *, frequency: str = Frequency.MONTHLY
) -> Decimal | None:
    """Largest of m-11..m (its quarters for a quarterly measure) ignoring missing months;
    None when all are missing."""
    values = _last_12_months(series, month, frequency)
    return max(values) if values else None


def first_month_read(column: str, month: date, *, frequency: str = Frequency.MONTHLY) -> date:
    """The earliest month ``column`` reads for ``month``: m-1 (m-3, m-12 by frequency) for
    the previous-period change, m-12 year on year, m-11 (the window's oldest month the
    measure has) for the 12-month average and maximum."""
    if column == Column.PCT_CHANGE_PREV_MONTH:
        return add_months(month, -Frequency(frequency).step)
    if column == Column.PCT_CHANGE_PREV_YEAR:
        return add_months(month, -12)
    return window_months(month, frequency=frequency)[-1]


def history_lacking(
    column: str,
    month: date,
    *,
    frequency: str = Frequency.MONTHLY,
    held_from: date | None,
    active_from: date | None,
) -> bool:
    """Whether the portal lacks months of the indicator's life that ``column`` needs.

    ``held_from`` is the first month the portal holds for the indicator (a row, even one
    whose value is missing: a gap after it is a missing value, which the columns ignore).
    Months before the measure started (``active_from``) are absent, not lacking: a measure
    six months old has a six-month average, honestly. Lacking months would put a shorter
    window under the column's label, so the column shows the file's figure or "n/a".
    """
    needed = first_month_read(column, month, frequency=frequency)
    if active_from is not None:
        needed = max(needed, active_from)
    return held_from is None or held_from > needed


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


class Comparator(TextChoices):
    """How a value meets its target, as the target states it ("<36%" is met below 36). None
    leaves it to the preferred direction: on the target or beyond it. The model's field takes
    its choices from here, like ``PreferredDirection``."""

    NONE = "", "By the preferred direction"
    BELOW = "<", "Below"
    AT_MOST = "<=", "At most"
    ABOVE = ">", "Above"
    AT_LEAST = ">=", "At least"


MEETS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    Comparator.BELOW: operator.lt,
    Comparator.AT_MOST: operator.le,
    Comparator.ABOVE: operator.gt,
    Comparator.AT_LEAST: operator.ge,
}
# A target without a comparator is met on it or beyond it in the preferred direction.
MET_BY_DIRECTION = {
    PreferredDirection.UP: Comparator.AT_LEAST,
    PreferredDirection.DOWN: Comparator.AT_MOST,
}


def rag(
    *,
    value: Decimal | None,
    target: Decimal | None,
    preferred: PreferredDirection | None,
    comparator: str = Comparator.NONE,
    tolerance_pct: Decimal = DEFAULT_TOLERANCE_PCT,
) -> Rag | None:
    """GREEN where the value meets the target, AMBER where it misses it by no more than
    ``tolerance_pct`` % of the target's size, RED otherwise.

    What meets the target is its ``comparator`` where it has one ("<36%": below 36, so 36
    itself is amber): the target's own statement, which decides even where it disagrees with
    the preferred direction or the indicator is context only. Without one, the preferred
    direction decides: at least the target for up-is-good, at most for down-is-good. The
    tolerance is a share of the target's size, so a zero target has no amber band: a value
    that misses it is red, even one equal to a target it had to be beyond.
    None when value or target is missing, or with neither comparator nor preferred direction.
    """
    stated = Comparator(comparator) if comparator else MET_BY_DIRECTION.get(preferred)
    if stated is None or not (_present(value) and _present(target)):
        return None
    if MEETS[stated](value, target):
        return Rag.GREEN
    band = abs(target) * tolerance_pct / HUNDRED
    return Rag.AMBER if band > 0 and abs(value - target) <= band else Rag.RED


# What a target says of an indicator's preferred direction: a target met below its figure
# ("<36%", "<= 10") is one where lower is better.
COMPARATOR_DIRECTIONS = {
    Comparator.BELOW: PreferredDirection.DOWN,
    Comparator.AT_MOST: PreferredDirection.DOWN,
    Comparator.ABOVE: PreferredDirection.UP,
    Comparator.AT_LEAST: PreferredDirection.UP,
}
OPPOSITE = {
    PreferredDirection.UP: PreferredDirection.DOWN,
    PreferredDirection.DOWN: PreferredDirection.UP,
}


def direction_from_comparator(comparator: str) -> PreferredDirection | None:
    """The direction a target's comparator states: ``<`` / ``<=`` lower is better, ``>`` /
    ``>=`` higher is better; None for a target without one."""
    return COMPARATOR_DIRECTIONS.get(comparator)


def direction_from_rag(
    *, judged: Rag, value: Decimal | None, target: Decimal | None
) -> PreferredDirection | None:
    """The direction a judgement against a target implies: a value beyond its target on one
    side is green only where that side is better, red or amber only where it is worse. So a
    red (or amber) month above its target says lower is better, a green one above says
    higher is better, and the reverse below. None where value or target is missing or they
    are equal (a month on its target says nothing of which side is better)."""
    if not (_present(value) and _present(target)) or value == target:
        return None
    above = PreferredDirection.UP if value > target else PreferredDirection.DOWN
    return above if judged == Rag.GREEN else OPPOSITE[above]


def agreed_direction(
    evidence: Iterable[PreferredDirection | None],
) -> PreferredDirection | None:
    """The one direction every piece of ``evidence`` (None: says nothing) agrees on; None
    where there is none, or where evidence conflicts (up and down)."""
    found = {each for each in evidence if each is not None}
    return found.pop() if len(found) == 1 else None


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
    # The ``Column`` names whose figure is the one the imported file reported, because the
    # portal lacks months the column needs (or, for "rag", cannot judge the month): pages,
    # the pack and exports mark them.
    from_file: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Life:
    """What the columns need to know of an indicator beyond its values, to be honest about
    its history (``history_lacking``): its frequency, the first month the portal holds, when
    the measure started, and the file's own figures for the month, by ``Column``."""

    frequency: str = Frequency.MONTHLY
    held_from: date | None = None
    active_from: date | None = None
    reported: Mapping[str, Decimal] = field(default_factory=dict)

    def lacking(self, column: str, month: date) -> bool:
        return history_lacking(
            column,
            month,
            frequency=self.frequency,
            held_from=self.held_from,
            active_from=self.active_from,
        )


def compute(
    *,
    series: Series,
    month: date,
    preferred: PreferredDirection | None,
    target: Decimal | None = None,
    comparator: str = Comparator.NONE,
    tolerance_pct: Decimal = DEFAULT_TOLERANCE_PCT,
    life: Life | None = None,
) -> ComputedColumns:
    """Every computed column for ``month`` from an indicator's monthly values.

    With ``life``, the columns follow the indicator's frequency, and a column whose months
    the portal lacks is the file's figure (listed in ``from_file``) or None, never a figure
    over a shorter window; the arrows and the judgement follow the figure shown. Where the
    portal cannot judge the RAG (no target for the month's financial year, or neither a
    comparator nor a preferred direction), the file's RAG of the month is the RAG, with
    "rag" in ``from_file``; where it can, its own judgement stands (the import warns where
    the file's differs).
    """
    life = life or Life(held_from=date.min)  # without it, the history is taken as whole
    frequency = life.frequency
    ours = {
        Column.PCT_CHANGE_PREV_MONTH: change_from_previous_month(
            series, month, frequency=frequency
        ),
        Column.PCT_CHANGE_PREV_YEAR: change_from_previous_year(series, month),
        Column.AVG_12M: average_12_months(series, month, frequency=frequency),
        Column.MAX_12M: max_12_months(series, month, frequency=frequency),
    }
    shown, from_file = {}, set()
    for column, figure in ours.items():
        if life.lacking(column, month):
            figure = life.reported.get(column)
            if figure is not None:
                from_file.add(column.value)
        shown[column] = figure
    direction_prev_month = direction_of_travel(shown[Column.PCT_CHANGE_PREV_MONTH])
    judged = rag(
        value=series.get(month),
        target=target,
        preferred=preferred,
        comparator=comparator,
        tolerance_pct=tolerance_pct,
    )
    if judged is None and (code := life.reported.get(Column.RAG)) is not None:
        judged = Rag.of_code(code)
        from_file.add(Column.RAG.value)
    return ComputedColumns(
        pct_change_prev_month=shown[Column.PCT_CHANGE_PREV_MONTH],
        pct_change_prev_year=shown[Column.PCT_CHANGE_PREV_YEAR],
        direction_prev_month=direction_prev_month,
        direction_prev_year=direction_of_travel(shown[Column.PCT_CHANGE_PREV_YEAR]),
        avg_12m=shown[Column.AVG_12M],
        max_12m=shown[Column.MAX_12M],
        judgement=judgement(direction=direction_prev_month, preferred=preferred),
        rag=judged,
        from_file=frozenset(from_file),
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
    entered values) and from each other, in ``evaluation_order``: a derived numerator or
    denominator is derived first, however long the chain, without recursion. A month has a
    point where every entered input has one; the population counts as accepted reference
    data. Cycles are refused by the catalogue (``formula_cycles``); here an indicator in a
    cycle, or computed from one, has no point."""
    derived: dict[K, dict[date, Point]] = {key: {} for key in formulas}
    accepted = order[-1]
    months = list(months)

    def point(key: K, month: date) -> Point | None:
        return (derived if key in formulas else inputs).get(key, {}).get(month)

    for key in evaluation_order(formulas):
        formula = formulas[key]
        for month in months:
            numerator = point(formula.numerator, month)
            if formula.denominator is None:
                size = population(month)
                denominator = None if size is None else Point(size, accepted)
            else:
                denominator = point(formula.denominator, month)
            if numerator is None or denominator is None:
                continue
            derived[key][month] = Point(
                derived_value(
                    numerator=numerator.value, denominator=denominator.value, scale=formula.scale
                ),
                least_advanced((numerator.state, denominator.state), order=order),
            )
    return derived


def _derived_inputs(formulas: Mapping[K, Formula[K]], key: K) -> list[K]:
    """The inputs of ``key``'s formula that are derived themselves, each once."""
    formula = formulas[key]
    inputs = [formula.numerator, formula.denominator]
    return [
        each for index, each in enumerate(inputs) if each in formulas and each not in inputs[:index]
    ]


def evaluation_order(formulas: Mapping[K, Formula[K]]) -> list[K]:
    """The keys of ``formulas``, each after the derived indicators it is computed from (a
    topological order, by Kahn's algorithm: no recursion, however deep the chain). Keys in a
    cycle, or computed from one, are left out: they have no value."""
    waiting = {key: len(_derived_inputs(formulas, key)) for key in formulas}
    readers: dict[K, list[K]] = {key: [] for key in formulas}
    for key in formulas:
        for each in _derived_inputs(formulas, key):
            readers[each].append(key)
    ordered = [key for key, count in waiting.items() if count == 0]
    for key in ordered:  # grows as readers become ready
        for reader in readers[key]:
            waiting[reader] -= 1
            if waiting[reader] == 0:
                ordered.append(reader)
    return ordered


def formula_cycles(formulas: Mapping[K, Formula[K]]) -> list[list[K]]:
    """Each cycle of derived indicators (A from B, B from A), as the keys in it: a derived
    value that depends on itself has no value. A depth-first walk of the inputs with an
    explicit stack, so a long chain cannot exhaust Python's."""
    cycles: list[list[K]] = []
    finished: set[K] = set()
    for start in formulas:
        if start in finished:
            continue
        path: list[K] = [start]
        on_path: set[K] = {start}
        onward_of = [iter(_derived_inputs(formulas, start))]
        while path:
            onward = next(onward_of[-1], None)
            if onward is None:
                finished.add(path[-1])
                on_path.discard(path.pop())
                onward_of.pop()
            elif onward in on_path:
                cycles.append(path[path.index(onward) :])
            elif onward not in finished:
                path.append(onward)
                on_path.add(onward)
                onward_of.append(iter(_derived_inputs(formulas, onward)))
    return cycles


# The longest chain of derived indicators the catalogue accepts (D3 from D2 from D1 from
# counts is 3 deep): the team's own are 1 or 2 deep; a longer chain is a mistake, and one
# thousands deep once made every page reading it fail.
MAX_FORMULA_DEPTH = 10


def too_deep_chains(formulas: Mapping[K, Formula[K]], *, limit: int) -> list[list[K]]:
    """Each chain of derived indicators deeper than ``limit``, as its keys from the top (an
    indicator no other formula reads) down its deepest inputs to one computed from entered
    values only. Depths are counted in ``evaluation_order``; cycles are left to
    ``formula_cycles``."""
    depth: dict[K, int] = {}
    deepest_input: dict[K, K | None] = {}
    for key in evaluation_order(formulas):
        below = max(_derived_inputs(formulas, key), key=depth.__getitem__, default=None)
        deepest_input[key] = below
        depth[key] = 1 + (depth[below] if below is not None else 0)
    read = {each for key in formulas for each in _derived_inputs(formulas, key)}
    chains = []
    for top in depth:
        if top in read or depth[top] <= limit:
            continue
        chain = [top]
        while (below := deepest_input[chain[-1]]) is not None:
            chain.append(below)
        chains.append(chain)
    return chains


def chain_text(chain: Sequence[object], *, shown: int = 3) -> str:
    """A chain of derived indicators in words, its middle elided when long:
    "D2000 -> D1999 -> D1998 -> ... -> D1"."""
    names = [str(key) for key in chain]
    if len(names) > shown + 1:
        names = [*names[:shown], "...", names[-1]]
    return " -> ".join(names)


# What the rounding of shown figures can explain. The team's file shows percentages and rates
# rounded (24% stands for anything from 23.5 to 24.5) and computes its columns from the
# unrounded figures, so its columns are checked against every figure the shown values could
# stand for, not against a fixed tolerance: 36% after 3% is +1,100% on the shown values and
# anything from +914% to +1,360% on values that show as 36% and 3%. Values of the dataset are
# never negative (counts, percentages, rates), so a value shown as 0 stands for 0 to 0.5.

INFINITY = Decimal("Infinity")


@dataclass(frozen=True)
class Span:
    """The true values a figure may have: ``low`` to ``high``, ``high`` itself excluded where
    it is the edge of a rounding (24 shown stands for 23.5 <= x < 24.5)."""

    low: Decimal
    high: Decimal
    high_open: bool = False

    def could_show_as(self, shown: Decimal) -> bool:
        """Whether a value in the span, rounded half up to the places ``shown`` has (24 to
        whole numbers, 94.8 to one place), shows as ``shown``."""
        half = _half_unit(shown)
        if shown < 0:  # half away from zero: -24 stands for -24.5 < x <= -23.5
            return self.low <= shown + half and self.high > shown - half
        reaches = self.high > shown - half if self.high_open else self.high >= shown - half
        return self.low < shown + half and reaches


def _half_unit(shown: Decimal) -> Decimal:
    """Half of the last place ``shown`` is written to: 0.5 for 24, 0.05 for 94.8."""
    places = max(0, -shown.as_tuple().exponent)
    return Decimal(5).scaleb(-places - 1)


def exact_span(value: Decimal) -> Span:
    """A value known exactly (a count, or a figure read at full precision)."""
    return Span(value, value)


def shown_span(value: Decimal) -> Span:
    """The values a figure shown as ``value``, to the places it is written with, stands for."""
    half = _half_unit(value)
    low = value - half
    return Span(max(low, Decimal(0)) if value >= 0 else low, value + half, high_open=True)


def value_spans(series: Series, *, rounded: bool) -> dict[date, Span]:
    """Each present value's span: as shown (``rounded``) or exact."""
    make = shown_span if rounded else exact_span
    return {month: make(value) for month, value in series.items() if _present(value)}


def change_span(*, current: Span, base: Span) -> Span:
    """The relative changes from any value of ``base`` to any of ``current`` (in percent).

    With a base that is positive throughout, the change is monotonic in each value, so its
    extremes are at the corners; a base that may be 0 leaves the change unbounded above.
    """
    if base.low <= 0:
        return Span(pct_change(current=current.low, base=base.high) or Decimal(-100), INFINITY)
    corners = [
        (c - b) * HUNDRED / b for c in (current.low, current.high) for b in (base.low, base.high)
    ]
    return Span(min(corners), max(corners))


def average_span(spans: Iterable[Span]) -> Span:
    spans = list(spans)
    return Span(
        sum(span.low for span in spans) / len(spans),
        sum(span.high for span in spans) / len(spans),
        high_open=any(span.high_open for span in spans),
    )


def max_span(spans: Iterable[Span]) -> Span:
    """Rounding keeps order, so the largest value lies in the largest span."""
    spans = list(spans)
    high = max(span.high for span in spans)
    return Span(
        max(span.low for span in spans),
        high,
        high_open=all(span.high_open for span in spans if span.high == high),
    )


def column_span(
    column: str, spans: Mapping[date, Span], month: date, *, frequency: str = Frequency.MONTHLY
) -> Span | None:
    """The figures ``column`` can have for ``month`` when each month's value may be anything
    in its span (``value_spans``); None where the column is undefined on the shown values."""
    if column in (Column.PCT_CHANGE_PREV_MONTH, Column.PCT_CHANGE_PREV_YEAR):
        base = spans.get(first_month_read(column, month, frequency=frequency))
        current = spans.get(month)
        if current is None or base is None or base.high == 0:
            return None
        return change_span(current=current, base=base)
    window = [spans[each] for each in window_months(month, frequency=frequency) if each in spans]
    if not window:
        return None
    return average_span(window) if column == Column.AVG_12M else max_span(window)


def rounding_explains(
    *,
    column: str,
    shown: Decimal,
    series: Series,
    month: date,
    rounded: bool,
    frequency: str = Frequency.MONTHLY,
) -> bool:
    """Whether the file's figure ``shown`` for ``column`` is one that values showing as
    ``series`` shows them (rounded, or exact) would give: only a figure outside every such
    value is a real difference, worth a warning."""
    span = column_span(column, value_spans(series, rounded=rounded), month, frequency=frequency)
    return span is not None and span.could_show_as(shown)
