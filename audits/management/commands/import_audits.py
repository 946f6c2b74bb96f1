from audits.importers import AuditImporter
from imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import audits (allocations and completed audits) from a CSV/XLSX file in the "
        "import layout; a file with any error changes nothing."
    )
    importer_class = AuditImporter
