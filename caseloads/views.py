from django.views.generic import TemplateView

from caseloads import selectors
from caseloads.downloads import caseload_report_download
from caseloads.filters import CaseloadFilter
from caseloads.forms import ReportMonthForm
from caseloads.models import Caseload
from caseloads.tables import CaseloadTable
from core.access import PermissionRequired
from core.breadcrumbs import BreadcrumbsMixin
from core.generic_views import ObjectListView
from core.report_downloads import download_response, requested_format


class CaseloadReportView(BreadcrumbsMixin, PermissionRequired, TemplateView):
    """The caseload report of a month (the latest unless chosen), as the reader may see it;
    ``?_export=xlsx`` or ``csv`` downloads the same report."""

    permission_required = "caseloads.report_caseload"
    template_name = "caseloads/report.html"

    def render_to_response(self, context, **kwargs):
        export_format = requested_format(self.request)
        if export_format and context["report"]:
            return download_response(caseload_report_download(context["report"]), export_format)
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = list(selectors.readable_months(user=self.request.user))
        # Bound by a chosen month only: ``?_export=xlsx`` alone downloads the latest month.
        chosen = "month" in self.request.GET
        form = ReportMonthForm(self.request.GET if chosen else None, months=months)
        month = form.cleaned_data["month"] if form.is_valid() else None
        if not form.is_bound and months:
            month = months[0]
        context.update(
            title="Caseload report",
            form=form,
            months=months,
            report=month and selectors.report_for(month=month, user=self.request.user),
        )
        return context


class CaseloadListView(BreadcrumbsMixin, ObjectListView):
    breadcrumbs = (("Caseloads", "caseloads:report"),)
    queryset = Caseload.objects.with_load()
    filterset_class = CaseloadFilter
    table_class = CaseloadTable
    title = "Caseloads by practitioner"
    permission_required = "caseloads.view_caseload"

    def get_queryset(self):
        return selectors.with_shown_names(super().get_queryset(), user=self.request.user)
