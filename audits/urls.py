from django.urls import path

from audits import views
from audits.importers import AuditImporter
from core.trail import logs_sensitive_view
from imports.views import import_urls

# Pages that show case references are recorded in the audit trail on every view.
case_references = logs_sensitive_view("audit case references")


app_name = "audits"

urlpatterns = [
    path("", case_references(views.AuditListView.as_view()), name="list"),
    path("mine/", case_references(views.MyAuditListView.as_view()), name="mine"),
    path("allocate/", views.AllocateView.as_view(), name="allocate"),
    path("export/", case_references(views.AuditExportView.as_view()), name="export"),
    path("<int:pk>/record/", case_references(views.RecordAuditView.as_view()), name="record"),
    path(
        "<int:pk>/allocation/",
        case_references(views.AllocationEditView.as_view()),
        name="allocation",
    ),
    path("cycles/", views.CycleListView.as_view(), name="cycles"),
    path("cycles/new/", views.CycleCreateView.as_view(), name="cycle-create"),
    path("cycles/<month:month>/", views.CycleUpdateView.as_view(), name="cycle-edit"),
    path(
        "cycles/<month:month>/publish/",
        views.CyclePublishView.as_view(),
        name="cycle-publish",
    ),
    path("cycles/<month:month>/report/", views.ReportView.as_view(), name="report"),
    path("service-areas/", views.ServiceAreaListView.as_view(), name="service-areas"),
    path("service-areas/new/", views.ServiceAreaCreateView.as_view(), name="service-area-create"),
    path(
        "service-areas/<int:pk>/", views.ServiceAreaUpdateView.as_view(), name="service-area-edit"
    ),
    *import_urls(importer=AuditImporter(), url_name="import", parent=("Audits", "audits:list")),
]
