"""A list's records on a page: columns headed in words, cells in the portal's formats."""

from datetime import date

import pytest

from records.display import Cell, cells, headings
from records.lists import LIST_BY_KEY, LISTS


@pytest.mark.parametrize("record_list", LISTS, ids=lambda record_list: record_list.key)
def test_every_lists_columns_are_headed_in_words_not_keys(record_list):
    shown = headings(record_list)
    assert len(shown) == len(record_list.columns) + 1  # the row first
    for heading in shown:
        assert heading not in {column.name for column in record_list.columns}, heading
        assert not heading.isupper(), heading


def test_a_column_is_headed_as_the_file_heads_it_and_a_903_code_is_explained():
    assert headings(LIST_BY_KEY["referrals"]) == [
        "Row", "Child (pseudonym)", "Gender", "Ethnicity", "Month of birth",
        "Date of referral", "Referral Source", "Referral NFA?",
        "Number of Referrals in Last 12 Months",
    ]  # fmt: skip
    assert headings(LIST_BY_KEY["missing"])[5:] == ["Missing Start Date", "Missing End Date"]
    assert headings(LIST_BY_KEY["adopters"])[:3] == [
        "Row",
        "Individual adopter identifier (pseudonym)",
        "Date enquiry received",
    ]
    assert headings(LIST_BY_KEY["episodes"])[5:7] == [
        "Date episode commenced (DECOM)",
        "Reason for new episode (RNE)",
    ]


def test_cells_are_written_in_the_portals_formats():
    pseudonym = "ab" * 32
    record = (7, pseudonym, None, "WBRI", date(2010, 3, 1), date(2016, 9, 1), None, None, 3)
    assert cells(LIST_BY_KEY["referrals"], record) == [
        Cell("7"),
        Cell(pseudonym, pseudonym=True),
        Cell(""),
        Cell("WBRI"),
        Cell("March 2010"),  # a date of birth is kept as its month
        Cell("1 September 2016"),
        Cell(""),
        Cell(""),
        Cell("3"),
    ]
