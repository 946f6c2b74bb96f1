"""The monthly audit analysis as a spreadsheet: the page's tables, columns and order.

Built from the ``AuditReport`` the page renders for the same reader (``selectors.report_for``:
a viewer's trend holds published cycles only). Shares are numbers with a % format; where
the page says why there is no share ("no completed audits"), the cell says it too.
"""

from audits.models import Grade
from audits.selectors import AreaFigures, AuditReport
from core.report_downloads import MONTH, SHARE, ReportDownload, ReportTable, share_cell

NO_COMPLETED = "no completed audits"  # the page's words for a share of no completed audits
NONE_ALLOCATED = "none allocated"
NOT_APPLICABLE = "not applicable"


def _area_name(area: AreaFigures) -> str:
    """The service area as the page's row header reads it (its short name, else its name)."""
    return area.short_name or area.name


def _summary(report: AuditReport) -> ReportTable:
    overall = report.overall
    return ReportTable(
        name="Summary",
        headers=["Figure", "Value"],
        rows=[
            ["Audits allocated", overall.allocated],
            ["Completed", overall.completed],
            ["Not completed", overall.not_completed],
            ["Still allocated (not yet recorded)", overall.still_allocated],
            ["Completion rate", share_cell(overall.completion_rate, missing="no audits allocated")],
            [
                "Graded good or outstanding",
                share_cell(overall.good_or_better_share, missing=NO_COMPLETED),
            ],
            [
                "With a practitioner discussion",
                share_cell(overall.discussion_share, missing=NO_COMPLETED),
            ],
        ],
        formats={"Value": SHARE},
    )


def _by_area(areas: list[AreaFigures]) -> ReportTable:
    shares = ["Completion rate", "Good or outstanding", "Practitioner discussion"]
    return ReportTable(
        name="Audits by service area",
        headers=["Service area", "Allocated", "Completed", "Not completed", *shares],
        rows=[
            [
                _area_name(area),
                area.allocated,
                area.completed,
                area.not_completed,
                share_cell(area.completion_rate, missing=NONE_ALLOCATED),
                share_cell(area.good_or_better_share, missing=NO_COMPLETED),
                share_cell(area.discussion_share, missing=NO_COMPLETED),
            ]
            for area in areas
        ],
        formats=dict.fromkeys(shares, SHARE),
    )


def _grades(areas: list[AreaFigures]) -> ReportTable:
    """The page's "count (share)" cell of each grade as two numbers: the count, then the
    share headed "<grade> %"."""
    headers = [heading for grade in Grade for heading in (grade.label, f"{grade.label} %")]
    return ReportTable(
        name="Grades",
        headers=["Service area", *headers],
        rows=[
            [
                _area_name(area),
                *[
                    cell
                    for _label, count, value in area.grade_rows
                    for cell in (count, share_cell(value, missing=NO_COMPLETED))
                ],
            ]
            for area in areas
        ],
        formats={f"{grade.label} %": SHARE for grade in Grade},
    )


def _trend(report: AuditReport) -> ReportTable:
    shares = [grade.label for grade in Grade] + ["Good or outstanding"]
    return ReportTable(
        name="Grades over time",
        headers=["Month", "Completed", *shares],
        rows=[
            [
                point.month,
                point.completed,
                *[share_cell(value, missing=NO_COMPLETED) for value in point.grade_shares.values()],
                share_cell(point.good_or_better_share, missing=NO_COMPLETED),
            ]
            for point in report.trend
        ],
        formats={"Month": MONTH, **dict.fromkeys(shares, SHARE)},
    )


def _focus_5(report: AuditReport, areas: list[AreaFigures]) -> ReportTable:
    questions = [item.question for item in report.overall.focus_5]
    return ReportTable(
        name="Focus-5 compliance",
        headers=["Service area", *questions],
        rows=[
            [
                _area_name(area),
                *[
                    share_cell(
                        item.compliance, missing=NOT_APPLICABLE if area.completed else NO_COMPLETED
                    )
                    for item in area.focus_5
                ],
            ]
            for area in areas
        ],
        formats=dict.fromkeys(questions, SHARE),
    )


def _points(report: AuditReport) -> ReportTable:
    """A point a row, good practice first within each service area, as the page lists them."""
    return ReportTable(
        name="Good practice and improvement",
        headers=["Service area", "Area of good practice", "Area for improvement"],
        rows=[
            row
            for points in report.points
            for row in (
                *([points.service_area, good, None] for good in points.good_practice),
                *([points.service_area, None, better] for better in points.improvement),
            )
        ],
    )


def audit_report_download(report: AuditReport) -> ReportDownload:
    """The analysis of one cycle: summary, the four tables and the points, as on the page."""
    areas = [*report.by_service_area, report.overall]
    cycle = report.cycle
    theme = f" ({cycle.theme})" if cycle.theme else ""
    return ReportDownload(
        title=f"Audit analysis, {cycle.label}{theme}",
        filename=f"audit-analysis-{cycle.month:%Y-%m}",
        tables=[
            _summary(report),
            _by_area(areas),
            _grades(areas),
            _trend(report),
            _focus_5(report, areas),
            _points(report),
        ],
    )
