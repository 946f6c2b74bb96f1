from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "caseloads"
    verbose_name = "Caseloads"
