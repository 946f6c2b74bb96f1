from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from core.forms import SignInForm
from core.trail_views import AuditTrailView

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("audit-trail/", AuditTrailView.as_view(), name="audit-trail"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("indicators/import/", include("dataset_import.urls")),
    path("indicators/", include("indicators.urls")),
    path("returns/", include("returns.urls")),
    path("audits/", include("audits.urls")),
    path("caseloads/", include("caseloads.urls")),
    path("packs/", include("packs.urls")),
    path("quality/", include("quality.urls")),
    path("api/", include("api.urls")),
    path("records/", include("records.urls")),
    path("search/", include("search.urls")),
]

handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
