"""The trend chart of an indicator (its page and the pack): one colour per meaning, provisional
months apart, gaps for missing months, and a key in words."""

from datetime import date
from decimal import Decimal

from core.charts import COLOURS
from core.months import months_ending
from indicators.charts import chart_key, reference_series, trend_chart, value_series
from indicators.models import Benchmark, Indicator, Target, Unit

MONTHS = months_ending(date(2016, 9, 1), 4)
M3 = Indicator(pk=3, ref="M3", unit=Unit.PERCENTAGE, decimal_places=1)


def colours(svg: str) -> list[str]:
    """The colour of each series, in order, from the chart's own style rules."""
    found, n = [], 0
    while (start := svg.find(f" .color-{n},")) >= 0:
        found.append(svg[svg.index("stroke:", start) + 7 :].split(";")[0])
        n += 1
    return found


def test_each_meaning_keeps_its_colour_whatever_else_is_drawn():
    region = {
        "region": Benchmark(group=Benchmark.Group.REGION, value=Decimal("23.25"), year="2015-16")
    }
    provisional_only = trend_chart(
        indicator=M3, months=MONTHS, values=[Decimal(20)] * 4, provisional=set(MONTHS),
        target=None, benchmarks=region,
    )  # fmt: skip
    assert colours(provisional_only.svg) == [COLOURS["red"], COLOURS["orange"]]
    assert provisional_only.key == (
        "Key: red dots: provisional values (not yet accepted); "
        "orange dotted line: South East region 2015-16, 23.3%."
    )
    target = Target(financial_year=2016, value=Decimal(30))
    accepted_with_target = trend_chart(
        indicator=M3, months=MONTHS, values=[Decimal(20)] * 4, provisional=set(),
        target=target, benchmarks={},
    )  # fmt: skip
    assert colours(accepted_with_target.svg) == [COLOURS["blue"], COLOURS["green"]]
    assert "green dashed line: target 2016-17, 30.0%" in accepted_with_target.key


def test_a_month_is_accepted_or_provisional_or_a_gap_never_zero():
    accepted, provisional = value_series(
        MONTHS, [Decimal(1), None, Decimal(3), Decimal(4)], provisional={MONTHS[3]}
    )
    assert accepted.values == [1.0, None, 3.0, None]
    assert provisional.values == [None, None, None, 4.0]


def test_benchmarks_without_a_figure_are_not_drawn_or_named():
    lines, apart = reference_series(
        indicator=M3, months=4, target=None,
        benchmarks={"england": Benchmark(group=Benchmark.Group.ENGLAND, value=None, year="")},
    )  # fmt: skip
    assert lines == [] and apart == [] and chart_key(lines) == ""


def test_a_count_benchmark_on_another_scale_is_said_in_words_not_drawn():
    lac = Indicator(pk=4, ref="LAC1", unit=Unit.COUNT, decimal_places=0)
    benchmarks = {
        "england": Benchmark(group=Benchmark.Group.ENGLAND, value=Decimal(80850), year="2021-22"),
        "prior_year": Benchmark(group=Benchmark.Group.PRIOR_YEAR, value=Decimal(498), year=""),
    }
    chart = trend_chart(
        indicator=lac, months=MONTHS, values=[Decimal(510)] * 4, provisional=set(),
        target=None, benchmarks=benchmarks,
    )  # fmt: skip
    assert colours(chart.svg) == [COLOURS["blue"], COLOURS["pink"]]  # England is not drawn
    assert chart.key == (
        "Key: blue line: accepted values; pink dotted line: Own prior year, 498. "
        "Not drawn, on another scale: England 2021-22, 80,850."
    )
    rate = Indicator(pk=5, ref="LAC1-NI", unit=Unit.RATE_PER_10000, decimal_places=1)
    lines, apart = reference_series(
        indicator=rate, months=4, target=None, benchmarks=benchmarks,
        values=[Decimal(50)] * 4,
    )  # fmt: skip
    assert len(lines) == 2 and apart == []  # rates share one scale


def test_a_chart_with_nothing_to_draw_says_so():
    empty = trend_chart(
        indicator=M3, months=MONTHS, values=[None] * 4, provisional=set(), target=None,
        benchmarks={},
    )  # fmt: skip
    assert "No data" in empty.svg and empty.key == ""
