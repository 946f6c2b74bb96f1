import json

from django.core.management.base import BaseCommand, CommandError

from caseloads.selectors import CaseloadReport, caseload_report, snapshot_months
from core.months import parse_month


class Command(BaseCommand):
    help = (
        "Print the caseload report of a month: who is at or over their service's threshold "
        "(by staff identifier) and the figures by team and by qualifying status."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", required=True, help="The month, YYYY-MM.")
        parser.add_argument(
            "--format", dest="output_format", choices=("json", "text"), default="text"
        )

    def handle(self, *args, month: str, output_format: str, **options) -> None:
        try:
            month = parse_month(month)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if month not in snapshot_months():
            raise CommandError(f"There is no caseload snapshot for {month:%B %Y}.")
        report = caseload_report(month=month, user_may_see_names=False)
        if output_format == "json":
            self.stdout.write(json.dumps(report.as_json(), indent=2))
        else:
            self.stdout.write("\n".join(text_lines(report)))


def text_lines(report: CaseloadReport) -> list[str]:
    """The report as plain text: the figures, then who is at or over their threshold."""
    figures = report.overall
    lines = [
        f"Caseload report, {report.month:%B %Y}",
        f"Practitioners: {figures.practitioners}; at or over their service's threshold: "
        f"{figures.at_or_over}; mean {figures.mean}, median {figures.median}, max {figures.max}",
        "",
        "At or over threshold (staff identifier, team, qualifying status, allocations/threshold):",
        *(
            f"  {p.staff_id}  {p.team}  {p.qualifying_status}  {p.allocations}/{p.threshold}"
            for p in report.at_or_over
        ),
    ]
    for title, rows in (("By team", report.by_team), ("By qualifying status", report.by_status)):
        lines += ["", f"{title} (practitioners, at or over, mean, median, max):"]
        lines += [
            f"  {row.name}: {row.practitioners}, {row.at_or_over}, {row.mean}, {row.median}, "
            f"{row.max}"
            for row in rows
        ]
    return lines
