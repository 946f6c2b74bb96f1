"""What every django-tables2 table of the portal shares: GOV.UK cell markup and numeric columns.

``core/table.html`` (the project's ``DJANGO_TABLES2_TEMPLATE``) draws each header and cell
with django-tables2's own ``column.attrs``; ``with_class`` puts GOV.UK's class first in the
one ``class`` attribute, so a numeric cell reads ``class="govuk-table__cell app-numeric"``
rather than carrying two ``class`` attributes.
"""

from collections.abc import Mapping

from django_tables2.utils import AttributeDict

# Right-aligned figures, header and cells alike (``attrs=NUMERIC`` on a column).
NUMERIC = {"th": {"class": "app-numeric"}, "td": {"class": "app-numeric"}}


def with_class(attrs: Mapping[str, str], base: str) -> str:
    """``attrs`` as HTML attributes, ``base`` first in their one class attribute."""
    merged = AttributeDict(attrs)
    own = [name for name in (merged.get("class") or "").split() if name != base]
    merged["class"] = " ".join([base, *own])
    return merged.as_html()
