"""What every django-tables2 table of the portal shares: GOV.UK cell markup and numeric columns.

The cells of a row are built here in Python rather than in ``core/table.html``'s loop: the
template engine's look-ups cost more than the cells themselves (a 40-line worklist spent
half its time there), and one place merges a column's own classes with GOV.UK's, so a
cell never carries two ``class`` attributes.
"""

from collections.abc import Mapping

from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django_tables2 import Table
from django_tables2.columns import BoundColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import AttributeDict

# Right-aligned figures, header and cells alike (``attrs=NUMERIC`` on a column).
NUMERIC = {"th": {"class": "app-numeric"}, "td": {"class": "app-numeric"}}


def with_class(attrs: Mapping[str, str], base: str) -> str:
    """``attrs`` as HTML attributes, ``base`` first in their one class attribute."""
    merged = AttributeDict(attrs)
    own = [name for name in (merged.get("class") or "").split() if name != base]
    merged["class"] = " ".join([base, *own])
    return merged.as_html()


def cell_attrs(table: Table, column: BoundColumn) -> str:
    """A column's ``<td>`` attributes, worked out once per table unless they depend on the row.

    django-tables2 lets an attribute be a function of the record; only a column with such
    an attribute pays for working them out on every cell.
    """
    known = table.__dict__.setdefault("_portal_cell_attrs", {})
    if column.name in known:
        return known[column.name]
    attrs = with_class(column.attrs["td"], "govuk-table__cell")
    if not any(callable(value) for value in column.column.attrs.get("td", {}).values()):
        known[column.name] = attrs
    return attrs


def row_cells(row: BoundRow, context: Context) -> str:
    """The ``<td>`` cells of one row, each value shown as ``{{ cell }}`` would show it."""
    return format_html_join(
        "",
        "<td {}>{}</td>",
        (
            (mark_safe(cell_attrs(row.table, column)), render_value_in_context(cell, context))
            for column, cell in row.items()
        ),
    )
