"""What every django-tables2 table of the portal shares: GOV.UK cell markup and numeric columns.

``core/table.html`` (the project's ``DJANGO_TABLES2_TEMPLATE``) draws each header and cell
with django-tables2's own ``column.attrs``; ``with_class`` puts GOV.UK's class first in the
one ``class`` attribute, so a numeric cell reads ``class="govuk-table__cell app-numeric"``
rather than carrying two ``class`` attributes. ``BoundedPaginator`` pages every list.
"""

from collections.abc import Mapping, Sequence

import django_tables2
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django_tables2.utils import AttributeDict

from core import dates

# Right-aligned figures, header and cells alike (``attrs=NUMERIC`` on a column).
NUMERIC = {"th": {"class": "app-numeric"}, "td": {"class": "app-numeric"}}


def with_class(attrs: Mapping[str, str], base: str) -> str:
    """``attrs`` as HTML attributes, ``base`` first in their one class attribute."""
    merged = AttributeDict(attrs)
    own = [name for name in (merged.get("class") or "").split() if name != base]
    merged["class"] = " ".join([base, *own])
    return merged.as_html()


# The rows of a list page: ``?per_page=`` may ask for up to MAX_PER_PAGE.
PER_PAGE = 50
MAX_PER_PAGE = 500


class BoundedPaginator(Paginator):
    """The paginator of every list page (``ObjectListView``). django-tables2 passes on any
    whole number typed as ``?per_page=``: a negative one made Django's paginator fail (a
    server error), a million rendered a million rows. Here fewer than one row asks for the
    usual page, and more than MAX_PER_PAGE gets MAX_PER_PAGE; ``?page=`` beyond either end
    is django-tables2's to turn into the first or last page."""

    def __init__(self, object_list, per_page, orphans: int = 0, allow_empty_first_page=True):
        rows = int(per_page)
        bounded = PER_PAGE if rows < 1 else min(rows, MAX_PER_PAGE)
        super().__init__(object_list, bounded, orphans, allow_empty_first_page)


def order_blanks_as_postgresql(
    queryset: QuerySet, fields: Sequence[str], *, descending: bool
) -> tuple[QuerySet, bool]:
    """``queryset`` sorted by ``fields`` with blanks (NULL) where PostgreSQL puts them - last
    ascending, first descending - on every database, for a table's ``order_<column>``.

    Why: SQLite puts them first, so a list sorted by a person who may have no account (an
    indicator's owner) came out in another order on the embedded database than in production.
    """
    ordering = [
        F(name).desc(nulls_first=True) if descending else F(name).asc(nulls_last=True)
        for name in fields
    ]
    return queryset.order_by(*ordering), True


class DayColumn(django_tables2.DateColumn):
    """A date (or the day of a moment) in the portal's one format: "6 December 2026"."""

    def render(self, value) -> str:
        return dates.day(value)

    def value(self, value):  # exports keep the date itself
        return value


class MomentColumn(django_tables2.DateTimeColumn):
    """A moment in the portal's one format: "6 December 2026 at 6:53pm"."""

    def render(self, value) -> str:
        return dates.moment(value)

    def value(self, value):  # exports keep the moment itself
        return value
