"""The one list view every list page of the portal is declared on.

A list page is a declaration - queryset, filterset, table, permission action - in the
style of NetBox: the restriction, filtering, sorting, pagination and export behave the
same on every page, and each page's query budget is tested against this one code path.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from core.access import PermissionRequired
from core.exports import SafeTableExport
from core.tables import PER_PAGE, BoundedPaginator


class ObjectListView(
    LoginRequiredMixin, PermissionRequired, ExportMixin, SingleTableMixin, FilterView
):
    """List ``queryset`` restricted to what the user may ``action``, filtered, as ``table_class``.

    Subclasses set ``queryset`` (a ``RestrictedQuerySet``), ``filterset_class``,
    ``table_class``, ``title`` and optionally ``permission_required`` (``core.access``, checked
    before anything is read; without it the queryset's restriction alone decides).
    """

    action = "view"
    title = ""
    template_name = "core/object_list.html"
    export_class = SafeTableExport
    export_formats = ("csv", "xlsx")
    # The table pages itself; ListView's own ``paginate_by`` would count the rows again.
    table_pagination = {"per_page": PER_PAGE, "paginator_class": BoundedPaginator}
    strict = False

    def get_queryset(self):
        if self.queryset is None:
            raise ImproperlyConfigured(f"{self.__class__.__name__} needs a queryset.")
        return self.queryset.all().restrict(self.request.user, self.action)

    def get_table(self, **kwargs):
        """The table, captioned by its ``Meta.caption`` (django-tables2 has no caption of its
        own), else by the page's title."""
        table = super().get_table(**kwargs)
        table.caption = getattr(table.Meta, "caption", "") or self.title
        return table

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}.{export_format}"

    @property
    def export_name(self) -> str:
        return self.title.lower().replace(" ", "-") or "export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["export_formats"] = self.export_formats
        return context
