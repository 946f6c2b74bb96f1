"""Small record sets for the counting tests: a list's frame from a few dicts."""

from datetime import date

import polars as pl

from records.counting import empty_frame


def frame(list_key: str, *rows: dict) -> pl.DataFrame:
    """The list's typed frame; ``row`` numbers the records from 2 (a sheet's first data row)
    and ``child_id`` defaults to one child per record."""
    empty = empty_frame(list_key)
    filled = [{"row": number, "child_id": f"C{number}"} | row for number, row in enumerate(rows, 2)]
    return pl.DataFrame(filled, schema=empty.schema) if filled else empty


def d(text: str) -> date:
    return date.fromisoformat(text)
