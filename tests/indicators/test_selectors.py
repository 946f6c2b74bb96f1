from datetime import date
from decimal import Decimal

import pytest

from core.months import months_ending
from indicators.calculations import Direction, Judgement, Rag
from indicators.models import (
    Benchmark,
    Indicator,
    MonthlyValue,
    PreferredDirection,
    Target,
    ValueState,
)
from indicators.selectors import indicator_history, month_dataset
from tests.indicators.factories import add_values, make_indicator, months_from

pytestmark = pytest.mark.django_db

SEP_16 = date(2016, 9, 1)


def test_line_has_thirteen_months_and_computed_columns():
    indicator = make_indicator("M3", unit="percentage", preferred_direction=PreferredDirection.UP)
    add_values(indicator, months_from(date(2015, 9, 1), ["20"] * 11 + ["22", "28"]))
    MonthlyValue.objects.filter(month=SEP_16).update(commentary="Up with the new term")
    Target.objects.create(indicator=indicator, financial_year=2016, value=Decimal(30))
    Benchmark.objects.create(
        indicator=indicator, group="england", value=Decimal(25), year="2015-16"
    )

    [line] = month_dataset(month=SEP_16)
    assert line.cells[0].month == date(2015, 9, 1)
    assert len(line.cells) == 13 and line.value == Decimal(28)
    assert line.computed.pct_change_prev_month.quantize(Decimal("0.01")) == Decimal("27.27")
    assert line.computed.pct_change_prev_year == Decimal(40)
    assert line.computed.direction_prev_month == Direction.UP
    assert line.computed.judgement == Judgement.POSITIVE
    assert line.computed.rag == Rag.RED  # 28 is more than 5% below 30
    assert line.commentary == "Up with the new term"
    assert line.benchmarks["england"].value == 25


def test_rag_follows_the_targets_comparator_over_the_preferred_direction():
    """A target of "<36%" on an up-is-good indicator: 30 meets it, whatever the direction."""
    indicator = make_indicator("M3", unit="percentage", preferred_direction=PreferredDirection.UP)
    add_values(indicator, {SEP_16: "30"})
    target = Target.objects.create(
        indicator=indicator, financial_year=2016, value=Decimal(36), comparator="<"
    )
    [line] = month_dataset(month=SEP_16)
    assert line.computed.rag == Rag.GREEN
    target.comparator = ""
    target.save()
    [line] = month_dataset(month=SEP_16)
    assert line.computed.rag == Rag.RED  # by the preferred direction: short of 36


def test_missing_months_are_gaps_not_zeros():
    indicator = make_indicator()
    add_values(indicator, {date(2016, 8, 1): None, SEP_16: "10"})
    [line] = month_dataset(month=SEP_16)
    assert line.computed.pct_change_prev_month is None
    assert [cell.present for cell in line.cells][-2:] == [True, True]
    assert line.cells[0].present is False


def test_inactive_indicators_are_left_out():
    make_indicator("OLD", active_to=date(2016, 7, 1))
    make_indicator("NEW", active_from=date(2016, 10, 1))
    make_indicator("NOW")
    assert [line.indicator.ref for line in month_dataset(month=SEP_16)] == ["NOW"]


def _catalogue(count: int) -> None:
    for number in range(count):
        indicator = make_indicator(f"X{number}")
        add_values(indicator, months_from(date(2015, 9, 1), [str(number)] * 13))
        Target.objects.create(indicator=indicator, financial_year=2016, value=number)


@pytest.mark.parametrize("count", [10, 500])
def test_month_dataset_queries_do_not_grow_with_indicators(count, django_assert_max_num_queries):
    _catalogue(count)
    with django_assert_max_num_queries(5):
        lines = month_dataset(month=SEP_16)
        assert len(lines) == count
        assert all(line.target is not None for line in lines)


def test_indicator_history_newest_first_with_chart_window():
    indicator = make_indicator()
    add_values(indicator, months_from(date(2014, 9, 1), [str(n) for n in range(1, 26)]))
    history = indicator_history(
        indicator=Indicator.objects.get(), month=SEP_16, values=MonthlyValue.objects.all()
    )
    assert history.rows[0].month == SEP_16 and history.rows[0].value == 25
    assert len(history.rows) == 13
    assert history.chart_months[0] == date(2014, 9, 1)
    assert history.chart_values[0] == 1
    assert history.chart_provisional == frozenset(history.chart_months)  # all still drafts


def test_indicator_chart_starts_at_its_first_value_and_knows_the_accepted_months():
    indicator = make_indicator()
    add_values(indicator, months_from(date(2015, 9, 1), ["1"] * 13))
    indicator.values.exclude(month=SEP_16).update(state=ValueState.ACCEPTED)
    history = indicator_history(
        indicator=Indicator.objects.get(), month=SEP_16, values=MonthlyValue.objects.all()
    )
    assert history.chart_months == months_ending(SEP_16, 13)  # not 25 with 12 empty
    assert history.chart_provisional == {SEP_16}
