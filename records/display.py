"""How a list's records read on a page: each column headed in words, each cell in the
portal's formats (``core.dates``).

A column is headed as the analyst's own file heads it (its Annex A header, the first of its
``records.lists`` aliases written in words), not by the key the code knows it by
(``contact_date``); an SSDA903 field, which has only its code, is headed by what the DfE's
guidance calls it, with the code. The CSV download keeps the keys: it is read by programs.
"""

from dataclasses import dataclass

from core import dates
from core.months import month_name
from records.lists import CHILD, DATE, Column, RecordList

ROW = "row"
PSEUDONYM = "child_id"
BIRTH_MONTH = "birth_month"
# Where the file's header would mislead: a person is shown by a pseudonym, never the
# identifier the file held, and a date of birth is kept as its month only.
HEADINGS = {ROW: "Row", BIRTH_MONTH: "Month of birth"}
CHILD_PSEUDONYM = "Child (pseudonym)"
# SSDA903 fields the lists take by code alone, in the words of the DfE's 903 guidance.
SSDA903_FIELDS = {
    "DECOM": "Date episode commenced",
    "RNE": "Reason for new episode",
    "LS": "Legal status",
    "CIN": "Category of need",
    "PLACE": "Placement type",
    "PLACE_PROVIDER": "Placement provider",
    "DEC": "Date episode ceased",
    "REC": "Reason episode ceased",
    "REASON_PLACE_CHANGE": "Reason for placement change",
    "IN_TOUCH": "In touch",
    "ACTIV": "Activity",
    "ACCOM": "Accommodation",
}


@dataclass(frozen=True)
class Cell:
    text: str
    pseudonym: bool = False  # shown shortened, its whole value available (the template)


def headings(record_list: RecordList) -> list[str]:
    """The page's column headings: the record's row, then the list's columns."""
    return [HEADINGS[ROW], *(heading(column) for column in record_list.columns)]


def heading(column: Column) -> str:
    if column == CHILD[0]:
        return CHILD_PSEUDONYM
    if column.name == PSEUDONYM:  # list 11's adopter
        return f"{column.aliases[0]} (pseudonym)"
    if column.name in HEADINGS:
        return HEADINGS[column.name]
    if words := [alias for alias in column.aliases if not alias.isupper()]:
        return words[0]
    code = column.aliases[0]
    return f"{SSDA903_FIELDS[code]} ({code})" if code in SSDA903_FIELDS else code


def cells(record_list: RecordList, record: tuple) -> list[Cell]:
    """One record (its row, then its values in the order of the list's columns, as
    ``records.selectors.records_in_order`` reads it) as the page shows it."""
    row, *values = record
    return [
        Cell(str(row)),
        *(cell(column, value) for column, value in zip(record_list.columns, values, strict=True)),
    ]


def cell(column: Column, value: object) -> Cell:
    if value is None:
        return Cell("")
    if column.name == PSEUDONYM:
        return Cell(str(value), pseudonym=True)
    if column.name == BIRTH_MONTH:
        return Cell(month_name(value))
    if column.kind == DATE:
        return Cell(dates.day(value))
    return Cell(str(value))
