"""The pure checks: each rule operator, and the outlier check on hand-built series."""

import statistics
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.months import add_months
from quality import checks
from quality.checks import Rule, breach, holds, outlier

SEPTEMBER = date(2016, 9, 1)
D = Decimal


def rule(operator: str, **fields) -> Rule:
    fields.setdefault("right", "M1")
    return Rule(
        pk=None, left="M2", operator=operator, message="Referrals cannot exceed contacts", **fields
    )


def history(values: list, *, month: date = SEPTEMBER) -> dict[date, Decimal | None]:
    """``values`` for the months before ``month``, the last one the month just before it."""
    return {
        add_months(month, offset - len(values)): None if value is None else D(value)
        for offset, value in enumerate(values)
    }


@pytest.mark.parametrize(
    ("operator", "left", "right", "expected"),
    [
        (checks.AT_MOST, "300", "400", True),
        (checks.AT_MOST, "400", "400", True),
        (checks.AT_MOST, "401", "400", False),
        (checks.LESS_THAN, "399", "400", True),
        (checks.LESS_THAN, "400", "400", False),
        (checks.EQUAL, "400", "400.0", True),
        (checks.EQUAL, "400", "400.01", False),
        (checks.AT_LEAST, "400", "400", True),
        (checks.AT_LEAST, "399", "400", False),
        (checks.MORE_THAN, "401", "400", True),
        (checks.MORE_THAN, "400", "400", False),
    ],
)
def test_each_comparison_operator(operator, left, right, expected):
    assert holds(rule(operator), {"M2": D(left), "M1": D(right)}) is expected


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("18.09", True), ("18.45", True), ("18.46", False), ("17.73", True), ("17.72", False)],
)
def test_within_n_percent_of_a_count_times_a_factor_over_a_divisor(rate, expected):
    # CP1-NI within 2 % of CP1 x 10,000 / 49,200: CP1 = 89 gives 18.0894..., so 17.728 - 18.451.
    within = Rule(
        pk=None,
        left="CP1-NI",
        operator=checks.WITHIN,
        tolerance_pct=D(2),
        right="CP1",
        right_factor=D(10_000),
        right_divisor=D(49_200),
        message="The rate disagrees with the count",
    )
    assert holds(within, {"CP1-NI": D(rate), "CP1": D(89)}) is expected


def test_within_zero_percent_of_zero_only_holds_for_zero():
    within = rule(checks.WITHIN, tolerance_pct=D(5))
    assert holds(within, {"M2": D(0), "M1": D(0)}) is True
    assert holds(within, {"M2": D("0.01"), "M1": D(0)}) is False


def test_a_constant_right_side_and_a_factor_on_the_left():
    # A percentage typed as a fraction: M3 x 100 must be at most 100.
    capped = Rule(
        pk=None,
        left="M3",
        left_factor=D(100),
        operator=checks.AT_MOST,
        constant=D(100),
        message="A percentage cannot be over 100",
    )
    assert holds(capped, {"M3": D("0.28")}) is True
    assert holds(capped, {"M3": D(28)}) is False
    assert capped.describe() == "M3 \u00d7 100 \u2264 100"


@pytest.mark.parametrize("values", [{"M2": None, "M1": D(5)}, {"M2": D(5)}, {}])
def test_a_missing_value_is_not_checked_rather_than_taken_as_zero(values):
    assert holds(rule(checks.AT_MOST), values) is None
    assert breach(rule(checks.AT_MOST), values, month=SEPTEMBER) is None


def test_a_breach_says_what_failed_in_plain_words():
    flag = breach(
        rule(checks.AT_MOST, severity=checks.ERROR),
        {"M2": D(417), "M1": D(400)},
        month=SEPTEMBER,
    )
    assert flag.is_error and flag.kind == checks.RULE and flag.refs == ("M2", "M1")
    assert flag.message == (
        "Referrals cannot exceed contacts. M2 should be at most M1, but M2 is 417 and M1 is 400."
    )


def test_a_rule_that_holds_raises_no_flag():
    assert breach(rule(checks.AT_MOST), {"M2": D(300), "M1": D(400)}, month=SEPTEMBER) is None


# --- Outliers on hand-built series ---------------------------------------------------------

STEADY = ["100", "104", "98", "101", "97", "103", "99", "102", "100", "96", "105", "100"]


def test_a_jump_far_from_a_steady_history_is_an_outlier():
    series = history(STEADY) | {SEPTEMBER: D(160)}
    found = outlier(series=series, month=SEPTEMBER, minimum_change=D(5))
    assert found is not None and found.median == D("100")
    flag = checks.outlier_flag("M1", SEPTEMBER, found, unit="count")
    assert flag.severity == checks.WARNING and "explain this movement" in flag.message
    assert "M1 is 160" in flag.message and "median of the last 24 months is 100" in flag.message


@pytest.mark.parametrize(
    ("unit", "value", "limit"),
    [
        ("percentage", "M1 is 160%", "within 10.38 percentage points of it"),
        ("rate_per_10000", "M1 is 160 per 10,000 children", "10.38 per 10,000 children of it"),
        ("count", "M1 is 160,", "within 10.38 (a count) of it"),
        ("rate", "M1 is 160 (a rate)", "within 10.38 (a rate) of it"),
    ],
)
def test_an_outlier_flag_names_the_unit_of_every_figure(unit, value, limit):
    series = history(STEADY) | {SEPTEMBER: D(160)}
    found = outlier(series=series, month=SEPTEMBER, minimum_change=D(5))
    message = checks.outlier_flag("M1", SEPTEMBER, found, unit=unit).message
    assert value in message and limit in message


def test_a_breach_names_the_units_of_plain_sides_and_leaves_scaled_ones_bare():
    scaled = checks.Rule(
        pk=None, left="M3", operator=checks.AT_MOST, message="Capped.", left_factor=D(2), right="M1"
    )
    flag = breach(
        scaled,
        {"M3": D(60), "M1": D(100)},
        month=SEPTEMBER,
        units={"M3": "percentage", "M1": "percentage"},
    )
    assert flag.message.endswith("but M3 \u00d7 2 is 120 and M1 is 100%.")


def test_an_ordinary_movement_is_not_an_outlier():
    series = history(STEADY) | {SEPTEMBER: D(108)}
    assert outlier(series=series, month=SEPTEMBER, minimum_change=D(5)) is None


def test_small_counts_do_not_cry_wolf():
    # Two, then four: a doubling, but of a count too small to mean anything.
    series = history(["2", "3", "2", "2", "3", "2", "2", "2", "3", "2"]) | {SEPTEMBER: D(4)}
    assert outlier(series=series, month=SEPTEMBER, minimum_change=D(5)) is None
    # Without the floor the same move would be flagged (the history has almost no spread).
    assert outlier(series=series, month=SEPTEMBER, minimum_change=D(0)) is not None


def test_missing_months_are_ignored_not_zero():
    gappy = ["100", None, "102", None, None, "98", "101", None, "99", "100", None, "103"]
    series = history(gappy) | {SEPTEMBER: D(100)}
    assert outlier(series=series, month=SEPTEMBER, minimum_change=D(5)) is None
    series[SEPTEMBER] = D(150)
    assert outlier(series=series, month=SEPTEMBER, minimum_change=D(5)) is not None


def test_too_little_history_flags_nothing():
    series = history(["100", None, "101", None, "99", "100", "102"]) | {SEPTEMBER: D(900)}
    assert outlier(series=series, month=SEPTEMBER, minimum_change=D(5)) is None


def test_a_missing_value_is_never_an_outlier():
    assert outlier(series=history(STEADY), month=SEPTEMBER, minimum_change=D(5)) is None


def test_only_the_last_24_months_count():
    old = history(["10"] * 12, month=add_months(SEPTEMBER, -24))  # two years and more ago
    series = old | history(STEADY) | {SEPTEMBER: D(100)}
    assert outlier(series=series, month=SEPTEMBER, minimum_change=D(5)) is None


def test_a_seasonal_indicator_is_compared_with_the_same_month_a_year_before():
    # Contacts dip every August; this August dips as the last one did.
    usual = ["1100", "1150", "1120", "1080", "1130", "1110", "1090", "1140", "1120", "1100"]
    last_year = history([*usual, "600", "1120", *usual], month=date(2016, 8, 1))
    series = last_year | {date(2016, 8, 1): D(620)}
    august = date(2016, 8, 1)
    assert series[add_months(august, -12)] == D(600)
    assert outlier(series=series, month=august, minimum_change=D(5), seasonal=True) is None
    found = outlier(series=series, month=august, minimum_change=D(5))
    assert found is not None and found.year_before is None
    # Without last August to compare with, the seasonal check flags it as any other.
    del series[add_months(august, -12)]
    assert outlier(series=series, month=august, minimum_change=D(5), seasonal=True) is not None


def test_flags_report_a_rule_on_two_checked_values_once_and_outliers_per_value():
    series = {
        "M1": history(STEADY) | {SEPTEMBER: D(90)},
        "M2": history(["50"] * 12) | {SEPTEMBER: D(95)},
    }
    found = checks.flags(
        series=series,
        histories={"M1": checks.History(D(5), "count"), "M2": checks.History(D(5), "count")},
        rules=[rule(checks.AT_MOST, severity=checks.ERROR)],
        checked=[("M1", SEPTEMBER), ("M2", SEPTEMBER)],
    )
    assert sorted((flag.kind, flag.refs) for flag in found) == [
        ("outlier", ("M2",)),
        ("rule", ("M2", "M1")),
    ]


# --- A percentage typed as a fraction (issue 26) ----------------------------------------

SHARES = ["22", "25", "31", "28"]


def test_a_percentage_under_1_after_months_well_above_it_asks_did_you_mean():
    flag = checks.fraction_flag(
        "M3", series=history(SHARES) | {SEPTEMBER: D("0.28")}, month=SEPTEMBER, unit="percentage"
    )
    assert (flag.kind, flag.severity, flag.refs) == (checks.FRACTION, checks.WARNING, ("M3",))
    assert flag.message.startswith(
        "M3 is 0.28%, but its last 4 values were 22% to 31%: did you mean 28%?"
    )


@pytest.mark.parametrize(
    ("unit", "earlier", "value"),
    [
        ("percentage", SHARES, "28"),  # as typed
        ("percentage", SHARES, "0"),  # none at all is a figure, not a fraction
        ("percentage", SHARES, "1"),
        ("percentage", [*SHARES, "0.5"], "0.28"),  # small shares are this measure's own
        ("percentage", ["22", "25"], "0.28"),  # too little history to say
        ("count", SHARES, "0.28"),
        ("rate", SHARES, "0.28"),
    ],
)
def test_no_question_where_a_small_figure_is_plausible(unit, earlier, value):
    series = history(earlier) | {SEPTEMBER: D(value)}
    assert checks.fraction_flag("M3", series=series, month=SEPTEMBER, unit=unit) is None


def test_the_fraction_question_is_one_of_the_flags_beside_the_outlier():
    found = checks.flags(
        series={"M3": history(["22", "25", "31", "28", "26", "30"]) | {SEPTEMBER: D("0.28")}},
        histories={"M3": checks.History(D(5), "percentage")},
        rules=[],
        checked=[("M3", SEPTEMBER)],
    )
    assert sorted(flag.kind for flag in found) == [checks.FRACTION, checks.OUTLIER]


# --- Properties --------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
series_values = st.lists(st.one_of(st.none(), amounts), min_size=0, max_size=30)
floors = st.decimals(min_value=0, max_value=50, places=1)


@given(values=series_values, floor=floors, seasonal=st.booleans())
def test_a_value_at_the_median_is_never_an_outlier(values, floor, seasonal):
    present = sorted(value for value in values[-24:] if value is not None)
    assume(present)
    series = history(values) | {SEPTEMBER: statistics.median(present)}
    assert outlier(series=series, month=SEPTEMBER, minimum_change=floor, seasonal=seasonal) is None


@given(values=series_values, value=amounts, floor=floors)
def test_a_change_no_bigger_than_the_floor_is_never_flagged(values, value, floor):
    series = history(values) | {SEPTEMBER: value}
    found = outlier(series=series, month=SEPTEMBER, minimum_change=floor)
    assert found is None or abs(value - found.median) > floor


@given(values=series_values, value=amounts, floor=floors, shift=amounts, seasonal=st.booleans())
def test_the_verdict_does_not_move_with_the_level(values, value, floor, shift, seasonal):
    shifted = [None if v is None else v + shift for v in values]
    before = outlier(
        series=history(values) | {SEPTEMBER: value},
        month=SEPTEMBER,
        minimum_change=floor,
        seasonal=seasonal,
    )
    after = outlier(
        series=history(shifted) | {SEPTEMBER: value + shift},
        month=SEPTEMBER,
        minimum_change=floor,
        seasonal=seasonal,
    )
    assert (before is None) == (after is None)


@given(
    values=st.lists(amounts, min_size=checks.MIN_HISTORY, max_size=24),
    floor=floors,
    extra=amounts,
    up=st.booleans(),
)
def test_far_beyond_the_usual_spread_is_an_outlier_and_further_still(values, floor, extra, up):
    middle = statistics.median(values)
    spread = statistics.median(abs(value - middle) for value in values)
    sign = 1 if up else -1
    far = middle + sign * (6 * spread + floor + 1)  # beyond 3.5 robust deviations and the floor
    for value in (far, far + sign * extra):
        series = history(values) | {SEPTEMBER: value}
        assert outlier(series=series, month=SEPTEMBER, minimum_change=floor) is not None


@given(values=series_values, value=amounts, floor=floors)
def test_missing_months_are_the_same_as_absent_months(values, value, floor):
    written = history(values) | {SEPTEMBER: value}
    absent = {month: v for month, v in written.items() if v is not None}
    assert outlier(series=written, month=SEPTEMBER, minimum_change=floor) == outlier(
        series=absent, month=SEPTEMBER, minimum_change=floor
    )


@given(values=series_values, value=amounts, floor=floors)
def test_a_seasonal_indicator_is_never_flagged_more_than_another(values, value, floor):
    series = history(values) | {SEPTEMBER: value}
    if outlier(series=series, month=SEPTEMBER, minimum_change=floor, seasonal=True):
        assert outlier(series=series, month=SEPTEMBER, minimum_change=floor)


@given(values=st.lists(amounts, max_size=checks.MIN_HISTORY - 1), value=amounts)
def test_too_little_history_never_flags(values, value):
    series = history(values) | {SEPTEMBER: value}
    assert outlier(series=series, month=SEPTEMBER, minimum_change=D(0)) is None


@given(left=amounts, right=amounts)
def test_the_operators_are_consistent(left, right):
    values = {"M2": left, "M1": right}
    assert holds(rule(checks.AT_MOST), values) is not holds(rule(checks.MORE_THAN), values)
    assert holds(rule(checks.LESS_THAN), values) is not holds(rule(checks.AT_LEAST), values)
    assert holds(rule(checks.EQUAL), values) is holds(
        rule(checks.WITHIN, tolerance_pct=D(0)), values
    )
