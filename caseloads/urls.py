from django.urls import path

from caseloads.importers import CaseloadImporter
from caseloads.views import CaseloadListView, CaseloadReportView
from core.trail import logs_sensitive_view
from imports.views import import_urls

# Pages that show practitioners are recorded in the audit trail on every view.
practitioners = logs_sensitive_view("caseloads by practitioner")

app_name = "caseloads"

urlpatterns = [
    path("", practitioners(CaseloadReportView.as_view()), name="report"),
    path("practitioners/", practitioners(CaseloadListView.as_view()), name="list"),
    *import_urls(
        importer=CaseloadImporter(),
        url_name="import",
        parent=("Caseloads", "caseloads:report"),
    ),
]
