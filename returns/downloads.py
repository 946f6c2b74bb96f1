"""The month overview as a spreadsheet: the page's progress tables and what is missing.

Built from the ``MonthState`` the page renders for the same reader
(``selectors.month_overview``), in the page's columns and order.
"""

from core.report_downloads import ReportDownload, ReportTable
from returns.selectors import MonthState, Progress

# The progress columns of the page (``returns/_progress.html``): the count key of each.
PROGRESS_COLUMNS = (
    ("Not started", "not_started"),
    ("Draft", "draft"),
    ("With owner", "with_owner"),
    ("Submitted", "submitted"),
    ("Accepted", "accepted"),
    ("Returned", "returned"),
    ("Overdue", "overdue"),
    ("Expected", "total"),
)
NOT_SET = "Not set"  # as the page shows a missing reporter


def _progress(name: str, group: str, rows: list[Progress]) -> ReportTable:
    return ReportTable(
        name=name,
        headers=[group, *(header for header, _key in PROGRESS_COLUMNS)],
        rows=[[row.label, *(row.counts[key] for _header, key in PROGRESS_COLUMNS)] for row in rows],
    )


def _missing(overview: MonthState) -> ReportTable:
    return ReportTable(
        name="What is missing",
        headers=["Ref", "Indicator", "Area", "Reporter", "Missing"],
        rows=[
            [
                gap.indicator.ref,
                gap.indicator.title,
                gap.indicator.area.name,
                gap.indicator.reporter_label or NOT_SET,
                gap.what,
            ]
            for gap in overview.missing
        ],
    )


def month_overview_download(overview: MonthState) -> ReportDownload:
    """The month's progress in total, by area, reporter and owner, and what is missing."""
    month = overview.period.month
    return ReportDownload(
        title=f"Month overview: {month:%B %Y}",
        filename=f"month-overview-{month:%Y-%m}",
        tables=[
            _progress("Progress of the month", "Indicators", overview.totals),
            _progress("By area", "Area", overview.by_area),
            _progress("By reporter", "Reporter", overview.by_reporter),
            _progress("By owner", "Owner", overview.by_owner),
            _missing(overview),
        ],
    )
