"""Working days in England and Wales: due dates and reminder dates of the monthly return.

A working day is Monday to Friday and not a bank holiday of England and Wales (including
substitute days, such as 27 December 2016 for a Christmas Day that fell on a Sunday).
"""

from datetime import date, timedelta

import holidays

from core.months import last_day_of_month

# Holidays for a year are computed the first time a date in that year is looked up.
BANK_HOLIDAYS = holidays.UK(subdiv="ENG")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (before it when ``count`` is negative)."""
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        remaining -= is_working_day(day)
    return day


def due_date(month: date, *, working_days: int) -> date:
    """When a month's return is due: ``working_days`` working days after the month ends."""
    return add_working_days(last_day_of_month(month), working_days)


def reminder_date(due: date, *, working_days: int) -> date:
    """When reminders go out: ``working_days`` working days before the due date."""
    return add_working_days(due, -working_days)
