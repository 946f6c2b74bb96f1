"""Safe spreadsheet export: text that a spreadsheet would run as a formula is neutralised."""

from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django_tables2.export import TableExport

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """Prefix text that starts like a formula with an apostrophe, so Excel shows it as text.

    Plain numbers written as text (``-23.3``) are left alone: they are data, not formulas.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    try:
        Decimal(value)
    except InvalidOperation:
        return "'" + value
    return value


def neutralise_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` with every cell passed through :func:`neutralise_formula`."""
    rows = [tuple(neutralise_formula(cell) for cell in row) for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers, title=dataset.title)


class SafeTableExport(TableExport):
    """django-tables2's export with formula neutralisation applied to every cell."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dataset = neutralise_dataset(self.dataset)
