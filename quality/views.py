"""Pages of the data-quality app. Thin: the checks and figures come from the selectors."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.generic import CreateView, UpdateView

from core.access import PermissionRequired, permission_required
from core.generic_views import ObjectListView
from core.months import add_months, requested_month
from indicators.selectors import reporting_month
from quality import charts, selectors, services
from quality.completeness import month_completeness
from quality.filters import RuleFilterSet
from quality.forms import RuleForm
from quality.models import ValidationRule
from quality.tables import RuleTable

READ = "quality.view_data_quality"


def _months(month) -> dict:
    return {"month": month, "previous": add_months(month, -1), "next": add_months(month, 1)}


@permission_required(READ)
def month_page(request: HttpRequest) -> HttpResponse:
    """The month's flagged values: rules that fail and unusual movements, errors first."""
    month = reporting_month(asked=requested_month(request))
    return render(
        request,
        "quality/month.html",
        {
            "title": "Data quality",
            "quality": selectors.month_quality(month=month, user=request.user),
            **_months(month),
        },
    )


@permission_required(READ)
def completeness_page(request: HttpRequest) -> HttpResponse:
    month = reporting_month(asked=requested_month(request))
    completeness = month_completeness(month=month)
    return render(
        request,
        "quality/completeness.html",
        {
            "title": "Completeness",
            "completeness": completeness,
            "chart": charts.completeness_chart(completeness.trend),
            **_months(month),
        },
    )


class RuleListView(ObjectListView):
    queryset = ValidationRule.objects.select_related("left", "right_indicator")
    filterset_class = RuleFilterSet
    table_class = RuleTable
    title = "Validation rules"
    permission_required = "quality.view_validationrule"
    template_name = "quality/rule_list.html"


class RuleFormMixin(PermissionRequired):
    form_class = RuleForm
    template_name = "quality/form.html"
    success_url = reverse_lazy("quality:rules")

    def form_valid(self, form):
        self.object = services.save_rule(rule=form.save(commit=False), user=self.request.user)
        return HttpResponseRedirect(self.get_success_url())


class RuleCreateView(RuleFormMixin, CreateView):
    permission_required = "quality.add_validationrule"
    extra_context = {"title": "Add a validation rule", "submit": "Add the rule"}


class RuleUpdateView(RuleFormMixin, UpdateView):
    permission_required = "quality.change_validationrule"
    extra_context = {"submit": "Save the rule"}

    def get_queryset(self):
        return ValidationRule.objects.restrict(self.request.user, "change")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=f"Edit the rule {self.object}", **kwargs)
