from django.apps import AppConfig


class DatasetImportConfig(AppConfig):
    """Reading the team's monthly dataset file in every layout, and importing it: it spans the
    catalogue, the values, their periods and the data-quality checks, so it builds on all."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dataset_import"
    verbose_name = "Dataset import"
