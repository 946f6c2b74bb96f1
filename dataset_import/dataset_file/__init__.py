"""The reader of the team's monthly dataset spreadsheet: ``read_dataset(data, filename=...)``.

``reader`` reads the file, ``headers`` the header rows, ``cells`` one cell, and ``records``
holds what comes out.
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
