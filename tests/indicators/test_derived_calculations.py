"""Property tests of derived values: the formula, the state of the least-accepted input, and
cycles of derived indicators refused."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from indicators.calculations import (
    Formula,
    Point,
    chain_text,
    derive,
    derived_value,
    evaluation_order,
    formula_cycles,
    too_deep_chains,
)
from indicators.models import STATE_ORDER

MONTH = date(2016, 9, 1)
counts = st.integers(min_value=0, max_value=10**6).map(Decimal)
scales = st.sampled_from([Decimal(100), Decimal(1000), Decimal(10_000)])
states = st.sampled_from(STATE_ORDER)


@given(numerator=counts, denominator=counts, scale=scales)
def test_a_derived_value_is_its_formula(numerator, denominator, scale):
    value = derived_value(numerator=numerator, denominator=denominator, scale=scale)
    if denominator == 0:
        assert value is None
    else:
        # Full precision: multiplying back gives the numerator to 20 significant digits.
        assert abs(value * denominator / scale - numerator) <= Decimal("1e-18") * max(numerator, 1)


def test_four_of_seventeen_is_not_rounded():
    assert derived_value(
        numerator=Decimal(4), denominator=Decimal(17), scale=Decimal(100)
    ) == Decimal(400) / Decimal(17)


@given(numerator=counts, denominator=counts, top=states, bottom=states, scale=scales)
def test_derive_follows_the_least_accepted_input(numerator, denominator, top, bottom, scale):
    derived = derive(
        formulas={"P": Formula("N", "D", scale)},
        inputs={"N": {MONTH: Point(numerator, top)}, "D": {MONTH: Point(denominator, bottom)}},
        population=lambda month: None,
        months=[MONTH],
        order=STATE_ORDER,
    )
    point = derived["P"][MONTH]
    assert point.value == derived_value(numerator=numerator, denominator=denominator, scale=scale)
    assert point.state == STATE_ORDER[min(STATE_ORDER.index(top), STATE_ORDER.index(bottom))]


@given(count=counts, children=st.integers(min_value=1, max_value=10**6).map(Decimal))
def test_a_rate_divides_by_the_population_which_counts_as_accepted(count, children):
    derived = derive(
        formulas={"R": Formula("N", None, Decimal(10_000))},
        inputs={"N": {MONTH: Point(count, STATE_ORDER[1])}},
        population=lambda month: children,
        months=[MONTH],
        order=STATE_ORDER,
    )
    assert derived["R"][MONTH] == Point(count * 10_000 / children, STATE_ORDER[1])


def test_a_derived_input_is_derived_first_and_a_missing_input_gives_no_point():
    derived = derive(
        formulas={"A": Formula("N", "D", Decimal(100)), "B": Formula("A", "D", Decimal(1))},
        inputs={
            "N": {MONTH: Point(Decimal(4), "accepted")},
            "D": {MONTH: Point(Decimal(16), "accepted")},
        },
        population=lambda month: None,
        months=[MONTH, date(2016, 10, 1)],
        order=STATE_ORDER,
    )
    assert derived["B"][MONTH].value == Decimal(25) / Decimal(16)
    assert date(2016, 10, 1) not in derived["A"]


refs = st.sampled_from("ABCDEFG")


@given(st.dictionaries(refs, st.tuples(refs, st.one_of(st.none(), refs)), max_size=7))
def test_cycles_are_found_exactly(edges):
    formulas = {key: Formula(top, bottom, Decimal(1)) for key, (top, bottom) in edges.items()}
    cycles = formula_cycles(formulas)

    def reaches(start, goal, seen=()):
        formula = formulas.get(start)
        if formula is None:
            return False
        for onward in (formula.numerator, formula.denominator):
            if onward == goal or (
                onward in formulas and onward not in seen and reaches(onward, goal, (*seen, onward))
            ):
                return True
        return False

    in_a_cycle = {key for key in formulas if reaches(key, key)}
    assert bool(cycles) == bool(in_a_cycle)
    for cycle in cycles:
        for here, there in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
            assert there in (formulas[here].numerator, formulas[here].denominator)
    # A derived value with no cycle is computed; one in a cycle has no value.
    derived = derive(
        formulas=formulas,
        inputs={key: {MONTH: Point(Decimal(1), "accepted")} for key in "ABCDEFG"},
        population=lambda month: Decimal(1),
        months=[MONTH],
        order=STATE_ORDER,
    )
    for key in formulas:
        assert (MONTH in derived[key]) == (
            key not in in_a_cycle and not _feeds_from(formulas, key, in_a_cycle)
        )


def _feeds_from(formulas, key, cyclic, seen=()):
    formula = formulas[key]
    for onward in (formula.numerator, formula.denominator):
        if onward in cyclic:
            return True
        if (
            onward in formulas
            and onward not in seen
            and _feeds_from(formulas, onward, cyclic, (*seen, key))
        ):
            return True
    return False


def chain(depth: int) -> dict[str, Formula[str]]:
    """D1 = C / C, D2 = D1 / C ... as deep as ``depth``, listed top first."""
    return {
        f"D{level}": Formula(f"D{level - 1}" if level > 1 else "C", "C", Decimal(1))
        for level in range(depth, 0, -1)
    }


def test_a_chain_far_deeper_than_the_stack_is_ordered_and_derived():
    formulas = chain(50_000)
    assert evaluation_order(formulas)[:2] == ["D1", "D2"]
    assert formula_cycles(formulas) == []
    derived = derive(
        formulas=formulas,
        inputs={"C": {MONTH: Point(Decimal(1), "accepted")}},
        population=lambda month: None,
        months=[MONTH],
        order=STATE_ORDER,
    )
    assert derived["D50000"][MONTH] == Point(Decimal(1), "accepted")


def test_only_chains_deeper_than_the_limit_are_named_from_their_top():
    formulas = {**chain(4), "E": Formula("D2", "C", Decimal(1))}
    assert too_deep_chains(formulas, limit=4) == []
    assert too_deep_chains(formulas, limit=3) == [["D4", "D3", "D2", "D1"]]
    assert chain_text(["D4", "D3", "D2", "D1"]) == "D4 -> D3 -> D2 -> D1"
    assert chain_text([f"D{level}" for level in range(9, 0, -1)]) == "D9 -> D8 -> D7 -> ... -> D1"
