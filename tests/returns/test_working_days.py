"""Due dates in working days, around England and Wales bank holidays."""

from datetime import date

import pytest

from returns.working_days import add_working_days, due_date, is_working_day, reminder_date


@pytest.mark.parametrize(
    ("month", "working_days", "due"),
    [
        # September 2016 ends on a Friday: ten working days is two weeks later.
        (date(2016, 9, 1), 10, date(2016, 10, 14)),
        # November 2016 ends on a Wednesday: plain weekdays and one weekend.
        (date(2016, 11, 1), 5, date(2016, 12, 7)),
        # December 2016 ends on a Saturday; 2 January 2017 is New Year's Day (substitute).
        (date(2016, 12, 1), 3, date(2017, 1, 5)),
        # March 2017 ends on a Friday; Good Friday 14 and Easter Monday 17 April are skipped.
        (date(2017, 3, 1), 10, date(2017, 4, 18)),
        # March 2018 ends on Easter Saturday; Easter Monday 2 April is not a working day.
        (date(2018, 3, 1), 1, date(2018, 4, 3)),
        # May 2022: the late May bank holiday moved to 2 June, and 3 June was the Jubilee.
        (date(2022, 5, 1), 2, date(2022, 6, 6)),
        # November 2020 ends on a Monday, so the first working day after it is 1 December.
        (date(2020, 11, 1), 1, date(2020, 12, 1)),
    ],
)
def test_due_date_counts_working_days_after_month_end(month, working_days, due):
    assert due_date(month, working_days=working_days) == due


def test_christmas_week_2016_has_three_days_off_in_a_row():
    # Christmas Day on a Sunday: Boxing Day Monday, the substitute Christmas Day Tuesday.
    assert [is_working_day(date(2016, 12, day)) for day in (23, 26, 27, 28)] == [
        True,
        False,
        False,
        True,
    ]
    assert add_working_days(date(2016, 12, 23), 1) == date(2016, 12, 28)


def test_reminders_go_back_over_the_late_may_bank_holiday():
    # Due Wednesday 1 June 2016; Monday 30 May was the late May bank holiday.
    assert reminder_date(date(2016, 6, 1), working_days=3) == date(2016, 5, 26)
    assert reminder_date(date(2016, 6, 1), working_days=0) == date(2016, 6, 1)


def test_scottish_bank_holidays_are_not_ours():
    # 2 January is a bank holiday in Scotland, not in England and Wales (2018: a Tuesday).
    assert is_working_day(date(2018, 1, 2))
    # Good Friday is one in both.
    assert not is_working_day(date(2018, 3, 30))
