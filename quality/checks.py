"""The data-quality checks as pure functions: rules between indicators, outliers, and
percentages typed as fractions.

Nothing here reads the database. A rule is plain data (:class:`Rule`) evaluated with plain
arithmetic on the month's ``{ref: value}``; an outlier is judged from an indicator's own
series. A missing value (None) is never zero: a rule with a missing side, or a value with
too little history, is not checked rather than flagged.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.months import add_months, month_name
from core.numbers import round_half_up

ONE = Decimal(1)
HUNDRED = Decimal(100)

AT_MOST, LESS_THAN, EQUAL, AT_LEAST, MORE_THAN, WITHIN = "le", "lt", "eq", "ge", "gt", "within"
SYMBOLS = {AT_MOST: "≤", LESS_THAN: "<", EQUAL: "=", AT_LEAST: "≥", MORE_THAN: ">"}
WORDS = {
    AT_MOST: "at most",
    LESS_THAN: "less than",
    EQUAL: "equal to",
    AT_LEAST: "at least",
    MORE_THAN: "more than",
}
TIMES, DIVIDED_BY = "\u00d7", "\u00f7"  # as a reporter writes them
ERROR, WARNING = "error", "warning"
RULE, OUTLIER, FRACTION = "rule", "outlier", "fraction"

# The outlier check: a robust z-score (Iglewicz and Hoaglin) over the last 24 months.
HISTORY_MONTHS = 24
MIN_HISTORY = 6  # fewer present months than this say too little about "usual"
CUTOFF = Decimal("3.5")
MAD_TO_SIGMA = Decimal("1.4826")  # the MAD of normal data times this is its standard deviation
# A percentage typed as a fraction (0.28 for 28%): questioned when it is under 1 and every
# one of at least this many present values in the months before is at least FRACTION_FLOOR.
MIN_FRACTION_HISTORY = 3
FRACTION_FLOOR = Decimal(5)
# A change from the usual level this small is never flagged, whatever the history: a count
# moving from 2 to 4 is noise, not news. Per unit; an indicator's own setting overrides it.
DEFAULT_MINIMUM_CHANGE = {
    "count": Decimal(5),
    "percentage": Decimal(5),
    "rate_per_10000": Decimal(5),
    "rate_per_100000": Decimal(5),
    "rate": Decimal(1),
}


def _present(value: Decimal | None) -> bool:
    return value is not None and value.is_finite()


def figure(value: Decimal) -> str:
    """A number as a reporter reads it: at most two decimal places, thousands separated."""
    rounded = round_half_up(value, places=2).normalize()
    return f"{rounded:,f}"


# How a figure of each unit is written in a flag, so nobody has to guess what "7.78" is:
# (before, after) a value, and after a difference between two values.
VALUE_UNITS = {
    "count": "",
    "percentage": "%",
    "rate_per_10000": " per 10,000 children",
    "rate_per_100000": " per 100,000",
    "rate": " (a rate)",
}
DIFFERENCE_UNITS = {
    "count": " (a count)",
    "percentage": " percentage points",
    "rate_per_10000": " per 10,000 children",
    "rate_per_100000": " per 100,000",
    "rate": " (a rate)",
}


def amount(value: Decimal, unit: str | None) -> str:
    """A value with its unit: "1,480", "28%", "41.2 per 10,000 children"; bare for None (a
    side of a rule that is a product or quotient, whose unit is the rule-writer's)."""
    return figure(value) + VALUE_UNITS.get(unit or "", "")


def difference(value: Decimal, unit: str) -> str:
    """A distance between two values with its unit: "7.78 percentage points", "12 (a count)"."""
    return figure(value) + DIFFERENCE_UNITS[unit]


@dataclass(frozen=True)
class Flag:
    """Something about one month's values to check or explain; ``refs`` are the values it is on."""

    month: date
    refs: tuple[str, ...]
    severity: str  # ERROR or WARNING
    kind: str  # RULE, OUTLIER or FRACTION
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class Rule:
    """A validation rule as data: ``left x left_factor  operator  right side``.

    The right side is ``right x right_factor / right_divisor`` or, without ``right``, the
    ``constant``. ``WITHIN`` holds when the sides differ by at most ``tolerance_pct`` % of the
    right side.
    """

    pk: int | None
    left: str
    operator: str
    message: str
    severity: str = WARNING
    left_factor: Decimal = ONE
    right: str | None = None
    right_factor: Decimal = ONE
    right_divisor: Decimal = ONE
    constant: Decimal | None = None
    tolerance_pct: Decimal | None = None

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.left,) if self.right is None else (self.left, self.right)

    @property
    def left_text(self) -> str:
        if self.left_factor == ONE:
            return self.left
        return f"{self.left} {TIMES} {figure(self.left_factor)}"

    @property
    def right_text(self) -> str:
        if self.right is None:
            return figure(self.constant)
        text = self.right
        if self.right_factor != ONE:
            text += f" {TIMES} {figure(self.right_factor)}"
        if self.right_divisor != ONE:
            text += f" {DIVIDED_BY} {figure(self.right_divisor)}"
        return text

    @property
    def relation(self) -> str:
        if self.operator == WITHIN:
            return f"within {figure(self.tolerance_pct)} % of"
        return WORDS[self.operator]

    def describe(self) -> str:
        """The rule in short, e.g. "M2 ≤ M1" or "CP1-NI within 2 % of CP1 x 10,000 / 49,200"
        (with the multiplication and division signs)."""
        symbol = SYMBOLS.get(self.operator) or self.relation
        return f"{self.left_text} {symbol} {self.right_text}"

    def sides(self, values: Mapping[str, Decimal | None]) -> tuple[Decimal, Decimal] | None:
        """Both sides' values for the month, or None when a value they need is missing."""
        left = values.get(self.left)
        if not _present(left):
            return None
        if self.right is None:
            return left * self.left_factor, self.constant
        right = values.get(self.right)
        if not _present(right):
            return None
        return left * self.left_factor, right * self.right_factor / self.right_divisor


def holds(rule: Rule, values: Mapping[str, Decimal | None]) -> bool | None:
    """Whether ``rule`` holds for a month's ``{ref: value}``; None when it cannot be checked."""
    sides = rule.sides(values)
    if sides is None:
        return None
    left, right = sides
    if rule.operator == WITHIN:
        return abs(left - right) <= abs(right) * rule.tolerance_pct / HUNDRED
    return {
        AT_MOST: left <= right,
        LESS_THAN: left < right,
        EQUAL: left == right,
        AT_LEAST: left >= right,
        MORE_THAN: left > right,
    }[rule.operator]


def breach(
    rule: Rule,
    values: Mapping[str, Decimal | None],
    *,
    month: date,
    units: Mapping[str, str] | None = None,
) -> Flag | None:
    """The flag of ``rule`` failing for the month's ``values``; None when it holds or cannot
    be checked. ``units`` (by ref) name the unit of each side that is an indicator's value
    as it is; a scaled side's unit is the rule's own, so it is shown bare."""
    if holds(rule, values) is not False:
        return None
    units = units or {}
    left, right = rule.sides(values)
    left_unit = units.get(rule.left) if rule.left_factor == ONE else None
    shown = f"{rule.left_text} is {amount(left, left_unit)}"
    if rule.right is not None:
        plain = rule.right_factor == ONE and rule.right_divisor == ONE
        shown += (
            f" and {rule.right_text} is {amount(right, units.get(rule.right) if plain else None)}"
        )
    return Flag(
        month=month,
        refs=rule.refs,
        severity=rule.severity,
        kind=RULE,
        message=f"{rule.message.rstrip('.')}. {rule.left_text} should be {rule.relation} "
        f"{rule.right_text}, but {shown}.",
    )


@dataclass(frozen=True)
class Outlier:
    """A value far from an indicator's usual level: by more than ``limit`` from the median."""

    value: Decimal
    median: Decimal
    limit: Decimal
    year_before: Decimal | None  # the same month a year before, for a seasonal indicator


def outlier(
    *,
    series: Mapping[date, Decimal | None],
    month: date,
    minimum_change: Decimal,
    seasonal: bool = False,
) -> Outlier | None:
    """Whether ``month``'s value is an outlier against the 24 months before it.

    The usual level is the median of the present values of those months and the usual spread
    their median absolute deviation (MAD), so one earlier outlier does not hide the next. A
    value is an outlier when it is further from the median than 3.5 robust standard
    deviations and than ``minimum_change``. A seasonal indicator's value is also compared
    with the same month a year before, and only flagged when it is far from that too.
    Missing months are ignored; with fewer than ``MIN_HISTORY`` present, nothing is flagged.
    """
    value = series.get(month)
    if not _present(value):
        return None
    before = (series.get(add_months(month, -back)) for back in range(1, HISTORY_MONTHS + 1))
    found = far_from_usual(value, history=before, minimum_change=minimum_change)
    if found is None:
        return None
    year_before = series.get(add_months(month, -12)) if seasonal else None
    if _present(year_before) and abs(value - year_before) <= found.limit:
        return None
    return Outlier(value=value, median=found.median, limit=found.limit, year_before=year_before)


def far_from_usual(
    value: Decimal, *, history: Iterable[Decimal | None], minimum_change: Decimal
) -> Outlier | None:
    """Whether ``value`` is further from the median of ``history`` (its present values) than
    3.5 robust standard deviations and than ``minimum_change``; None with fewer than
    ``MIN_HISTORY`` present values, which say too little about "usual"."""
    present = [earlier for earlier in history if _present(earlier)]
    if len(present) < MIN_HISTORY:
        return None
    middle = statistics.median(present)
    spread = statistics.median(abs(earlier - middle) for earlier in present)
    limit = max(CUTOFF * MAD_TO_SIGMA * spread, minimum_change)
    if abs(value - middle) <= limit:
        return None
    return Outlier(value=value, median=middle, limit=limit, year_before=None)


def outlier_flag(ref: str, month: date, found: Outlier, *, unit: str) -> Flag:
    message = (
        f"{ref} is {amount(found.value, unit)}, far from its usual level: the median of the "
        f"last {HISTORY_MONTHS} months is {amount(found.median, unit)} and values usually "
        f"stay within {difference(found.limit, unit)} of it"
    )
    if found.year_before is not None:
        message += f"; {month_name(add_months(month, -12))} was {amount(found.year_before, unit)}"
    return Flag(
        month=month,
        refs=(ref,),
        severity=WARNING,
        kind=OUTLIER,
        message=f"{message}. Check the figure; if it is right, explain this movement.",
    )


def fraction_flag(
    ref: str, *, series: Mapping[date, Decimal | None], month: date, unit: str
) -> Flag | None:
    """The question "did you mean 28%?" for a percentage under 1 (0.28) whose months before
    are all well above 1 (at least ``FRACTION_FLOOR``): a share typed as a fraction would be
    stored and published a hundred times too small. None for any other value or unit."""
    value = series.get(month)
    if unit != "percentage" or not _present(value) or not 0 < value < ONE:
        return None
    before = (series.get(add_months(month, -back)) for back in range(1, HISTORY_MONTHS + 1))
    present = [earlier for earlier in before if _present(earlier)]
    if len(present) < MIN_FRACTION_HISTORY or min(present) < FRACTION_FLOOR:
        return None
    return Flag(
        month=month,
        refs=(ref,),
        severity=WARNING,
        kind=FRACTION,
        message=f"{ref} is {amount(value, unit)}, but its last {len(present)} values were "
        f"{amount(min(present), unit)} to {amount(max(present), unit)}: did you mean "
        f"{amount(value * HUNDRED, unit)}? A percentage is entered as 28 or 28%, "
        "not as the fraction 0.28.",
    )


@dataclass(frozen=True)
class History:
    """What the outlier check needs to know of an indicator besides its values."""

    minimum_change: Decimal
    unit: str  # Unit's value: how its figures are written in a flag
    seasonal: bool = False


def minimum_change_for(*, unit: str, override: Decimal | None) -> Decimal:
    return override if override is not None else DEFAULT_MINIMUM_CHANGE[unit]


def flags(
    *,
    series: Mapping[str, Mapping[date, Decimal | None]],
    histories: Mapping[str, History],
    rules: Sequence[Rule],
    checked: Iterable[tuple[str, date]],
) -> list[Flag]:
    """Every flag on the ``checked`` (ref, month) values: each one's outlier and fraction
    checks, and every rule that involves it (a rule on two checked values is reported once).

    ``series`` holds each indicator's values by month, as far back as the outlier check
    needs; ``histories`` the indicators whose outliers are checked.
    """
    rules_of: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        for ref in set(rule.refs):
            rules_of[ref].append(rule)
    found: list[Flag] = []
    evaluated: set[tuple[Rule, date]] = set()
    units = {ref: history.unit for ref, history in histories.items()}
    for ref, month in sorted(set(checked)):
        if ref in histories:
            history = histories[ref]
            unusual = outlier(
                series=series.get(ref, {}),
                month=month,
                minimum_change=history.minimum_change,
                seasonal=history.seasonal,
            )
            if unusual:
                found.append(outlier_flag(ref, month, unusual, unit=history.unit))
            fraction = fraction_flag(
                ref, series=series.get(ref, {}), month=month, unit=history.unit
            )
            if fraction:
                found.append(fraction)
        for rule in rules_of[ref]:
            if (rule, month) in evaluated:
                continue
            evaluated.add((rule, month))
            values = {name: series.get(name, {}).get(month) for name in rule.refs}
            if flag := breach(rule, values, month=month, units=units):
                found.append(flag)
    return found
