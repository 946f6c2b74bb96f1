from django.urls import path

from imports.views import import_urls
from indicators import views
from indicators.importers import CatalogueImporter

app_name = "indicators"

urlpatterns = [
    path("", views.IndicatorListView.as_view(), name="list"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    *import_urls(
        importer=CatalogueImporter(),
        url_name="catalogue-import",
        prefix="catalogue/import/",
        parent=("Indicators", "indicators:list"),
    ),
]
