"""The reader of the team's monthly dataset spreadsheet: ``read_dataset(data, filename=...)``.

``reader`` reads the file, ``headers`` the header rows, ``cells`` one cell, ``records`` holds
what comes out, and ``xlsx_percent`` restores the percentages of a workbook.
"""

from .reader import read_dataset
from .records import Cell, CellStatus, DatasetFile, DatasetRow, Problem

__all__ = [
    "Cell",
    "CellStatus",
    "DatasetFile",
    "DatasetRow",
    "Problem",
    "read_dataset",
]
