"""The read-only API for BI tools, and the page where a user gets a token.

Thin: who may read what is in ``api.selectors`` (the pages' own rules), the figures come
from the apps' selectors, and the token writes from ``api.services``.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.response import Response

from api import selectors, services
from api.filters import (
    MONTH_PATTERN,
    IndicatorFilterSet,
    MonthlyValueFilterSet,
    MonthRangeFilterSet,
)
from api.serializers import (
    AuditReportSerializer,
    AuditSummarySerializer,
    CaseloadReportSerializer,
    CaseloadSummarySerializer,
    IndicatorSerializer,
    MonthlyValueSerializer,
)
from audits.selectors import report_for as audit_report_for
from caseloads.selectors import caseload_report, readable_months
from core.access import permission_required
from core.months import parse_month

# Any path segment reaches the view, so that a malformed id or month is the API's own JSON 404.
ANY_SEGMENT = "[^/]+"
MONTH = OpenApiParameter(
    "month",
    str,
    OpenApiParameter.PATH,
    description="The month, as YYYY-MM.",
    pattern=MONTH_PATTERN,
)


def _month(text: str):
    try:
        return parse_month(text)
    except ValueError:
        raise Http404(str(text)) from None


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue: filter by ``area`` (name), ``owner`` and ``reporter``
    (usernames), ``unit``, ``active`` (this month) or ``ref``."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    lookup_value_regex = ANY_SEGMENT

    def get_queryset(self):
        return selectors.indicators_for(user=self.request.user)


class MonthlyValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Monthly values with the dataset's computed columns: filter by ``ref`` (one or more,
    comma separated), ``area``, ``month_from`` and ``month_to`` (YYYY-MM) or ``state``.
    A derived indicator has a row for every month its inputs give a value, as provisional as
    its least-accepted input. Viewers read the accepted values of published months only."""

    serializer_class = MonthlyValueSerializer
    filterset_class = MonthlyValueFilterSet
    lookup_value_regex = ANY_SEGMENT

    def get_queryset(self):
        """The stored rows, for one row by id (and for the schema to read the filters by)."""
        return selectors.values_for(user=self.request.user)

    def list(self, request, *args, **kwargs):
        filters = self.filterset_class(request.query_params, request=request)
        if not filters.is_valid():
            raise translate_validation(filters.errors)
        rows = selectors.listed_values(user=request.user, **filters.form.cleaned_data)
        page = selectors.with_computed(self.paginate_queryset(rows), user=request.user)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        row = selectors.ValueRow.of(super().get_object())
        return selectors.with_computed([row], user=self.request.user)[0]


class MonthReportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A report by month: a page of months with their overall figures, and one month's
    figures in full at ``<month>/``."""

    filterset_class = MonthRangeFilterSet
    lookup_field = "month"
    lookup_value_regex = ANY_SEGMENT
    detail_serializer_class = None

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(
            self.get_serializer(self.summaries(page), many=True).data
        )

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.serializer_class

    @extend_schema(parameters=[MONTH])
    def retrieve(self, request, month: str, *args, **kwargs):
        return Response(self.get_serializer(self.figures(_month(month))).data)


class AuditReportViewSet(MonthReportViewSet):
    """The monthly audit analysis: completion, grades, practitioner discussion and Focus 5,
    overall and by service area (aggregates only). Viewers read published cycles only."""

    permission_required = "audits.view_published_audit_report"
    serializer_class = AuditSummarySerializer
    detail_serializer_class = AuditReportSerializer

    def get_queryset(self):
        return selectors.audit_cycles_for(user=self.request.user)

    def summaries(self, cycles):
        return selectors.audit_summaries(cycles)

    def figures(self, month):
        cycle = get_object_or_404(self.get_queryset(), month=month)
        return audit_report_for(cycle=cycle, user=self.request.user).as_dict()


class CaseloadReportViewSet(MonthReportViewSet):
    """The monthly caseload figures: practitioners, how many at or over their threshold, mean,
    median and largest load, overall, by team and by qualifying status - never who.
    Viewers read the months whose return is published only."""

    permission_required = "caseloads.report_caseload"
    serializer_class = CaseloadSummarySerializer
    detail_serializer_class = CaseloadReportSerializer

    def get_queryset(self):
        return readable_months(user=self.request.user)

    def summaries(self, months):
        return selectors.caseload_summaries(months)

    def figures(self, month):
        if not self.get_queryset().filter(month=month).exists():
            raise Http404("No caseload figures you may read for that month.")
        return caseload_report(month=month, user_may_see_names=False).as_json()


@never_cache
@permission_required("api.use_api")
def token_page(request: HttpRequest) -> HttpResponse:
    """A user's API token: create (or replace) it, shown once, or revoke it."""
    issued = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_token(user=request.user)
        else:
            issued = services.issue_token(user=request.user)
    return render(
        request,
        "api/token.html",
        {
            "title": "Your API token",
            "issued": issued,
            "token": issued or Token.objects.filter(user=request.user).first(),
        },
    )
