from django.urls import path

from caseloads.importers import CaseloadImporter
from caseloads.views import CaseloadListView, CaseloadReportView
from core.import_views import import_urls

app_name = "caseloads"

urlpatterns = [
    path("", CaseloadReportView.as_view(), name="report"),
    path("practitioners/", CaseloadListView.as_view(), name="list"),
    *import_urls(importer=CaseloadImporter(), url_name="import"),
]
