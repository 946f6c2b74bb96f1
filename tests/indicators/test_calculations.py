"""The computed columns: hand-computed examples, then properties over random values."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.months import add_months
from core.numbers import round_half_up
from indicators.calculations import (
    Comparator,
    ComputedColumns,
    Direction,
    Judgement,
    Life,
    PreferredDirection,
    Rag,
    agreed_direction,
    average_12_months,
    change_from_previous_month,
    change_from_previous_year,
    compute,
    direction_from_comparator,
    direction_from_rag,
    direction_of_travel,
    display,
    judgement,
    max_12_months,
    pct_change,
    rag,
)

D = Decimal
SEP_16 = date(2016, 9, 1)
# M1 (contacts received) Sep 15 .. Sep 16, from dataset_import/demo_data/dataset_2016_09.tsv
M1 = {
    add_months(date(2015, 9, 1), n): D(value)
    for n, value in enumerate(
        (1172, 1009, 1139, 1053, 1154, 1013, 1179, 1062, 1411, 1256, 1395, 1377, 1480)
    )
}

values = st.decimals(
    min_value=-1_000_000, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False
)
positive = st.decimals(min_value=D("0.01"), max_value=1_000_000, places=2)
maybe_values = st.none() | values
any_decimal = st.none() | st.decimals()  # NaN, sNaN and infinities too
window = [add_months(SEP_16, -back) for back in range(12)]
series_strategy = st.dictionaries(st.sampled_from(window), st.none() | values)


# -- enums ---------------------------------------------------------------------------


def test_direction_arrows_and_labels():
    assert [(d.arrow, d.label) for d in Direction] == [
        ("↑", "Increase"),
        ("↓", "Decrease"),
        ("→", "Similar"),
    ]
    assert Direction("up") is Direction.UP
    assert PreferredDirection("neither") is PreferredDirection.NEITHER


# -- % change ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "base", "expected"),
    [
        (D(28), D(22), D("27.27272727272727272727272727")),  # relative, not +6 points
        (D(1480), D(1377), D(10300) / D(1377)),  # 7.48...
        (D(417), D(300), D(39)),
        (D(22), D(37), D("-40.54054054054054054054054054")),
        (D(6), D(6), D(0)),
        (D(0), D(5), D(-100)),
        (D("94.8"), D("79"), D(20)),
    ],
)
def test_pct_change_examples(current, base, expected):
    assert pct_change(current=current, base=base) == expected


@pytest.mark.parametrize(
    ("current", "base"), [(None, D(5)), (D(5), None), (None, None), (D(5), D(0)), (D(0), D(0))]
)
def test_pct_change_undefined(current, base):
    assert pct_change(current=current, base=base) is None


def test_changes_from_previous_month_and_year():
    assert round_half_up(change_from_previous_month(M1, SEP_16)) == 7  # the file: "→ 7"
    assert round_half_up(change_from_previous_year(M1, SEP_16)) == 26  # the file: "↑ 26"
    assert change_from_previous_year(M1, date(2016, 8, 1)) is None  # Aug 15 is not in it
    assert change_from_previous_month(M1, date(2015, 9, 1)) is None
    assert change_from_previous_month({**M1, date(2016, 8, 1): None}, SEP_16) is None


# -- direction of travel -------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (D(10), Direction.UP),
        (D("10.0000"), Direction.UP),
        (D(1090), Direction.UP),
        (D("9.999"), Direction.SIMILAR),
        (D(0), Direction.SIMILAR),
        (D("-9.999"), Direction.SIMILAR),
        (D(-10), Direction.DOWN),
        (D(-100), Direction.DOWN),
        (None, None),
    ],
)
def test_direction_of_travel(change, expected):
    assert direction_of_travel(change) == expected


# -- 12 months -----------------------------------------------------------------------


def test_average_and_max_over_the_last_twelve_months():
    # Sep 15 is the 13th month back: outside the window, though it is in the series.
    assert average_12_months(M1, SEP_16) == D(14528) / 12
    assert round_half_up(average_12_months(M1, SEP_16)) == 1211  # the file: 1211
    assert max_12_months(M1, SEP_16) == 1480
    assert max_12_months(M1, date(2016, 8, 1)) == 1411
    assert max_12_months({**M1, date(2015, 9, 1): D(9999)}, SEP_16) == 1480


def test_average_and_max_ignore_missing_months():
    series = {date(2016, 9, 1): D(4), date(2016, 7, 1): None, date(2016, 1, 1): D(2)}
    assert average_12_months(series, SEP_16) == 3  # (4 + 2) / 2: missing is not zero
    assert max_12_months(series, SEP_16) == 4


def test_average_and_max_are_none_when_every_month_is_missing():
    series = {month: None for month in window} | {date(2015, 9, 1): D(7)}
    assert average_12_months(series, SEP_16) is None
    assert max_12_months(series, SEP_16) is None
    assert average_12_months({}, SEP_16) is None


# -- judgement and RAG ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "preferred", "expected"),
    [
        (Direction.UP, PreferredDirection.UP, Judgement.POSITIVE),
        (Direction.DOWN, PreferredDirection.UP, Judgement.NEGATIVE),
        (Direction.SIMILAR, PreferredDirection.UP, Judgement.SIMILAR),
        (Direction.UP, PreferredDirection.DOWN, Judgement.NEGATIVE),
        (Direction.DOWN, PreferredDirection.DOWN, Judgement.POSITIVE),
        (Direction.SIMILAR, PreferredDirection.DOWN, Judgement.SIMILAR),
        (Direction.UP, PreferredDirection.NEITHER, None),
        (Direction.SIMILAR, PreferredDirection.NEITHER, None),
        (Direction.UP, None, None),
        (None, PreferredDirection.UP, None),
    ],
)
def test_judgement(direction, preferred, expected):
    assert judgement(direction=direction, preferred=preferred) == expected


@pytest.mark.parametrize(
    ("value", "target", "preferred", "expected"),
    [
        (D(85), D(80), PreferredDirection.UP, Rag.GREEN),
        (D(80), D(80), PreferredDirection.UP, Rag.GREEN),
        (D(76), D(80), PreferredDirection.UP, Rag.AMBER),  # 80 - 5% of 80 = 76
        (D("75.99"), D(80), PreferredDirection.UP, Rag.RED),
        (D(15), D(20), PreferredDirection.DOWN, Rag.GREEN),
        (D(20), D(20), PreferredDirection.DOWN, Rag.GREEN),
        (D(21), D(20), PreferredDirection.DOWN, Rag.AMBER),  # 20 + 5% of 20 = 21
        (D("21.01"), D(20), PreferredDirection.DOWN, Rag.RED),
        (D(1), D(0), PreferredDirection.DOWN, Rag.RED),  # no amber band around a zero target
        (D(85), D(80), PreferredDirection.NEITHER, None),
        (None, D(80), PreferredDirection.UP, None),
        (D(85), None, PreferredDirection.UP, None),
    ],
)
def test_rag(value, target, preferred, expected):
    assert rag(value=value, target=target, preferred=preferred) == expected


def test_rag_tolerance_is_a_percentage_of_the_target():
    assert rag(value=D(70), target=D(80), preferred=PreferredDirection.UP) == Rag.RED
    tolerance = D("12.5")  # 12.5% of 80 = 10
    assert rag(
        value=D(70), target=D(80), preferred=PreferredDirection.UP, tolerance_pct=tolerance
    ) == (Rag.AMBER)


@pytest.mark.parametrize(
    ("value", "target", "comparator", "expected"),
    [
        (D(35), D(36), "<", Rag.GREEN),  # "<36%"
        (D(36), D(36), "<", Rag.AMBER),  # on the target is not below it
        (D(36), D(36), "<=", Rag.GREEN),
        (D("37.8"), D(36), "<", Rag.AMBER),  # 36 + 5% of 36
        (D("37.81"), D(36), "<=", Rag.RED),
        (D(96), D(95), ">", Rag.GREEN),
        (D(95), D(95), ">", Rag.AMBER),
        (D(95), D(95), ">=", Rag.GREEN),
        (D("90.25"), D(95), ">=", Rag.AMBER),  # 95 - 5% of 95
        (D("90.24"), D(95), ">", Rag.RED),
        (D(0), D(0), ">", Rag.RED),  # a zero target has no amber band
        (D(0), D(0), ">=", Rag.GREEN),
    ],
)
def test_rag_by_the_targets_comparator(value, target, comparator, expected):
    for preferred in (PreferredDirection.UP, PreferredDirection.DOWN, PreferredDirection.NEITHER):
        assert (
            rag(value=value, target=target, preferred=preferred, comparator=comparator) == expected
        )


def test_the_comparator_wins_where_the_preferred_direction_disagrees():
    """Up is good, yet the target says "<36%": 30 meets it, 40 misses it."""
    up = PreferredDirection.UP
    assert rag(value=D(30), target=D(36), preferred=up) == Rag.RED
    assert rag(value=D(30), target=D(36), preferred=up, comparator="<") == Rag.GREEN
    assert rag(value=D(40), target=D(36), preferred=up, comparator="<") == Rag.RED
    assert rag(value=D(40), target=D(36), preferred=up) == Rag.GREEN


def test_an_unknown_comparator_is_refused():
    with pytest.raises(ValueError, match="'=<'"):
        rag(value=D(1), target=D(1), preferred=PreferredDirection.UP, comparator="=<")


def test_compute_judges_rag_by_the_comparator():
    series = {SEP_16: D(36)}
    for comparator, expected in (("<", Rag.AMBER), ("<=", Rag.GREEN), ("", None)):
        columns = compute(
            series=series,
            month=SEP_16,
            preferred=PreferredDirection.NEITHER,
            target=D(36),
            comparator=comparator,
        )
        assert columns.rag == expected


# -- all columns ----------------------------------------------------------------------


def test_compute_m1_as_the_file_shows_it():
    columns = compute(series=M1, month=SEP_16, preferred=PreferredDirection.DOWN, target=D(1300))
    assert columns == ComputedColumns(
        pct_change_prev_month=D(103) * 100 / D(1377),
        pct_change_prev_year=D(308) * 100 / D(1172),
        direction_prev_month=Direction.SIMILAR,
        direction_prev_year=Direction.UP,
        avg_12m=D(14528) / 12,
        max_12m=D(1480),
        judgement=Judgement.SIMILAR,
        rag=Rag.RED,  # 1480 is over 1300 + 5%
    )


def test_compute_judges_by_the_previous_month():
    series = {date(2016, 8, 1): D(100), SEP_16: D(50), date(2015, 9, 1): D(25)}
    columns = compute(series=series, month=SEP_16, preferred=PreferredDirection.UP)
    assert (columns.direction_prev_month, columns.direction_prev_year) == (
        Direction.DOWN,
        Direction.UP,
    )
    assert columns.judgement == Judgement.NEGATIVE
    assert columns.rag is None  # no target


def test_compute_with_nothing():
    columns = compute(series={}, month=SEP_16, preferred=PreferredDirection.NEITHER)
    assert columns == ComputedColumns(*[None] * 8)


# -- display ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (None, 0, "n/a"),
        (D("1089.5"), 0, "1,090"),
        (D("0.5"), 0, "1"),  # half up, as Excel, not to even
        (D("2.5"), 0, "3"),
        (D("-0.5"), 0, "-1"),  # halves away from zero, as Excel's ROUND
        (D("-0.4"), 0, "0"),  # never "-0"
        (D("27.2727"), 1, "27.3"),
        (D("7.45"), 1, "7.5"),
        (D(30), 1, "30.0"),
    ],
)
def test_display(value, places, expected):
    assert display(value, places=places) == expected


# -- properties ---------------------------------------------------------------------


@given(current=any_decimal, base=any_decimal, target=any_decimal)
def test_nothing_raises_on_missing_zero_or_odd_values(current, base, target):
    series = {SEP_16: current, date(2016, 8, 1): base, date(2015, 9, 1): base}
    for preferred in [*PreferredDirection, None]:
        columns = compute(series=series, month=SEP_16, preferred=preferred, target=target)
        assert isinstance(columns, ComputedColumns)
    assert display(current) is not None


@given(present=values)
def test_missing_values_give_none(present):
    assert pct_change(current=None, base=present) is None
    assert pct_change(current=present, base=None) is None
    assert direction_of_travel(None) is None
    assert rag(value=None, target=present, preferred=PreferredDirection.UP) is None
    assert rag(value=present, target=None, preferred=PreferredDirection.DOWN) is None


@given(current=maybe_values)
def test_zero_base_gives_none(current):
    assert pct_change(current=current, base=D(0)) is None
    assert pct_change(current=current, base=D("0.00")) is None


@given(current=values, base=positive)
def test_sign_of_change_is_sign_of_difference(current, base):
    change = pct_change(current=current, base=base)
    difference = current - base
    assert (change > 0, change == 0, change < 0) == (
        difference > 0,
        difference == 0,
        difference < 0,
    )


@given(base=positive)
def test_exact_ten_percent_boundaries(base):
    up = pct_change(current=base * D("1.1"), base=base)
    down = pct_change(current=base * D("0.9"), base=base)
    assert (up, down) == (10, -10)
    assert direction_of_travel(up) == Direction.UP
    assert direction_of_travel(down) == Direction.DOWN
    just_under = pct_change(current=base * D("1.1") - D("0.0001"), base=base)
    assert direction_of_travel(just_under) == Direction.SIMILAR


@given(series=series_strategy)
def test_average_lies_between_min_and_max_of_present_values(series):
    present = [value for value in series.values() if value is not None]
    average = average_12_months(series, SEP_16)
    if not present:
        assert average is None
        return
    assert min(present) <= average <= max(present)
    assert max_12_months(series, SEP_16) == max(present)


@given(series=series_strategy, missing=st.sets(st.sampled_from(window)))
def test_average_and_max_ignore_missing_months_whatever_they_are(series, missing):
    with_gaps = {**series, **dict.fromkeys(missing - series.keys())}
    outside = {add_months(SEP_16, 1): D(10**9), add_months(SEP_16, -12): D(-(10**9))}
    for changed in (with_gaps, with_gaps | outside):
        assert average_12_months(changed, SEP_16) == average_12_months(series, SEP_16)
        assert max_12_months(changed, SEP_16) == max_12_months(series, SEP_16)


SWAPPED = {Judgement.POSITIVE: Judgement.NEGATIVE, Judgement.NEGATIVE: Judgement.POSITIVE}


@given(direction=st.sampled_from(Direction))
def test_judgement_symmetry(direction):
    when_up = judgement(direction=direction, preferred=PreferredDirection.UP)
    when_down = judgement(direction=direction, preferred=PreferredDirection.DOWN)
    assert when_down == SWAPPED.get(when_up, when_up)


@given(value=values, target=values)
def test_rag_down_is_good_mirrors_up_is_good(value, target):
    assert rag(value=value, target=target, preferred=PreferredDirection.UP) == rag(
        value=-value, target=-target, preferred=PreferredDirection.DOWN
    )


STATED = [c for c in Comparator if c != Comparator.NONE]
STRICT = {Comparator.BELOW: Comparator.AT_MOST, Comparator.ABOVE: Comparator.AT_LEAST}
OPPOSITE = {
    Comparator.BELOW: Comparator.ABOVE,
    Comparator.AT_MOST: Comparator.AT_LEAST,
    Comparator.ABOVE: Comparator.BELOW,
    Comparator.AT_LEAST: Comparator.AT_MOST,
}
preferences = st.sampled_from([*PreferredDirection, None])
tolerances = st.decimals(min_value=0, max_value=50, places=2)


@given(target=values, preferred=preferences, tolerance=tolerances)
def test_on_the_target_strict_comparators_miss_it_and_the_others_meet_it(
    target, preferred, tolerance
):
    def on_target(comparator):
        return rag(
            value=target,
            target=target,
            preferred=preferred,
            comparator=comparator,
            tolerance_pct=tolerance,
        )

    for strict, inclusive in STRICT.items():
        assert on_target(inclusive) == Rag.GREEN
        # Missed by nothing: amber wherever the target has an amber band, red where not.
        assert on_target(strict) == (Rag.AMBER if target * tolerance != 0 else Rag.RED)


@given(value=values, target=values, tolerance=tolerances)
def test_strict_and_inclusive_comparators_differ_only_on_the_target(value, target, tolerance):
    for strict, inclusive in STRICT.items():
        judged = [
            rag(
                value=value,
                target=target,
                preferred=None,
                comparator=comparator,
                tolerance_pct=tolerance,
            )
            for comparator in (strict, inclusive)
        ]
        assert (judged[0] == judged[1]) == (value != target)


@given(value=values, target=values, comparator=st.sampled_from(STATED), preferred=preferences)
def test_green_exactly_where_the_comparator_holds_whatever_the_preferred_direction(
    value, target, comparator, preferred
):
    holds = {"<": value < target, "<=": value <= target, ">": value > target, ">=": value >= target}
    judged = rag(value=value, target=target, preferred=preferred, comparator=comparator)
    assert (judged == Rag.GREEN) == holds[comparator]
    assert judged == rag(value=value, target=target, preferred=None, comparator=comparator)


@given(value=values, target=values, comparator=st.sampled_from(STATED), tolerance=tolerances)
def test_a_comparator_mirrors_its_opposite(value, target, comparator, tolerance):
    def judged(v, t, c):
        return rag(value=v, target=t, preferred=None, comparator=c, tolerance_pct=tolerance)

    assert judged(value, target, comparator) == judged(-value, -target, OPPOSITE[comparator])


@given(value=values, target=values, tolerance=tolerances)
def test_a_comparator_agreeing_with_the_preferred_direction_is_todays_rule(
    value, target, tolerance
):
    for preferred, comparator in (
        (PreferredDirection.UP, Comparator.AT_LEAST),
        (PreferredDirection.DOWN, Comparator.AT_MOST),
    ):
        by_direction = rag(value=value, target=target, preferred=preferred, tolerance_pct=tolerance)
        stated = rag(
            value=value,
            target=target,
            preferred=PreferredDirection.NEITHER,
            comparator=comparator,
            tolerance_pct=tolerance,
        )
        assert stated == by_direction


@given(
    target=positive,
    comparator=st.sampled_from(STATED),
    tolerance=st.decimals(min_value=D("0.01"), max_value=50, places=2),
)
def test_amber_reaches_exactly_the_tolerance_beyond_the_target(target, comparator, tolerance):
    """The edge of the amber band on the wrong side is amber; a hundredth beyond it is red."""
    band = target * tolerance / 100
    wrong_way = 1 if comparator in (Comparator.BELOW, Comparator.AT_MOST) else -1
    edge = target + wrong_way * band
    edge_rag = rag(
        value=edge, target=target, preferred=None, comparator=comparator, tolerance_pct=tolerance
    )
    beyond_rag = rag(
        value=edge + wrong_way * D("0.01"),
        target=target,
        preferred=None,
        comparator=comparator,
        tolerance_pct=tolerance,
    )
    assert (edge_rag, beyond_rag) == (Rag.AMBER, Rag.RED)


# -- the file's judgement: its RAG where the portal cannot judge, and what it says of the
# preferred direction ---------------------------------------------------------------------

JUL_23 = date(2023, 7, 1)


def test_where_the_portal_cannot_judge_the_rag_is_the_files():
    """A board table's indicator: a target with no comparator, no preferred direction."""
    computed = compute(
        series={JUL_23: D(40)},
        month=JUL_23,
        preferred=PreferredDirection.NEITHER,
        target=D(36),
        life=Life(held_from=JUL_23, reported={"rag": D(-1)}),
    )
    assert computed.rag == Rag.RED and "rag" in computed.from_file


def test_without_a_target_the_rag_is_the_files():
    computed = compute(
        series={JUL_23: D(40)},
        month=JUL_23,
        preferred=PreferredDirection.UP,
        life=Life(held_from=JUL_23, reported={"rag": D(0)}),
    )
    assert computed.rag == Rag.AMBER and computed.from_file == {"rag"}


def test_where_the_portal_can_judge_its_own_rag_stands():
    computed = compute(
        series={JUL_23: D(40)},
        month=JUL_23,
        preferred=PreferredDirection.NEITHER,
        target=D(36),
        comparator=Comparator.BELOW,
        life=Life(held_from=JUL_23, reported={"rag": D(1)}),
    )
    assert computed.rag == Rag.RED and "rag" not in computed.from_file


def test_no_rag_without_the_files_or_the_portals():
    computed = compute(series={JUL_23: D(40)}, month=JUL_23, preferred=None, life=Life())
    assert computed.rag is None and computed.from_file == frozenset()


@pytest.mark.parametrize("code, expected", [(-1, Rag.RED), (0, Rag.AMBER), (1, Rag.GREEN)])
def test_rag_codes(code, expected):
    assert Rag.of_code(D(code)) == expected and expected.code == code


@pytest.mark.parametrize(
    "comparator, expected",
    [
        ("<", PreferredDirection.DOWN),
        ("<=", PreferredDirection.DOWN),
        (">", PreferredDirection.UP),
        (">=", PreferredDirection.UP),
        ("", None),
    ],
)
def test_direction_from_comparator(comparator, expected):
    assert direction_from_comparator(comparator) == expected


@pytest.mark.parametrize(
    "judged, value, target, expected",
    [
        (Rag.RED, 40, 36, PreferredDirection.DOWN),  # red above its target: lower is better
        (Rag.AMBER, 37, 36, PreferredDirection.DOWN),
        (Rag.GREEN, 40, 36, PreferredDirection.UP),
        (Rag.RED, 90, 95, PreferredDirection.UP),
        (Rag.GREEN, 30, 36, PreferredDirection.DOWN),
        (Rag.GREEN, 36, 36, None),  # on the target: says nothing of which side is better
        (Rag.RED, None, 36, None),
        (Rag.RED, 40, None, None),
    ],
)
def test_direction_from_rag(judged, value, target, expected):
    value = None if value is None else D(value)
    target = None if target is None else D(target)
    assert direction_from_rag(judged=judged, value=value, target=target) == expected


@given(
    value=values,
    target=values,
    preferred=st.sampled_from([PreferredDirection.UP, PreferredDirection.DOWN]),
    tolerance=tolerances,
)
def test_a_judgement_by_the_preferred_direction_gives_that_direction_back(
    value, target, preferred, tolerance
):
    """Whatever the values, the RAG the portal gives by a preferred direction is evidence of
    that direction, never of the other."""
    judged = rag(value=value, target=target, preferred=preferred, tolerance_pct=tolerance)
    found = direction_from_rag(judged=judged, value=value, target=target)
    assert found in (preferred, None)
    assert found is None or value != target


@pytest.mark.parametrize(
    "evidence, expected",
    [
        ([], None),
        ([None], None),
        ([PreferredDirection.DOWN, None, PreferredDirection.DOWN], PreferredDirection.DOWN),
        ([PreferredDirection.DOWN, PreferredDirection.UP], None),  # conflicting
    ],
)
def test_agreed_direction(evidence, expected):
    assert agreed_direction(evidence) == expected
