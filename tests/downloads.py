"""Reading back a report's download, and the column headers of its page, for the tests."""

import csv
import io
from html.parser import HTMLParser

from openpyxl import load_workbook


def workbook_of(response):
    """The downloaded workbook, its values as stored (numbers, dates, formulas as text)."""
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response)), data_only=False)


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


class _TableHeaders(HTMLParser):
    """The ``<thead>`` headers of each table of a page, in order, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[str]] = []
        self._in_head = self._in_header = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "thead":
            self._in_head = True
        elif tag == "th" and self._in_head:
            self._in_header, self._text = True, []

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag == "th" and self._in_header:
            self._in_header = False
            self.tables[-1].append(" ".join("".join(self._text).split()))

    def handle_data(self, data):
        if self._in_header:
            self._text.append(data)


def page_table_headers(html: str) -> list[list[str]]:
    parser = _TableHeaders()
    parser.feed(html)
    return [headers for headers in parser.tables if headers]
