from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter()
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("monthly-values", views.MonthlyValueViewSet, basename="monthly-value")
router.register("audit-reports", views.AuditReportViewSet, basename="audit-report")
router.register("caseload-reports", views.CaseloadReportViewSet, basename="caseload-report")

urlpatterns = [
    path("token/", views.token_page, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
