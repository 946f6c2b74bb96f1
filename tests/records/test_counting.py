"""Each standard definition against small hand-counted record sets (see the comments)."""

from datetime import date, timedelta
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from records.counting import DENOMINATOR_ONLY, LEFT_OUT, count_month, empty_frame, share
from records.definitions import (
    PERCENTAGE,
    RATE_PER_10000,
    STANDARD,
    STANDARD_BY_KEY,
    TIMELINESS,
)
from tests.records.builders import d, frame

SEP_2016 = date(2016, 9, 1)
OCT_2016 = date(2016, 10, 1)


def figure(key, records, month, **options):
    return count_month(definition=STANDARD_BY_KEY[key], records=records, month=month, **options)


def reasons(result, outcome=None) -> dict[int, str]:
    rows = result.records
    if outcome:
        rows = rows.filter(pl.col("outcome") == outcome)
    return dict(zip(rows["row"].to_list(), rows["reason"].to_list(), strict=True))


def test_contacts_counts_the_months_contacts_only():
    records = frame(
        "contacts",
        {"contact_date": d("2016-08-31")},
        {"contact_date": d("2016-09-01")},
        {"contact_date": d("2016-09-15")},
        {"contact_date": d("2016-09-30")},
        {"contact_date": d("2016-10-01")},
    )
    result = figure("contacts", records, SEP_2016)
    assert result.value == 3
    assert sorted(result.counted["row"].to_list()) == [3, 4, 5]
    assert reasons(result)[3] == "contact on 01/09/2016, in September 2016"


def test_assessment_timeliness_skips_the_summer_bank_holiday():
    # Started Monday 1 August 2016. Working days after it: August 21 (29th is the summer
    # bank holiday), September 22, so 43 by 30 September; 3 October is the 44th, 4 October
    # the 45th, 5 October the 46th, 13 October the 52nd.
    records = frame(
        "assessments",
        {"start_date": d("2016-08-01"), "authorised_date": d("2016-10-04")},
        {"start_date": d("2016-08-01"), "authorised_date": d("2016-10-05")},
        {"start_date": d("2016-08-01"), "authorised_date": d("2016-10-13")},
        {"start_date": d("2016-09-01"), "authorised_date": d("2016-09-30")},  # not October
    )
    result = figure("assessments_45_days", records, OCT_2016)
    assert (result.numerator, result.denominator) == (1, 3)
    assert result.value == Decimal("33.3333")
    assert reasons(result) == {
        2: "assessment took 45 working days (within 45)",
        3: "assessment took 46 working days (more than 45)",
        4: "assessment took 52 working days (more than 45)",
    }
    assert reasons(result, DENOMINATOR_ONLY).keys() == {3, 4}
    assert figure("assessments_completed", records, OCT_2016).value == 3


def test_working_days_over_christmas_and_a_leap_day():
    records = frame(
        "assessments",
        # Friday 23 December 2016 to Wednesday 28th: 26th and 27th (the substitute for
        # Christmas Day on a Sunday) are bank holidays, so one working day.
        {"start_date": d("2016-12-23"), "authorised_date": d("2016-12-28")},
        # Friday 26 February 2016 to Tuesday 1 March: Monday 29 February is a working day.
        {"start_date": d("2016-02-26"), "authorised_date": d("2016-03-01")},
    )
    december = figure("assessments_45_days", records, date(2016, 12, 1))
    assert reasons(december) == {2: "assessment took 1 working days (within 45)"}
    march = figure("assessments_45_days", records, date(2016, 3, 1))
    assert reasons(march) == {3: "assessment took 2 working days (within 45)"}


def test_a_re_referral_exactly_12_months_after_the_last_counts():
    records = frame(
        "referrals",
        {"child_id": "A", "referral_date": d("2015-09-10")},
        {"child_id": "A", "referral_date": d("2016-09-10")},  # exactly 12 months: counted
        {"child_id": "B", "referral_date": d("2015-09-09")},
        {"child_id": "B", "referral_date": d("2016-09-10")},  # a day over: not
        {"child_id": "C", "referral_date": d("2016-09-20")},  # first referral
        {"child_id": "D", "referral_date": d("2016-09-02")},
        {"child_id": "D", "referral_date": d("2016-09-25")},  # same month: counted
    )
    result = figure("re_referrals_12m", records, SEP_2016)
    assert (result.numerator, result.denominator) == (2, 5)
    assert result.value == Decimal("40.0000")
    assert reasons(result) == {
        3: "previous referral on 10/09/2015, within 12 months",
        5: "previous referral on 09/09/2015, more than 12 months before",
        6: "no earlier referral of the child",
        7: "no earlier referral of the child",
        8: "previous referral on 02/09/2016, within 12 months",
    }
    assert figure("referrals", records, SEP_2016).value == 5


def test_a_re_referral_whose_earlier_referral_is_before_the_list_is_read_from_its_count():
    records = frame(
        "referrals",
        {"child_id": "A", "referral_date": d("2016-09-05"), "referrals_last_12m": 1},
        {"child_id": "B", "referral_date": d("2016-09-06"), "referrals_last_12m": 0},
        {"child_id": "C", "referral_date": d("2016-09-07")},  # no count given
        {"child_id": "D", "referral_date": d("2016-08-01"), "referrals_last_12m": 0},
        {"child_id": "D", "referral_date": d("2016-09-08"), "referrals_last_12m": 0},
    )
    result = figure("re_referrals_12m", records, SEP_2016)
    assert (result.numerator, result.denominator) == (2, 4)
    assert reasons(result) == {
        2: "child had 1 referral(s) in the 12 months before (the list's count)",
        3: "no earlier referral of the child",
        4: "no earlier referral of the child",
        6: "previous referral on 01/08/2016, within 12 months",
    }


def test_a_re_referral_a_year_after_a_leap_day():
    records = frame(
        "referrals",
        {"child_id": "A", "referral_date": d("2016-02-29")},
        {"child_id": "A", "referral_date": d("2017-02-28")},  # 12 months back: 28 Feb 2016
        {"child_id": "B", "referral_date": d("2016-02-29")},
        {"child_id": "B", "referral_date": d("2017-03-01")},  # 12 months back: 1 Mar 2016
    )
    february = figure("re_referrals_12m", records, date(2017, 2, 1))
    assert (february.numerator, february.denominator) == (1, 1)
    march = figure("re_referrals_12m", records, date(2017, 3, 1))
    assert (march.numerator, march.denominator) == (0, 1)


def test_a_plan_that_ends_the_day_it_starts():
    records = frame(
        "cp_plans",
        {"start_date": d("2016-09-30"), "end_date": d("2016-09-30")},  # open on the last day
        {"start_date": d("2016-09-15"), "end_date": d("2016-09-15")},  # not open then
        {"start_date": d("2016-01-01")},  # open, no end
        {"start_date": d("2016-10-01")},  # starts after
    )
    at_end = figure("cp_month_end", records, SEP_2016)
    assert at_end.value == 2
    assert sorted(at_end.counted["row"].to_list()) == [2, 4]
    assert reasons(at_end)[2] == "open on 30/09/2016 (started 30/09/2016, ended 30/09/2016)"
    ceased = figure("cp_ceased_2_years", records, SEP_2016)
    assert (ceased.numerator, ceased.denominator) == (0, 2)
    assert reasons(ceased)[2] == "plan lasted 0 days"


def test_plans_ceasing_after_two_years():
    records = frame(
        "cp_plans",
        {"start_date": d("2014-09-01"), "end_date": d("2016-09-01")},  # 731 days
        {"start_date": d("2014-09-02"), "end_date": d("2016-09-01")},  # 730 days
        {"start_date": d("2014-09-03"), "end_date": d("2016-09-01")},  # 729: not over
    )
    result = figure("cp_ceased_2_years", records, SEP_2016)
    assert (result.numerator, result.denominator) == (2, 3)
    assert reasons(result, DENOMINATOR_ONLY) == {4: "plan lasted 729 days"}


def test_second_or_subsequent_plans_however_long_ago():
    records = frame(
        "cp_plans",
        {"child_id": "A", "start_date": d("2009-05-01"), "end_date": d("2010-01-01")},
        {"child_id": "A", "start_date": d("2016-09-05")},
        {"child_id": "B", "start_date": d("2016-09-06"), "previous_plans": 1},
        {"child_id": "C", "start_date": d("2016-09-07"), "previous_plans": 0},
    )
    result = figure("cp_second_subsequent", records, SEP_2016)
    assert (result.numerator, result.denominator) == (2, 3)
    assert reasons(result) == {
        3: "child had a plan before, from 01/05/2009",
        4: "child had 1 plan(s) before (the list's count)",
        5: "child's first plan",
    }


def test_a_transfer_in_conference_is_left_out_of_icpc_timeliness():
    # Strategy discussion Thursday 1 September 2016: 15 working days on is 22 September.
    records = frame(
        "s47",
        {"strategy_date": d("2016-09-01"), "icpc_date": d("2016-09-22")},
        {"strategy_date": d("2016-09-01"), "icpc_date": d("2016-09-23")},
        {"icpc_date": d("2016-09-12")},  # transferred in: no strategy discussion here
    )
    result = figure("icpc_15_days", records, SEP_2016)
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.value == Decimal("50.0000")
    assert reasons(result, LEFT_OUT) == {
        4: "no strategy discussion date, so it cannot be timed (a transfer-in)"
    }
    assert figure("s47_started", records, SEP_2016).value == 2


def test_a_child_with_overlapping_episodes_counts_once():
    records = frame(
        "children_in_care",
        {"child_id": "A", "start_date": d("2016-01-01"), "placements_12m": 3},
        {"child_id": "A", "start_date": d("2016-06-01"), "placements_12m": 3},  # overlaps
        {"child_id": "B", "start_date": d("2015-01-01"), "placements_12m": 1},
        {"child_id": "C", "start_date": d("2015-01-01"), "end_date": d("2016-09-29")},
    )
    result = figure("cic_month_end", records, SEP_2016)
    assert result.value == 2
    assert reasons(result, LEFT_OUT) == {3: "child already counted (overlapping episode, row 2)"}
    # no episodes came: list 8's own count is read, and the trace says so
    stability = figure("cic_3_placements", records, SEP_2016)
    assert (stability.numerator, stability.denominator) == (1, 2)
    assert reasons(stability)[2] == (
        "3 placements in the last 12 months (Annex A list 8's count; no episodes came)"
    )
    rate = figure("cic_per_10000", records, SEP_2016, population=40_000)
    assert rate.value == Decimal("0.5000")  # 2 / 40,000 x 10,000
    assert figure("cic_per_10000", records, SEP_2016).value is None  # no population figure


def episode(child: str, start: str, rne: str, end: str | None = None) -> dict:
    return {
        "child_id": child,
        "start_date": d(start),
        "rne": rne,
        "legal_status": "C2",
        "placement_type": "U1",
        "end_date": d(end) if end else None,
    }


def test_placements_in_the_12_months_to_month_end_counted_from_903_episodes():
    # The 12 months to 30 September 2016 run from 1 October 2015.
    records = frame(
        "episodes",
        # A: under way on 1 October 2015, and two changes of placement since: 3
        episode("A", "2015-03-01", "S", "2016-01-10"),
        episode("A", "2016-01-10", "P", "2016-06-01"),
        episode("A", "2016-06-01", "P"),
        # B: a placement started exactly 12 months before month end (30/09/2015), under way
        # on 1 October, counts once, not again as begun in the 12 months: 1 + 2 = 3
        episode("B", "2015-09-30", "S", "2016-01-01"),
        episode("B", "2016-01-01", "P", "2016-05-01"),
        episode("B", "2016-05-01", "T"),
        # C: began on the 12 months' first day, then one change: 2
        episode("C", "2015-10-01", "S", "2016-05-01"),
        episode("C", "2016-05-01", "B"),
        # D: changes of legal status only (RNE L) keep the placement: 1
        episode("D", "2016-01-01", "S", "2016-03-01"),
        episode("D", "2016-03-01", "L", "2016-06-01"),
        episode("D", "2016-06-01", "L"),
        # E: transferred in from another authority on 1 April 2016 (RNE S here; its
        # placements elsewhere are not in this table), then a change: 2
        episode("E", "2016-04-01", "S", "2016-07-01"),
        episode("E", "2016-07-01", "U"),
        # F: three placements, but left care before month end: not looked after then
        episode("F", "2015-11-01", "S", "2016-01-01"),
        episode("F", "2016-01-01", "P", "2016-03-01"),
        episode("F", "2016-03-01", "P", "2016-09-15"),
    )
    result = figure("cic_3_placements", records, SEP_2016)
    assert (result.numerator, result.denominator) == (2, 5)
    assert result.value == Decimal("40.0000")
    window = "in the 12 months 01/10/2015 to 30/09/2016 (903 episodes:"
    assert reasons(result) == {
        4: f"3 placements {window} 2 begun in them, and the one under way on 01/10/2015)",
        7: f"3 placements {window} 2 begun in them, and the one under way on 01/10/2015)",
        9: f"2 placements {window} 2 begun in them)",
        12: f"1 placements {window} 1 begun in them)",
        14: f"2 placements {window} 2 begun in them)",
    }
    assert sorted(result.counted["child_id"].to_list()) == ["A", "B"]
    # the same episodes give the children in care at month end
    assert figure("cic_month_end", records, SEP_2016).value == 5


def test_a_placement_change_on_the_last_day_counts_the_child_once():
    records = frame(
        "episodes",
        episode("A", "2016-02-01", "S", "2016-09-30"),
        episode("A", "2016-09-30", "P"),
    )
    result = figure("cic_3_placements", records, SEP_2016)
    assert (result.numerator, result.denominator) == (0, 1)
    assert reasons(result, LEFT_OUT) == {3: "child already counted (overlapping episode, row 2)"}


def test_care_leavers_aged_19_to_21_on_the_lists_month():
    records = frame(
        "care_leavers",
        {"birth_month": d("1997-09-01"), "in_touch": "a) Yes", "accommodation_suitable": "No"},
        {"birth_month": d("1997-10-01"), "in_touch": "b) No"},  # 18 on 30/09/2016
        {"birth_month": d("1995-01-01"), "in_touch": "Yes", "accommodation_suitable": "Yes"},
        {"birth_month": d("1994-09-01"), "in_touch": "Yes"},  # 22
        {"in_touch": "Yes"},  # no date of birth
    )
    result = figure("care_leavers_in_touch", records, SEP_2016, as_at=SEP_2016)
    assert (result.numerator, result.denominator) == (2, 2)
    assert reasons(result, LEFT_OUT) == {
        3: "aged 18 on 30/09/2016, not 19-21",
        5: "aged 22 on 30/09/2016, not 19-21",
        6: "no date of birth, so no age",
    }
    suitable = figure("care_leavers_suitable", records, SEP_2016, as_at=SEP_2016)
    assert (suitable.numerator, suitable.denominator) == (1, 2)
    assert reasons(suitable, DENOMINATOR_ONLY) == {2: "accommodation suitable: No"}
    other_month = figure("care_leavers_in_touch", records, OCT_2016, as_at=SEP_2016)
    assert other_month.value is None and other_month.records.is_empty()


def test_children_missing_in_the_month_count_once():
    records = frame(
        "missing",
        {"child_id": "A", "start_date": d("2016-09-03"), "end_date": d("2016-09-04")},
        {"child_id": "A", "start_date": d("2016-09-20"), "end_date": d("2016-09-21")},
        {"child_id": "B", "start_date": d("2016-08-30"), "end_date": d("2016-09-01")},
        {"child_id": "C", "start_date": d("2016-08-01"), "end_date": d("2016-08-31")},
        {"child_id": "D", "start_date": d("2016-09-30")},
    )
    result = figure("missing_in_month", records, SEP_2016)
    assert result.value == 3
    assert sorted(result.counted["child_id"].to_list()) == ["A", "B", "D"]


def test_cp_rate_per_10000():
    records = frame("cp_plans", *({"start_date": d("2016-01-01")} for _ in range(45)))
    result = figure("cp_per_10000", records, SEP_2016, population=48_500)
    assert result.value == Decimal("9.2784")  # 45 / 48,500 x 10,000 = 9.27835...


def test_an_empty_month_has_no_percentage():
    records = frame("assessments")
    result = figure("assessments_45_days", records, SEP_2016)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


SEP_2017 = date(2017, 9, 1)
ADOPTED = (
    # decided on the leap day: 12 months later is 28 February 2017, and placed that day
    {"decision_date": d("2016-02-29"), "placed_date": d("2017-02-28"),
     "adoption_order_date": d("2017-09-01")},
    # the same decision, placed a day later: more than 12 months
    {"decision_date": d("2016-02-29"), "placed_date": d("2017-03-01"),
     "adoption_order_date": d("2017-09-30")},
    # placed 12 months to the day after the decision, adopted the same day
    {"decision_date": d("2016-09-30"), "placed_date": d("2017-09-30"),
     "adoption_order_date": d("2017-09-30")},
    # adopted with no date placed for adoption: counted as adopted, but cannot be timed
    {"decision_date": d("2016-01-01"), "adoption_order_date": d("2017-09-15")},
    {"decision_date": d("2016-06-01"), "placed_date": d("2016-09-01"),
     "adoption_order_date": d("2017-10-02")},  # adopted in October
    {"decision_date": d("2017-01-01"), "placed_date": d("2017-05-01")},  # not adopted yet
)  # fmt: skip


def test_children_adopted_in_the_month_by_the_adoption_order():
    result = figure("adopted", frame("adoption", *ADOPTED), SEP_2017)
    assert result.value == 4
    assert sorted(result.counted["row"].to_list()) == [2, 3, 4, 5]
    assert reasons(result)[5] == "adoption order on 15/09/2017, in September 2017"


def test_adopted_children_placed_within_12_months_of_the_decision():
    result = figure("adopted_placed_12_months", frame("adoption", *ADOPTED), SEP_2017)
    assert (result.numerator, result.denominator) == (2, 3)
    assert result.value == Decimal("66.6667")
    assert reasons(result) == {
        2: "placement for adoption on 28/02/2017, within 12 months of the decision on "
        "29/02/2016 (12 months: by 28/02/2017)",
        3: "placement for adoption on 01/03/2017, more than 12 months after the decision on "
        "29/02/2016 (12 months: by 28/02/2017)",
        4: "placement for adoption on 30/09/2017, within 12 months of the decision on "
        "30/09/2016 (12 months: by 30/09/2017)",
        5: "no placement for adoption date, so it cannot be timed",
    }
    assert reasons(result, DENOMINATOR_ONLY).keys() == {3}
    assert reasons(result, LEFT_OUT).keys() == {5}


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2017, 12, 31))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(days, st.integers(0, 120), st.sampled_from("ABCDE")), max_size=40),
    st.sampled_from([SEP_2016, date(2016, 2, 1), date(2016, 12, 1)]),
)
def test_a_count_never_exceeds_its_list_and_a_percentage_stays_within_0_100(rows, month):
    records = frame(
        "assessments",
        *(
            {
                "child_id": child,
                "start_date": start,
                "authorised_date": start.fromordinal(start.toordinal() + length),
            }
            for start, length, child in rows
        ),
    )
    completed = figure("assessments_completed", records, month)
    timely = figure("assessments_45_days", records, month)
    assert 0 <= completed.value <= records.height
    assert timely.numerator <= (timely.denominator or 0) <= records.height
    assert timely.value is None or 0 <= timely.value <= 100
    # every record the figure looked at is traced once, with a reason
    assert timely.records["row"].n_unique() == timely.records.height
    assert timely.records["reason"].str.len_chars().min() or timely.records.is_empty()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(days, st.one_of(st.none(), st.integers(0, 900)), st.sampled_from("ABC")),
        max_size=30,
    )
)
def test_children_at_month_end_never_exceed_the_children_listed(rows):
    records = frame(
        "cp_plans",
        *(
            {
                "child_id": child,
                "start_date": start,
                "end_date": None
                if length is None
                else start.fromordinal(start.toordinal() + length),
            }
            for start, length, child in rows
        ),
    )
    for key in ("cp_month_end", "cp_second_subsequent", "cp_ceased_2_years"):
        result = figure(key, records, SEP_2016)
        assert result.numerator <= records.height
        if key == "cp_month_end":
            assert result.numerator <= records["child_id"].n_unique()
        elif result.value is not None:
            assert 0 <= result.value <= 100


CODES = ("Yes", "No", "a) Yes", "b) No", "S", "P", "L", "T", "B", "U", "B1", "B2", "YES", "NO")


def random_records(data, list_key: str, month: date) -> pl.DataFrame:
    """Records of any standard list: dates in the 15 months to the month's end (mostly in
    it or near), codes from the lists' own."""
    about = st.dates(min_value=month - timedelta(days=430), max_value=month + timedelta(days=30))
    near = st.dates(min_value=month - timedelta(days=20), max_value=month + timedelta(days=30))
    kinds = {
        pl.Date: st.one_of(near, about),
        pl.String: st.sampled_from(CODES),
        pl.Int64: st.integers(0, 5),
    }
    columns = {
        name: st.one_of(st.none(), kinds[kind])
        for name, kind in empty_frame(list_key).schema.items()
        if name not in ("row", "child_id")
    }
    rows = data.draw(
        st.lists(
            st.fixed_dictionaries({"child_id": st.sampled_from("ABCDE"), **columns}), max_size=25
        )
    )
    return frame(list_key, *rows)


@pytest.mark.parametrize("definition", STANDARD, ids=lambda definition: definition.key)
@settings(max_examples=15, deadline=None)
@given(data=st.data(), month=st.sampled_from([SEP_2016, date(2016, 2, 1), date(2017, 3, 1)]))
def test_every_definition_counts_within_its_list_and_a_percentage_within_0_100(
    definition, data, month
):
    records = random_records(data, definition.list_key, month)
    result = count_month(
        definition=definition, records=records, month=month, population=20_000, as_at=month
    )
    assert 0 <= result.numerator <= records.height
    if definition.measure in (PERCENTAGE, TIMELINESS):
        assert result.numerator <= (result.denominator or 0) <= records.height
        assert result.value is None or 0 <= result.value <= 100
    elif definition.measure == RATE_PER_10000:
        assert result.value == share(result.numerator, 20_000, 10_000)
    else:
        assert result.value == result.numerator
    assert result.records["row"].n_unique() == result.records.height  # each traced once


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(days, st.one_of(st.none(), st.integers(0, 900)), st.integers(0, 400)),
        max_size=30,
    ),
    st.sampled_from([SEP_2016, date(2016, 2, 1), date(2017, 3, 1)]),
)
def test_adoptions_never_exceed_the_list_and_their_timeliness_stays_within_0_100(rows, month):
    records = frame(
        "adoption",
        *(
            {
                "decision_date": decided,
                "placed_date": None if wait is None else decided + timedelta(days=wait),
                "adoption_order_date": decided + timedelta(days=(wait or 0) + later),
            }
            for decided, wait, later in rows
        ),
    )
    adopted = figure("adopted", records, month)
    timely = figure("adopted_placed_12_months", records, month)
    assert 0 <= adopted.value <= records.height
    assert timely.numerator <= (timely.denominator or 0) <= adopted.value
    assert timely.value is None or 0 <= timely.value <= 100
    assert timely.records["row"].n_unique() == timely.records.height == adopted.value
