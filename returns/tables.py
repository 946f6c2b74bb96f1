"""Worklist tables: one line per indicator of the month (``selectors.ReturnLine``)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core import dates
from core.models import ReportingPeriod
from core.tables import NUMERIC, DayColumn, MomentColumn
from indicators import charts, formatting
from indicators.models import ValueState

BULK_FORM = "bulk"  # the id of the form the selection boxes belong to (it sits above the table)
STATE_TAGS = {
    ValueState.DRAFT: "govuk-tag--grey",
    ValueState.WITH_OWNER: "govuk-tag--blue",
    ValueState.SUBMITTED: "govuk-tag--purple",
    ValueState.ACCEPTED: "govuk-tag--green",
}


def _short(text: str) -> str:
    return Truncator(text).words(25)


def state_tag(monthly_value) -> str:
    """A value's state as a GOV.UK tag: the words say it, the colour only repeats it."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATE_TAGS[monthly_value.state],
        monthly_value.get_state_display(),
    )


class ReturnLineTable(tables.Table):
    """Columns every worklist shares; each page picks its own in ``Meta.sequence``.

    ``selectable`` names the states whose lines get a box for the page's bulk actions.
    """

    selectable: tuple[str, ...] = ()

    select = tables.Column(
        "Select", accessor="monthly_value__pk", orderable=False, exclude_from_export=True
    )
    ref = tables.Column(
        "Ref",
        accessor="monthly_value__indicator__ref",
        linkify=("returns:value", {"pk": tables.A("monthly_value__pk")}),
    )
    title = tables.Column("Indicator", accessor="monthly_value__indicator__title")
    area = tables.Column(accessor="monthly_value__indicator__area__name")
    reporter = tables.Column(accessor="monthly_value__indicator__reporter__get_full_name")
    owner = tables.Column(accessor="monthly_value__indicator__owner__get_full_name")
    value = tables.Column(accessor="value", attrs=NUMERIC, default="-")
    trend = tables.Column(
        "Trend (13 months)", accessor="trend", orderable=False, exclude_from_export=True
    )
    change_month = tables.Column(
        "Change from previous month",
        accessor="line__computed__pct_change_prev_month",
        attrs=NUMERIC,
        default="n/a",
    )
    change_year = tables.Column(
        "Change from same month last year",
        accessor="line__computed__pct_change_prev_year",
        attrs=NUMERIC,
        default="n/a",
    )
    average = tables.Column(
        "12-month average", accessor="line__computed__avg_12m", attrs=NUMERIC, default="-"
    )
    # Missing commentary shows as nothing: a word there reads as if someone had written it.
    previous_commentary = tables.Column("Last month's commentary", orderable=False, default="")
    commentary = tables.Column(accessor="monthly_value__commentary", orderable=False, default="")
    state = tables.Column(accessor="monthly_value__state")
    due = tables.Column("Due", accessor="overdue", orderable=False)
    flags = tables.TemplateColumn(
        '{% include "quality/_flags.html" with flags=record.flags %}',
        verbose_name="Checks",
        orderable=False,
    )

    class Meta:
        template_name = "core/table.html"
        empty_text = "Nothing to show for this month."

    def __init__(self, *args, period: ReportingPeriod | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def render_select(self, record) -> str:
        row = record.monthly_value
        if row.state not in self.selectable:
            return ""
        return format_html(
            '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">'
            '<input class="govuk-checkboxes__input" id="select-{pk}" name="monthly_values" '
            'type="checkbox" value="{pk}" form="{form}">'
            '<label class="govuk-label govuk-checkboxes__label" for="select-{pk}">'
            '<span class="govuk-visually-hidden">Select {ref}</span></label></div></div>',
            pk=row.pk,
            ref=row.indicator.ref,
            form=BULK_FORM,
        )

    def _figure(self, value, record) -> str:
        indicator = record.indicator
        return formatting.figure(value, unit=indicator.unit, places=indicator.decimal_places)

    def render_value(self, value, record) -> str:
        return self._figure(value, record)

    def render_average(self, value, record) -> str:
        return formatting.reported(self._figure(value, record), record.line.computed, "avg_12m")

    def render_change_month(self, value, record) -> str:
        computed = record.line.computed
        change = formatting.change(value, computed.direction_prev_month)
        return formatting.reported(change, computed, "pct_change_prev_month")

    def render_change_year(self, value, record) -> str:
        computed = record.line.computed
        change = formatting.change(value, computed.direction_prev_year)
        return formatting.reported(change, computed, "pct_change_prev_year")

    def render_trend(self, value, record) -> str:
        return format_html(
            '<span class="app-sparkline" role="img" aria-label="{}">{}</span>',
            f"Trend of {record.indicator.ref} over 13 months",
            # pygal's own SVG: no text from users
            mark_safe(charts.sparkline(value, chart_id=f"trend-{record.indicator.pk}")),
        )

    def render_previous_commentary(self, value) -> str:
        return _short(value)

    def render_commentary(self, value) -> str:
        return _short(value)

    def render_state(self, record) -> str:
        row = record.monthly_value
        tag = state_tag(row)
        if not record.is_returned:
            return tag
        return format_html(
            '{} <strong class="govuk-tag govuk-tag--orange">Returned</strong>'
            '<span class="govuk-body-s govuk-!-display-block">Reason: {}</span>',
            tag,
            _short(row.last_reason),
        )

    def value_state(self, record) -> str:
        row = record.monthly_value
        returned = f" (returned: {row.last_reason})" if record.is_returned else ""
        return f"{row.get_state_display()}{returned}"

    def render_due(self, value) -> str:
        due = dates.day(self.period.due_date) if self.period else ""
        if not value:
            return due
        return format_html('{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', due)

    def value_due(self, value) -> str:
        return f"{self.period.due_date:%Y-%m-%d}{' overdue' if value else ''}"


class MyMonthTable(ReturnLineTable):
    selectable = (ValueState.DRAFT,)

    class Meta(ReturnLineTable.Meta):
        caption = "Your indicators this month"
        exclude = ("area", "reporter", "owner", "trend", "commentary", "flags")
        sequence = (
            "select",
            "ref",
            "title",
            "value",
            "change_month",
            "change_year",
            "average",
            "previous_commentary",
            "state",
            "due",
        )


class ToSubmitTable(ReturnLineTable):
    selectable = (ValueState.WITH_OWNER,)

    class Meta(ReturnLineTable.Meta):
        caption = "Values passed to you to check"
        exclude = ("area", "owner", "change_year", "average", "previous_commentary")
        sequence = (
            "select",
            "ref",
            "title",
            "reporter",
            "value",
            "trend",
            "change_month",
            "commentary",
            "flags",
            "state",
            "due",
        )
        empty_text = "Nothing is waiting for you this month."


class OverviewTable(ReturnLineTable):
    selectable = (ValueState.SUBMITTED, ValueState.ACCEPTED)

    class Meta(ReturnLineTable.Meta):
        caption = "Values of the month"
        exclude = ("trend", "change_year", "average", "previous_commentary", "title")
        sequence = (
            "select",
            "ref",
            "area",
            "reporter",
            "owner",
            "value",
            "change_month",
            "commentary",
            "flags",
            "state",
            "due",
        )
        empty_text = "No values match these filters."


class PeriodTable(tables.Table):
    month = tables.DateColumn(
        format="F Y",
        linkify=lambda record: f"{reverse('returns:overview')}?month={record.month:%Y-%m}",
    )
    due_date = DayColumn()
    status = tables.Column()
    published_at = MomentColumn(verbose_name="Last published")

    class Meta:
        model = ReportingPeriod
        template_name = "core/table.html"
        fields = ("month", "due_date", "status", "published_at")
        caption = "Reporting periods"
        empty_text = "No month has been opened for returns yet."
