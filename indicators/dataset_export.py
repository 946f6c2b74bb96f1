"""The month's dataset as a flat table with a fixed header, for CSV and XLSX export.

Other tools read the CSV, so its columns keep their places (a new one only ever comes last):
``ref``, ``title``, ``area``, ``unit``, ``owner``, ``reporter``, the 13 months as ``YYYY-MM``
(oldest first), then the computed columns, one column per benchmark group, ``target``,
``rag``, ``commentary``, ``reported_by_file``. Numbers are plain (``-23.3``); an undefined
figure is an empty cell.

``reported_by_file`` names the computed columns whose figure is the one the imported file
reported, where the portal lacks the months they need (``ComputedColumns.from_file``, the
"f" of the pages, the API's field of the same name), e.g. ``max_12m``: a column of its own,
so the figures stay numbers a spreadsheet can compute with.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from core.exports import neutralise_formula
from core.months import months_ending
from core.numbers import round_half_up
from indicators.calculations import ComputedColumns
from indicators.models import Benchmark, Target
from indicators.selectors import DatasetLine

COMPUTED_HEADERS = [
    "pct_change_prev_month",
    "pct_change_prev_year",
    "direction",
    "avg_12m",
    "max_12m",
]
BENCHMARK_HEADERS = [group.value for group in Benchmark.Group]


def headers(month: date, *, months: int = 13) -> list[str]:
    return [
        "ref", "title", "area", "unit", "owner", "reporter",
        *[m.strftime("%Y-%m") for m in months_ending(month, months)],
        *COMPUTED_HEADERS, *BENCHMARK_HEADERS, "target", "rag", "commentary", "reported_by_file",
    ]  # fmt: skip


def plain(value: Decimal | None, places: int | None = None) -> Decimal | None:
    """A number without trailing zeros (optionally rounded), or None for an empty cell."""
    if value is None:
        return None
    if places is not None:
        value = round_half_up(value, places=places)
    normalized = value.normalize()
    return normalized.quantize(Decimal(1)) if normalized == normalized.to_integral() else normalized


def reported_by_file(computed: ComputedColumns) -> str:
    """The columns of ``computed`` that show the file's figure, by their headers, in the
    order of the API's list (e.g. "avg_12m, max_12m"); empty where all are the portal's."""
    return ", ".join(sorted(computed.from_file))


def target_cell(target: Target | None) -> Decimal | str | None:
    """The target as the team writes it: a number, or with its sign ("<36") as text, which
    the dataset import reads back with its comparator."""
    if target is None:
        return None
    return f"{target.comparator}{plain(target.value)}" if target.comparator else plain(target.value)


def row(line: DatasetLine) -> list:
    indicator, computed = line.indicator, line.computed
    places = indicator.decimal_places if indicator.is_derived else None
    return [
        indicator.ref,
        indicator.title,
        indicator.area.name,
        indicator.unit,
        indicator.owner_label,  # the account's name, else the name the dataset gave
        indicator.reporter_label,
        # A derived value is computed at full precision and shown to its decimal places.
        *[plain(cell.value, places) for cell in line.cells],
        plain(computed.pct_change_prev_month, 1),
        plain(computed.pct_change_prev_year, 1),
        computed.direction_prev_month.value if computed.direction_prev_month else None,
        plain(computed.avg_12m, 1),
        plain(computed.max_12m),
        *[plain(b.value) if (b := line.benchmarks.get(g)) else None for g in BENCHMARK_HEADERS],
        target_cell(line.target),
        computed.rag.value if computed.rag else None,
        line.commentary,
        reported_by_file(computed) or None,
    ]


def _cells(values: list) -> list:
    return [neutralise_formula(value) for value in values]


def to_csv(*, month: date, lines: list[DatasetLine]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers(month))
    for line in lines:
        writer.writerow("" if v is None else v for v in _cells(row(line)))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(*, month: date, lines: list[DatasetLine]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"Dataset {month:%Y-%m}")
    sheet.freeze_panes = "C2"
    sheet.append(headers(month))
    for line in lines:
        sheet.append(_cells(row(line)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
