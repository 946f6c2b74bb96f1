"""CSV output (``?format=csv``) for Excel and Power BI, through djangorestframework-csv."""

import codecs

from rest_framework_csv.renderers import CSVRenderer

from core.exports import neutralise_formula


class PortalCSVRenderer(CSVRenderer):
    """One row per result (a page's ``results``, or the one object), nested figures in dotted
    columns such as ``grades.good``, columns in the API's order, and text that a spreadsheet
    would run as a formula neutralised. A UTF-8 byte order mark tells Excel the encoding."""

    def render(self, data, media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
            if not data:  # no rows: the header still says what the columns are
                view = renderer_context["view"]
                renderer_context["header"] = list(view.get_serializer().fields)
        return codecs.BOM_UTF8 + super().render(data, media_type, renderer_context)

    def tablize(self, data, header=None, labels=None):
        rows = [self.flatten_item(item) for item in data]
        header = header or list(dict.fromkeys(key for row in rows for key in row))
        yield header
        for row in rows:
            yield [neutralise_formula(row.get(key)) for key in header]
