"""The pack as a workbook: summary, a sheet per area, audits, caseloads and definitions.

Numbers are stored as numbers - a percentage as a fraction with a ``0%`` format, so a
formula on it works - and formatted by the indicator's unit and decimal places. A
provisional value keeps its number; its format adds "(p)". The changes are coloured by
judgement with conditional formatting, and the judgement is also written beside them in
words, so colour is never the only sign. Every text cell is neutralised against formulas.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from math import ceil
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from audits.models import Grade
from audits.selectors import AuditReport
from caseloads.selectors import CaseloadReport, LoadFigures
from core.exports import neutralise_formula
from core.people import display_name
from indicators.calculations import Column, ComputedColumns, Direction, Judgement
from indicators.formatting import REPORTED_MARK
from indicators.models import Benchmark, Indicator, Unit
from indicators.selectors import ShownChange
from packs import definitions
from packs.builders.common import cover_facts, owner_and_reporter
from packs.selectors import AreaSection, AuditChange, PackContent, PackLine

HUNDRED = Decimal(100)
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"
SHARE_FORMAT = "0.0%"
ONE_DECIMAL = "0.0"
POINTS_FORMAT = '+0.0" points";-0.0" points";0.0" points"'
DATE_FORMAT = "d mmm yyyy"
OVERDUE_FILL = PatternFill(start_color="FDF0EE", end_color="FDF0EE", fill_type="solid")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 15  # points: a line of text at the workbook's default font
# Judgement colours (GOV.UK green, red, dark grey) as font and a light fill.
JUDGEMENT_COLOURS = {
    Judgement.POSITIVE: ("00703C", "CCE2D8"),
    Judgement.NEGATIVE: ("942514", "F6D7D2"),
    Judgement.SIMILAR: ("383F43", "F3F2F1"),
}
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BENCHMARK_GROUPS = list(Benchmark.Group)


def number_format(indicator: Indicator, *, provisional: bool = False) -> str:
    """``#,##0`` / ``0.0%``... by unit and decimal places; provisional values add "(p)"."""
    decimals = "." + "0" * indicator.decimal_places if indicator.decimal_places else ""
    base = f"0{decimals}%" if indicator.unit == Unit.PERCENTAGE else f"#,##0{decimals}"
    return f'{base}" {definitions.PROVISIONAL_MARK}"' if provisional else base


def reported_format(base: str, computed: ComputedColumns, column: str) -> str:
    """``base`` with the mark of a figure the imported file reported in each of its sections
    (``ComputedColumns.from_file``), as provisional values carry theirs."""
    return file_marked(base) if column in computed.from_file else base


def file_marked(base: str) -> str:
    """``base`` with the file's mark in each of its sections."""
    return ";".join(f'{section}" {REPORTED_MARK}"' for section in base.split(";"))


def target_format(indicator: Indicator, target) -> str:
    """The unit's format with the target's sign in front (``"<"0%``): the figure stays a
    number and reads as the team writes it, ``<36%``."""
    base = number_format(indicator)
    if target is None or not target.comparator:
        return base
    return f'"{target.comparator}"{base}'


def rag_text(computed: ComputedColumns) -> str | None:
    """``Red``, or ``Red (file)`` where the RAG is the imported file's judgement."""
    if computed.rag is None:
        return None
    word = computed.rag.value.capitalize()
    return f"{word} ({REPORTED_MARK})" if "rag" in computed.from_file else word


def change_cell(shown: ShownChange) -> tuple[Decimal | float | None, str]:
    """A change as the pack shows it: percentage points for a percentage measure (their
    own format), a relative change as a % otherwise; the file's mark where it is the file's."""
    if shown.in_points:
        return shown.value, POINTS_FORMAT
    marked = file_marked(CHANGE_FORMAT) if shown.from_file else CHANGE_FORMAT
    return as_fraction(shown.value), marked


def as_number(value: Decimal | None, indicator: Indicator) -> Decimal | None:
    """The stored number: a percentage as a fraction (28 -> 0.28) to go with its % format."""
    if value is None:
        return None
    return value / HUNDRED if indicator.unit == Unit.PERCENTAGE else value


def as_fraction(value: Decimal | float | None) -> Decimal | float | None:
    """A percentage figure (27.3) as the fraction a % format expects (0.273)."""
    return None if value is None else value / 100


def direction_text(direction: Direction | None, judgement: Judgement | None) -> str | None:
    """``↑ Positive``, ``↓ Negative``, ``→ Similar``; ``↑ Increase`` for context-only ones."""
    if direction is None:
        return None
    word = judgement.value.capitalize() if judgement else direction.label
    return f"{direction.arrow} {word}"


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = SHEET_NAME_FORBIDDEN.sub("-", name).strip("'")[:31] or "Sheet"
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


class Sheet:
    """Appends rows to a worksheet: text neutralised, numbers with their formats."""

    def __init__(self, worksheet: Worksheet) -> None:
        self.worksheet = worksheet
        self.row = 0

    def append(
        self,
        values: Sequence,
        *,
        formats: Sequence[str | None] = (),
        font: Font | None = None,
        wrap: Iterable[int] = (),
    ) -> int:
        self.row += 1
        wrapped = set(wrap)
        for column, value in enumerate(values, start=1):
            cell = self.worksheet.cell(row=self.row, column=column, value=neutralise_formula(value))
            if column <= len(formats) and formats[column - 1]:
                cell.number_format = formats[column - 1]
            if font:
                cell.font = font
            if column in wrapped:
                cell.alignment = WRAP
        return self.row

    def title(self, text: str) -> None:
        self.append([text], font=TITLE_FONT)

    def gap(self) -> None:
        self.row += 1

    def table(
        self,
        heading: str,
        headers: Sequence[str],
        rows: Iterable[Sequence],
        formats: Sequence[str | None] = (),
    ) -> None:
        """A headed table followed by a blank row."""
        self.append([heading], font=BOLD)
        self.append(headers, font=BOLD)
        for values in rows:
            self.append(values, formats=formats)
        self.gap()

    def widths(self, widths: Sequence[float]) -> None:
        for column, width in enumerate(widths, start=1):
            self.worksheet.column_dimensions[get_column_letter(column)].width = width


# --- Summary -------------------------------------------------------------------------------


def _summary_sheet(sheet: Sheet, *, content: PackContent, version: int, built_at) -> None:
    sheet.title(f"Monthly performance pack: {content.month:%B %Y}")
    for label, value in cover_facts(content=content, version=version, built_at=built_at):
        sheet.append([label, value], font=None)
    sheet.gap()
    moved = [
        ("Up on the previous month (change of +10% or more)", content.summary.up),
        ("Down on the previous month (change of -10% or less)", content.summary.down),
    ]
    for heading, lines in moved:
        sheet.append([heading], font=BOLD)
        sheet.append(
            ["Ref", "Indicator", "Area", "Change on previous month", "Direction and judgement"],
            font=BOLD,
        )
        for line in lines:
            values, formats = _moved_row(line)
            sheet.append(values, formats=formats)
        sheet.gap()
    sheet.append(["Red and amber against target"], font=BOLD)
    sheet.append(["Ref", "Indicator", "Area", "Value", "Target", "RAG"], font=BOLD)
    for line in content.summary.judged:
        indicator = line.indicator
        sheet.append(
            [
                indicator.ref,
                indicator.title,
                indicator.area.name,
                as_number(line.line.value, indicator),
                as_number(line.line.target.value if line.line.target else None, indicator),
                rag_text(line.line.computed),
            ],
            formats=[
                None, None, None, number_format(indicator),
                target_format(indicator, line.line.target),
            ],
        )  # fmt: skip
    sheet.gap()
    sheet.table(
        "Without commentary",
        ["Ref", "Indicator", "Area", "Owner / reporter"],
        (
            [line.indicator.ref, line.indicator.title, line.indicator.area.name,
             owner_and_reporter(line.indicator)]
            for line in content.summary.without_commentary
        ),
    )  # fmt: skip
    if content.without_values:
        sheet.table(
            f"No value in {content.month:%B %Y} nor the twelve months before (no row)",
            ["Ref", "Indicator", "Area"],
            (
                [line.indicator.ref, line.indicator.title, line.indicator.area.name]
                for line in content.without_values
            ),
        )
    sheet.widths([34, 60, 24, 16, 22])


def _moved_row(line: PackLine) -> tuple[list, list[str | None]]:
    computed = line.line.computed
    change, change_format = change_cell(line.line.change_on_previous_period)
    values = [
        line.indicator.ref,
        line.indicator.title,
        line.indicator.area.name,
        change,
        direction_text(computed.direction_prev_month, computed.judgement),
    ]
    return values, [None, None, None, change_format, None]


# --- A sheet per area ----------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetLayout:
    """Where the dataset sheet's columns are: the change and direction pairs are coloured."""

    months: int

    @property
    def headers_before_months(self) -> list[str]:
        return ["Ref", "Indicator", "Owner / reporter", "Preferred direction"]

    @property
    def first_change_column(self) -> int:
        return len(self.headers_before_months) + self.months + 1

    def headers(self, content: PackContent) -> list[str]:
        return [
            *self.headers_before_months,
            *[f"{month:%b %y}" for month in content.months],
            "Change on previous month",
            "Direction and judgement",
            "Change on same month last year",
            "Direction and judgement (year)",
            "12-month average",
            "12-month max",
            *[group.label for group in BENCHMARK_GROUPS],
            "Target",
            "RAG",
            "State",
            "Commentary",
        ]


def _dataset_values(line: PackLine) -> tuple[list, list[str | None]]:
    indicator, computed = line.indicator, line.line.computed
    unit_format = number_format(indicator)
    values: list = [
        indicator.ref,
        indicator.title,
        owner_and_reporter(indicator),
        indicator.get_preferred_direction_display(),
    ]
    formats: list[str | None] = [None] * len(values)
    for cell, provisional in line.cells:
        values.append(as_number(cell.value, indicator))
        formats.append(number_format(indicator, provisional=provisional))
    benchmarks = [line.line.benchmarks.get(group) for group in BENCHMARK_GROUPS]
    month_change, month_format = change_cell(line.line.change_on_previous_period)
    year_change, year_format = change_cell(line.line.change_on_previous_year)
    values += [
        month_change,
        direction_text(computed.direction_prev_month, computed.judgement),
        year_change,
        direction_text(computed.direction_prev_year, line.judgement_prev_year),
        as_number(computed.avg_12m, indicator),
        as_number(computed.max_12m, indicator),
        *[as_number(b.value if b else None, indicator) for b in benchmarks],
        as_number(line.line.target.value if line.line.target else None, indicator),
        rag_text(computed),
        line.state,
        line.line.commentary,
    ]
    formats += [
        month_format,
        None,
        year_format,
        None,
        reported_format(unit_format, computed, Column.AVG_12M),
        reported_format(unit_format, computed, Column.MAX_12M),
    ]
    formats += [unit_format] * len(BENCHMARK_GROUPS)
    formats.append(target_format(indicator, line.line.target))
    return values, formats


def _judgement_colours(
    worksheet: Worksheet, *, layout: DatasetLayout, first: int, last_row: int
) -> None:
    """Colour each change and its direction by the judgement written in the direction cell."""
    for change_column in (layout.first_change_column, layout.first_change_column + 2):
        change = get_column_letter(change_column)
        direction = get_column_letter(change_column + 1)
        for judgement, (font, fill) in JUDGEMENT_COLOURS.items():
            worksheet.conditional_formatting.add(
                f"{change}{first}:{direction}{last_row}",
                FormulaRule(
                    formula=[f'ISNUMBER(SEARCH("{judgement.value}",${direction}{first}))'],
                    font=Font(color=font),
                    fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
                ),
            )


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text typed with blank lines between them."""
    return [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()]


def _paragraph_rows(sheet: Sheet, text: str, *, columns: Sequence[float]) -> None:
    """Each paragraph of ``text`` as a row merged across ``columns`` (their widths), tall
    enough for its lines: Excel sizes no merged cell to its text by itself."""
    width = sum(columns)
    for paragraph in paragraphs(text):
        row = sheet.append([paragraph], wrap=(1,))
        sheet.worksheet.merge_cells(
            start_row=row, start_column=1, end_row=row, end_column=len(columns)
        )
        lines = sum(max(1, ceil(len(line) / width)) for line in paragraph.splitlines())
        sheet.worksheet.row_dimensions[row].height = LINE_HEIGHT * lines


def _area_sheet(sheet: Sheet, *, content: PackContent, area: AreaSection) -> None:
    """The area's title, its paragraph of the narrative if any, then the column headers: all
    stay on screen and head every printed page, above a row per indicator."""
    layout = DatasetLayout(months=len(content.months))
    widths = [12, 48, 26, 14, *[9] * layout.months]  # up to the last month, then:
    widths += [11, 14, 11, 14, 11, 11, 9, 9, 9, 9, 9, 8, 12, 70]
    sheet.title(f"{area.name}: {content.month:%B %Y}")
    _paragraph_rows(sheet, area.narrative, columns=widths[: layout.first_change_column - 1])
    header_row = sheet.append(layout.headers(content), font=BOLD, wrap=range(1, 40))
    for line in area.lines:
        values, formats = _dataset_values(line)
        sheet.append(values, formats=formats, wrap=(2, len(values)))
    worksheet = sheet.worksheet
    worksheet.freeze_panes = f"C{header_row + 1}"
    worksheet.print_title_rows = f"1:{header_row}"
    worksheet.page_setup.orientation = "landscape"
    if area.lines:
        _judgement_colours(worksheet, layout=layout, first=header_row + 1, last_row=sheet.row)
    sheet.widths(widths)


# --- Audits and caseloads ------------------------------------------------------------------


def _audit_sheet(
    sheet: Sheet, report: AuditReport | None, report_changes: list[AuditChange]
) -> None:
    if report is None:
        sheet.append([definitions.NO_AUDIT_CYCLE])
        return
    cycle = report.cycle
    sheet.title(f"Audit analysis: {cycle.label}" + (f" ({cycle.theme})" if cycle.theme else ""))
    sheet.append(["Published by the QA unit" if cycle.is_published else "Not yet published"])
    sheet.append(["Percentages are of completed audits, except the completion rate."])
    sheet.gap()
    areas = [*report.by_service_area, report.overall]
    sheet.table(
        "Audits by service area",
        ["Service area", "Allocated", "Completed", "Not completed", "Completion rate",
         "Good or outstanding", "Practitioner discussion"],
        ([area.name, area.allocated, area.completed, area.not_completed,
          as_fraction(area.completion_rate), as_fraction(area.good_or_better_share),
          as_fraction(area.discussion_share)] for area in areas),
        formats=[None, None, None, None, SHARE_FORMAT, SHARE_FORMAT, SHARE_FORMAT],
    )  # fmt: skip
    if report_changes:
        sheet.table(
            "Completion and discussion rates on last month (changes in percentage points)",
            ["Service area", "Completion rate", "Last month", "Change", "Practitioner discussion",
             "Last month", "Change"],
            ([row.name, as_fraction(row.completion_rate),
              as_fraction(row.previous_completion_rate), row.completion_change,
              as_fraction(row.discussion_share), as_fraction(row.previous_discussion_share),
              row.discussion_change] for row in report_changes),
            formats=[None, SHARE_FORMAT, SHARE_FORMAT, POINTS_FORMAT, SHARE_FORMAT, SHARE_FORMAT,
                     POINTS_FORMAT],
        )  # fmt: skip
    sheet.table(
        "Grades of completed audits",
        ["Service area", *[grade.label for grade in Grade]],
        ([area.name, *area.grades.values()] for area in areas),
    )
    sheet.table(
        "Grades by month (share of completed audits)",
        ["Month", "Completed", *[grade.label for grade in Grade], "Good or outstanding"],
        ([point.label, point.completed,
          *[as_fraction(share) for share in point.grade_shares.values()],
          as_fraction(point.good_or_better_share)] for point in report.trend),
        formats=[None, None, *[SHARE_FORMAT] * (len(Grade) + 1)],
    )  # fmt: skip
    sheet.table(
        "Focus-5 compliance (share of yes-or-no answers that are yes)",
        ["Service area", *[item.question for item in report.overall.focus_5]],
        ([area.name, *[as_fraction(item.compliance) for item in area.focus_5]] for area in areas),
        formats=[None, *[SHARE_FORMAT] * len(report.overall.focus_5)],
    )
    sheet.table(
        "Focus-5 answers: yes and no (not applicable left out)",
        ["Service area", *[f"{item.question}: {answer}" for item in report.overall.focus_5
                           for answer in ("yes", "no")]],
        ([area.name, *[count for item in area.focus_5 for count in (item.yes, item.no)]]
         for area in areas),
    )  # fmt: skip
    sheet.table(
        "Good practice and areas for improvement",
        ["Service area", "Area of good practice", "Area for improvement"],
        _points_rows(report),
    )
    sheet.widths([34, 14, 14, 14, 14, 14, 14])


def _points_rows(report: AuditReport) -> Iterable[list]:
    for points in report.points:
        for good in points.good_practice:
            yield [points.service_area, good, None]
        for improvement in points.improvement:
            yield [points.service_area, None, improvement]


def _figures_rows(rows: Iterable[LoadFigures]) -> Iterable[list]:
    for row in rows:
        yield [row.name, row.practitioners, row.at_or_over, row.mean, row.median, row.max]


FIGURES_HEADERS = ["", "Practitioners", "At or over threshold", "Mean", "Median", "Most"]
FIGURES_FORMATS = [None, None, None, ONE_DECIMAL, ONE_DECIMAL, None]


def _caseload_sheet(sheet: Sheet, report: CaseloadReport | None) -> None:
    if report is None:
        sheet.append([definitions.NO_CASELOAD_SNAPSHOT])
        return
    sheet.title(f"Caseloads: {report.month:%B %Y}")
    sheet.gap()
    for heading, group, rows in (
        ("All practitioners", "", [report.overall]),
        ("By team", "Team", report.by_team),
        ("By qualifying status", "Qualifying status", report.by_status),
    ):
        sheet.table(
            heading, [group, *FIGURES_HEADERS[1:]], _figures_rows(rows), formats=FIGURES_FORMATS
        )
    sheet.table(
        "Practitioners at or over their service's threshold (staff identifiers)",
        ["Staff identifier", "Team", "Qualifying status", "Allocations", "Threshold"],
        ([row.staff_id, row.team, row.qualifying_status, row.allocations, row.threshold]
         for row in report.at_or_over),
    )  # fmt: skip
    sheet.table(
        "Trend over 12 months",
        ["Month", "Practitioners", "Mean allocations", "At or over threshold"],
        ([f"{point.month:%b %Y}", point.practitioners, point.mean, point.at_or_over]
         for point in report.trend),
        formats=[None, None, ONE_DECIMAL, None],
    )  # fmt: skip
    sheet.widths([30, 16, 20, 18, 12, 10])


def _narrative_sheet(sheet: Sheet, content: PackContent) -> None:
    """The performance team's summary of the month, a paragraph a row: it opens the pack."""
    sheet.title(f"The month in summary: {content.month:%B %Y}")
    for paragraph in paragraphs(content.narrative) or [definitions.NO_NARRATIVE]:
        sheet.append([paragraph], wrap=(1,))
    sheet.widths([120])


def _recommendations_sheet(sheet: Sheet, content: PackContent) -> None:
    sheet.title(f"Recommendations and actions at the end of {content.month:%B %Y}")
    first = sheet.row + 3  # after the table's heading and its headers
    sheet.table(
        "Overdue ones (still open or in progress after their due date) are shaded",
        ["Recommendation or action", "Owner", "Made on", "Due by", "Status", "Overdue",
         "Latest update", "Update on"],
        ([line.recommendation.text, display_name(line.recommendation.owner),
          line.recommendation.made_on, line.recommendation.due_date,
          line.recommendation.get_status_display(), "Overdue" if line.overdue else "",
          line.latest_update.text if line.latest_update else None,
          line.latest_update.date if line.latest_update else None]
         for line in content.recommendations),
        formats=[None, None, DATE_FORMAT, DATE_FORMAT, None, None, None, DATE_FORMAT],
    )  # fmt: skip
    for row, line in enumerate(content.recommendations, start=first):
        if line.overdue:
            for column in range(1, 9):
                sheet.worksheet.cell(row=row, column=column).fill = OVERDUE_FILL
    sheet.widths([60, 24, 12, 12, 22, 10, 60, 12])


def _definitions_sheet(sheet: Sheet, content: PackContent) -> None:
    sheet.title("Definitions")
    for term, text in definitions.COLUMN_DEFINITIONS:
        sheet.append([term, text], wrap=(2,))
    sheet.gap()
    sheet.table(
        "Indicators",
        ["Ref", "Indicator", "Area", "Unit", "Preferred direction", "Outcome", "Definition"],
        ([line.indicator.ref, line.indicator.title, line.indicator.area.name,
          line.indicator.get_unit_display(), line.indicator.get_preferred_direction_display(),
          line.indicator.outcome, line.indicator.definition_notes] for line in content.lines),
    )  # fmt: skip
    sheet.widths([30, 60, 24, 18, 20, 50, 50])


def write_xlsx(*, content: PackContent, version: int, built_at: datetime, path: Path) -> None:
    workbook = Workbook()
    taken: set[str] = set()
    narrative = workbook.active
    narrative.title = sheet_title("Narrative", taken)
    _narrative_sheet(Sheet(narrative), content)
    summary = workbook.create_sheet(sheet_title("Summary", taken))
    _summary_sheet(Sheet(summary), content=content, version=version, built_at=built_at)
    for area in content.areas:
        worksheet = workbook.create_sheet(sheet_title(area.name, taken))
        _area_sheet(Sheet(worksheet), content=content, area=area)
    _audit_sheet(
        Sheet(workbook.create_sheet(sheet_title("Audits", taken))),
        content.audit,
        content.audit_changes,
    )
    _caseload_sheet(
        Sheet(workbook.create_sheet(sheet_title("Caseloads", taken))), content.caseloads
    )
    _recommendations_sheet(
        Sheet(workbook.create_sheet(sheet_title("Recommendations", taken))), content
    )
    _definitions_sheet(Sheet(workbook.create_sheet(sheet_title("Definitions", taken))), content)
    workbook.save(path)
