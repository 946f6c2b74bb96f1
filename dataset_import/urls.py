from dataset_import.importers import DatasetImporter
from imports.views import import_urls

app_name = "dataset_import"

# Mounted at ``indicators/import/``: where the team has always found the dataset import.
urlpatterns = import_urls(
    importer=DatasetImporter(),
    url_name="import",
    prefix="",
    parent=("Indicators", "indicators:list"),
)
