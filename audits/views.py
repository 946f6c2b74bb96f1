"""Pages of the audits app. Thin: permissions, the restricted querysets, then a service call.

Auditors (practice managers) need no role: "My audits" is open to every signed-in user and
lists only the audits allocated to them; they record an audit from there. The QA unit
manages allocations, cycles and service areas; readers of the analysis read the report.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from audits import charts, services
from audits.downloads import audit_report_download
from audits.filters import (
    AuditFilterSet,
    CycleFilterSet,
    MyAuditFilterSet,
    ServiceAreaFilterSet,
)
from audits.forms import (
    AllocationEditForm,
    AllocationForm,
    CycleForm,
    RecordAuditForm,
    ServiceAreaForm,
)
from audits.models import Audit, AuditCycle, ServiceArea
from audits.resources import AuditResource
from audits.selectors import cycles_with_counts, report_for
from audits.tables import AuditTable, CycleTable, MyAuditTable, ServiceAreaTable
from core.access import PermissionRequired
from core.breadcrumbs import BreadcrumbsMixin, trail
from core.exports import neutralise_dataset
from core.generic_views import ObjectListView
from core.people import display_name
from core.report_downloads import download_response, requested_format

FORM_TEMPLATE = "core/form.html"
# The pages above others in their breadcrumbs, named as the menu names them.
AUDITS, MY_AUDITS = ("Audits", "audits:list"), ("My audits", "audits:mine")
AUDIT_ANALYSIS, SERVICE_AREAS = (
    ("Audit analysis", "audits:cycles"),
    ("Service areas", "audits:service-areas"),
)


class AuditListView(BreadcrumbsMixin, ObjectListView):
    queryset = Audit.objects.for_list()
    filterset_class = AuditFilterSet
    table_class = AuditTable
    title = "Audits"
    permission_required = "audits.view_audit"
    template_name = "audits/audit_list.html"
    export_formats = ()  # exported in the import layout instead (AuditExportView)


class MyAuditListView(BreadcrumbsMixin, ObjectListView):
    queryset = Audit.objects.for_list()
    filterset_class = MyAuditFilterSet
    table_class = MyAuditTable
    title = "My audits"
    template_name = "audits/my_audits.html"
    export_formats = ()

    def get_queryset(self):
        return super().get_queryset().allocated_to(self.request.user)


class AuditExportView(PermissionRequired, View):
    """The filtered audit list as CSV or XLSX, in the import layout (formulas neutralised)."""

    permission_required = "audits.view_audit"
    formats = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def get(self, request):
        export_format = request.GET.get("format", "csv")
        if export_format not in self.formats:
            export_format = "csv"
        queryset = Audit.objects.for_list().restrict(request.user, "view")
        audits = AuditFilterSet(request.GET, queryset=queryset, request=request).qs
        dataset = neutralise_dataset(AuditResource().export(queryset=audits))
        response = HttpResponse(
            dataset.export(export_format), content_type=self.formats[export_format]
        )
        response["Content-Disposition"] = f'attachment; filename="audits.{export_format}"'
        return response


class AllocateView(BreadcrumbsMixin, PermissionRequired, FormView):
    permission_required = "audits.add_audit"
    breadcrumbs = (AUDITS,)
    form_class = AllocationForm
    template_name = FORM_TEMPLATE
    extra_context = {
        "title": "Allocate audits",
        "intro": "Allocate the cases of one service area to one practice manager. "
        "The audit cycle of the month is created if it does not exist yet.",
        "submit": "Allocate",
    }

    def form_valid(self, form):
        try:
            audits = services.allocate_audits(**form.cleaned_data, user=self.request.user)
        except services.AllocationRefused as refusal:
            form.add_error("case_references", str(refusal))
            return self.form_invalid(form)
        data = form.cleaned_data
        messages.success(
            self.request,
            f"{len(audits)} audit{'s' if len(audits) != 1 else ''} allocated to "
            f"{display_name(data['auditor'])} "
            f"in {data['month']:%B %Y}.",
        )
        return redirect("audits:list")


class AuditFormMixin(BreadcrumbsMixin, LoginRequiredMixin):
    """Edit one audit the user may change (404 otherwise); the service records who and when."""

    model = Audit

    def get_breadcrumbs(self):
        """Back to the auditor's own list, or to every audit for the QA unit."""
        return (MY_AUDITS,) if self.object.auditor_id == self.request.user.pk else (AUDITS,)

    template_name = FORM_TEMPLATE
    action = "change"

    def get_queryset(self):
        return Audit.objects.for_list().restrict(self.request.user, self.action)

    def form_valid(self, form):
        audit = services.save_audit(audit=form.save(commit=False), user=self.request.user)
        messages.success(self.request, f"Audit {audit.case_reference} saved.")
        mine = audit.auditor_id == self.request.user.pk
        return redirect("audits:mine" if mine else "audits:list")


class RecordAuditView(AuditFormMixin, UpdateView):
    form_class = RecordAuditForm

    def get_context_data(self, **kwargs):
        audit = self.object
        return super().get_context_data(
            title=f"Record audit {audit.case_reference}",
            caption=f"{audit.service_area.name}, {audit.cycle.label}",
            intro="Save a draft at any point and come back to it. "
            "When you complete the audit, every question needs an answer.",
            submit="Save",
            **kwargs,
        )


class AllocationEditView(PermissionRequired, AuditFormMixin, UpdateView):
    permission_required = "audits.change_audit"
    form_class = AllocationEditForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Edit allocation of {self.object.case_reference}",
            caption=self.object.cycle.label,
            submit="Save",
            **kwargs,
        )


class CycleListView(BreadcrumbsMixin, ObjectListView):
    queryset = cycles_with_counts(AuditCycle.objects.all())
    filterset_class = CycleFilterSet
    table_class = CycleTable
    title = "Audit cycles"
    action = "report"
    permission_required = "audits.view_published_audit_report"
    template_name = "audits/cycle_list.html"
    export_formats = ()


class CycleMixin:
    """The cycle of the ``month`` in the URL, among those the user may read the report of."""

    def get_object(self, queryset=None) -> AuditCycle:
        cycles = AuditCycle.objects.restrict(self.request.user, "report")
        return get_object_or_404(cycles, month=self.kwargs["month"])


class CycleCreateView(BreadcrumbsMixin, PermissionRequired, CreateView):
    permission_required = "audits.add_auditcycle"
    breadcrumbs = (AUDIT_ANALYSIS,)
    form_class = CycleForm
    template_name = FORM_TEMPLATE
    extra_context = {"title": "Add an audit cycle", "submit": "Add"}

    def get_success_url(self) -> str:
        return reverse("audits:report", kwargs={"month": self.object.month})


class CycleUpdateView(BreadcrumbsMixin, PermissionRequired, CycleMixin, UpdateView):
    permission_required = "audits.change_auditcycle"
    breadcrumbs = (AUDIT_ANALYSIS,)
    form_class = CycleForm
    template_name = FORM_TEMPLATE

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Theme and notes of {self.object.label}", submit="Save", **kwargs
        )

    def get_success_url(self) -> str:
        return reverse("audits:report", kwargs={"month": self.object.month})


class CyclePublishView(PermissionRequired, CycleMixin, View):
    """Publish the analysis to viewers, or withdraw it (``publish`` is "yes" or "no"), once
    confirmed: both change what every reader of the analysis sees."""

    permission_required = "audits.publish_auditcycle"

    def post(self, request, month):
        cycle = self.get_object()
        publish = request.POST.get("publish") == "yes"
        if "confirm" not in request.POST:
            counted = cycles_with_counts(AuditCycle.objects.filter(pk=cycle.pk)).get()
            context = {"cycle": counted, "publish": publish, "title": cycle.label}
            context["breadcrumbs"] = trail(AUDIT_ANALYSIS)
            return render(request, "audits/publish_confirm.html", context)
        if publish:
            services.publish_cycle(cycle=cycle, user=request.user)
            messages.success(request, f"The audit analysis of {cycle.label} is published.")
        else:
            services.unpublish_cycle(cycle=cycle)
            messages.success(request, f"The audit analysis of {cycle.label} is withdrawn.")
        return redirect("audits:report", month=cycle.month)


class ReportView(
    BreadcrumbsMixin, LoginRequiredMixin, PermissionRequired, CycleMixin, TemplateView
):
    """The monthly audit analysis; viewers may read it only once the cycle is published.
    ``?_export=xlsx`` or ``csv`` downloads the same analysis."""

    breadcrumbs = (AUDIT_ANALYSIS,)
    template_name = "audits/report.html"
    permission_required = "audits.view_published_audit_report"

    def get_context_data(self, **kwargs):
        report = report_for(cycle=self.get_object(), user=self.request.user)
        return super().get_context_data(
            title=f"Audit analysis, {report.cycle.label}",
            report=report,
            **charts.report_charts(report=report),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        if export_format := requested_format(request):
            report = report_for(cycle=self.get_object(), user=request.user)
            return download_response(audit_report_download(report), export_format)
        return super().get(request, *args, **kwargs)


class ServiceAreaListView(BreadcrumbsMixin, ObjectListView):
    breadcrumbs = (AUDITS,)
    queryset = ServiceArea.objects.all()
    filterset_class = ServiceAreaFilterSet
    table_class = ServiceAreaTable
    title = "Service areas"
    permission_required = "audits.view_servicearea"
    template_name = "audits/service_area_list.html"
    export_formats = ()


class ServiceAreaCreateView(BreadcrumbsMixin, PermissionRequired, CreateView):
    permission_required = "audits.add_servicearea"
    breadcrumbs = (AUDITS, SERVICE_AREAS)
    form_class = ServiceAreaForm
    template_name = FORM_TEMPLATE
    extra_context = {"title": "Add a service area", "submit": "Add"}

    def get_success_url(self) -> str:
        return reverse("audits:service-areas")


class ServiceAreaUpdateView(BreadcrumbsMixin, PermissionRequired, UpdateView):
    permission_required = "audits.change_servicearea"
    breadcrumbs = (AUDITS, SERVICE_AREAS)
    form_class = ServiceAreaForm
    template_name = FORM_TEMPLATE
    extra_context = {"submit": "Save"}

    def get_queryset(self):
        return ServiceArea.objects.restrict(self.request.user, "change")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Edit {self.object.short_name}", **kwargs)

    def get_success_url(self) -> str:
        return reverse("audits:service-areas")
