"""The caseload report as a spreadsheet: the page's tables, columns and order.

Built from the ``CaseloadReport`` the page renders for the same reader
(``selectors.report_for``), so a name the page does not show is not in the download, and a
reader who sees aggregates only gets no practitioner rows.
"""

from collections.abc import Iterable

from caseloads.selectors import CaseloadReport, LoadFigures
from core.report_downloads import MONTH, ONE_DECIMAL, ReportDownload, ReportTable

NOT_SHOWN = "Not shown"  # as the page writes a name its reader may not see
FIGURES = ["Practitioners", "At or over threshold", "Mean", "Median", "Max"]
FIGURE_FORMATS = {"Mean": ONE_DECIMAL, "Median": ONE_DECIMAL}
# The page's tags, in words in the cell they stand beside.
NEWLY_QUALIFIED = "newly qualified"
HIGHLIGHTED = "newly qualified at or over threshold"


def _group_name(row: LoadFigures) -> str:
    return f"{row.name} ({HIGHLIGHTED})" if row.highlighted else row.name


def _figures(group: str, rows: Iterable[LoadFigures], name: str) -> ReportTable:
    return ReportTable(
        name=name,
        headers=[group, *FIGURES],
        rows=[
            [_group_name(row), row.practitioners, row.at_or_over, row.mean, row.median, row.max]
            for row in rows
        ],
        formats=FIGURE_FORMATS,
    )


def _summary(report: CaseloadReport) -> ReportTable:
    overall = report.overall
    return ReportTable(
        name="Summary",
        headers=["Figure", "Value"],
        rows=[
            ["Practitioners", overall.practitioners],
            ["At or over their service's threshold", overall.at_or_over],
            ["Mean allocations", overall.mean],
            ["Median allocations", overall.median],
            ["Most allocations", overall.max],
        ],
    )


def _at_or_over(report: CaseloadReport) -> ReportTable:
    """Heaviest first, as on the page; the name column only where the page has one."""
    names = report.names_shown
    headers = ["Staff identifier", *(["Name"] if names else []), "Team", "Qualifying status"]
    return ReportTable(
        name="At or over threshold",
        headers=[*headers, "Allocations", "Threshold"],
        rows=[
            [
                row.staff_id,
                *([row.name or NOT_SHOWN] if names else []),
                row.team,
                f"{row.qualifying_status} ({NEWLY_QUALIFIED})"
                if row.newly_qualified
                else row.qualifying_status,
                row.allocations,
                row.threshold,
            ]
            for row in report.at_or_over
        ],
    )


def _distribution(report: CaseloadReport) -> ReportTable:
    return ReportTable(
        name="Distribution by service",
        headers=["Service", "Threshold", "Allocations", "Practitioners", "At or over threshold"],
        rows=[
            [
                service.code,
                service.threshold,
                band.label,
                band.practitioners,
                "Yes" if band.at_or_over else "No",
            ]
            for service in report.by_service
            for band in service.bands
        ],
    )


def _trend(report: CaseloadReport) -> ReportTable:
    """A month without a snapshot reads "No snapshot", as on the page, not as zeros."""
    return ReportTable(
        name="Trend over 12 months",
        headers=["Month", "Practitioners", "Mean allocations", "At or over threshold"],
        rows=[
            [point.month, point.practitioners, point.mean, point.at_or_over]
            if point.practitioners
            else [point.month, "No snapshot", None, None]
            for point in report.trend
        ],
        formats={"Month": MONTH, "Mean allocations": ONE_DECIMAL},
    )


def caseload_report_download(report: CaseloadReport) -> ReportDownload:
    """The report's summary and tables; the practitioners' list is left out for a reader of
    aggregates only, as the page leaves it out."""
    tables = [_summary(report)]
    if not report.aggregates_only:
        tables.append(_at_or_over(report))
    tables += [
        _figures("Team", report.by_team, "By team"),
        _figures("Qualifying status", report.by_status, "By qualifying status"),
        _distribution(report),
        _trend(report),
    ]
    return ReportDownload(
        title=f"Caseload report: {report.month:%B %Y}",
        filename=f"caseload-report-{report.month:%Y-%m}",
        tables=tables,
    )
