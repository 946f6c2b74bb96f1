"""Months as the caseload data knows them: the first day of the month, written "YYYY-MM".

Options of the import flow must be JSON, so a month travels as "YYYY-MM" text and is parsed
here, in one place, by the form, the importer and the commands alike.
"""

import re
from datetime import date

MONTH_TEXT = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_month(text: str) -> date:
    """The first day of the month written ``YYYY-MM``; ValueError in plain words otherwise."""
    match = MONTH_TEXT.match(text or "")
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f'"{text}" is not a month: write it as YYYY-MM, for example 2026-10.')
    return date(int(match[1]), int(match[2]), 1)


def month_text(month: date) -> str:
    return f"{month:%Y-%m}"


def months_ending(month: date, count: int) -> list[date]:
    """The ``count`` months ending at ``month``, oldest first."""
    index = month.year * 12 + month.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def month_choices(months: list[date]) -> list[tuple[str, str]]:
    """Form choices for ``months``: "2026-10" shown as "October 2026"."""
    return [(month_text(month), f"{month:%B %Y}") for month in months]
