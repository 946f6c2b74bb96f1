import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from audits.models import AuditCycle
from audits.selectors import AreaFigures, audit_report
from audits.templatetags.audit_report import share
from core.months import parse_month


def _month(text: str) -> date:
    try:
        return parse_month(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


def _text_lines(area: AreaFigures) -> list[str]:
    grades = ", ".join(
        f"{label} {count} ({share(value)})" for label, count, value in area.grade_rows
    )
    return [
        f"{area.name}",
        f"  allocated {area.allocated}, completed {area.completed}, "
        f"not completed {area.not_completed}, "
        f"completion rate {share(area.completion_rate, 'none allocated')}",
        f"  grades: {grades if area.completed else 'no completed audits'}",
        f"  good or outstanding {share(area.good_or_better_share)}, "
        f"practitioner discussion {share(area.discussion_share)}",
    ]


class Command(BaseCommand):
    help = "Print the audit analysis of a month (percentages are of completed audits)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, month: str, format: str, **options) -> None:
        cycle = AuditCycle.objects.filter(month=_month(month)).first()
        if cycle is None:
            raise CommandError(f"There is no audit cycle for {month}.")
        report = audit_report(cycle=cycle)
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        self.stdout.write(f"Audit analysis, {cycle.label} (percentages of completed audits)")
        for area in [report.overall, *report.by_service_area]:
            for line in _text_lines(area):
                self.stdout.write(line)
