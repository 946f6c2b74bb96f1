from imports.command import ImportCommand
from indicators.importers import CatalogueImporter


class Command(ImportCommand):
    help = (
        "Create or update the indicator catalogue from a CSV or XLSX with the columns ref, "
        "title, area, unit, decimal_places, preferred_direction, frequency, owner, reporter, "
        "numerator, denominator, scale. All or nothing: any error imports nothing."
    )
    importer_class = CatalogueImporter
