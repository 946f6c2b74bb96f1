"""The packs list (django-tables2, GOV.UK markup from core/table.html)."""

import django_tables2 as tables
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import clock, dates
from core.tables import MomentColumn
from packs.models import DOWNLOADABLE, Pack, Recommendation, RecommendationStatus, Status

STATUS_TAGS = {
    Status.QUEUED: "govuk-tag--grey",
    Status.BUILDING: "govuk-tag--blue",
    Status.READY: "govuk-tag--green",
    Status.FAILED: "govuk-tag--red",
}
OVERDUE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong>')
RECOMMENDATION_TAGS = {
    RecommendationStatus.OPEN: "govuk-tag--blue",
    RecommendationStatus.IN_PROGRESS: "govuk-tag--yellow",
    RecommendationStatus.DONE: "govuk-tag--green",
    RecommendationStatus.CLOSED: "govuk-tag--grey",
}


def _when(moment) -> str:
    return dates.moment(moment)


class PackTable(tables.Table):
    month = tables.Column(
        verbose_name="Month",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("month", "version"),
    )
    version = tables.Column()
    status = tables.Column()
    requested_by = tables.Column(
        verbose_name="Requested by",
        accessor="requested_by__get_full_name",
        order_by=("requested_by__last_name",),
    )
    requested_at = MomentColumn(verbose_name="Requested")
    duration = tables.Column(verbose_name="Took", orderable=False, empty_values=())
    provisional_count = tables.Column(verbose_name="Provisional values")
    published_at = tables.Column(verbose_name="Published", empty_values=())
    downloads = tables.Column(verbose_name="Downloads", orderable=False, empty_values=())

    class Meta:
        model = Pack
        fields = ("month", "version", "status", "requested_by", "requested_at")
        sequence = (*fields, "duration", "provisional_count", "published_at", "downloads")
        caption = "Performance packs"
        empty_text = "No pack to show."

    def render_month(self, value) -> str:
        return f"{value:%B %Y}"

    def render_status(self, record: Pack) -> str:
        """A tag with the status in words (never colour alone), and the stage while building."""
        tag = format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            STATUS_TAGS[Status(record.status)],
            record.get_status_display(),
        )
        if record.is_active:
            return format_html("{} {} ({}%)", tag, record.stage, record.progress)
        return tag

    def render_published_at(self, record: Pack) -> str:
        """When it was published; else when it was withdrawn (``packs_for_list``), if ever."""
        if record.published_at:
            return _when(record.published_at)
        if record.withdrawn_at:
            return f"Withdrawn {_when(record.withdrawn_at)}"
        return "Not published"

    def render_duration(self, record: Pack) -> str:
        duration = record.duration
        return f"{duration.total_seconds():.1f} s" if duration else "-"

    def render_downloads(self, record: Pack) -> str:
        if not record.is_ready:
            return "-"
        files = {file.kind: file for file in record.files.all()}
        return format_html_join(
            ", ",
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> of {}</span>'
            " ({})</a>",
            (
                (
                    reverse(
                        "packs:download",
                        kwargs={"month": record.month, "version": record.version, "kind": kind},
                    ),
                    kind.upper(),
                    record,
                    filesizeformat(files[kind].size),
                )
                for kind in DOWNLOADABLE
                if kind in files
            ),
        )


class PublishedPackTable(PackTable):
    """The packs list as readers see it: the published versions, what to read and download,
    none of the build's internals (status, who asked, how long it took)."""

    published_at = tables.DateTimeColumn(verbose_name="Published", format="j M Y")

    class Meta(PackTable.Meta):
        fields = ("month", "version")
        sequence = (*fields, "published_at", "downloads")
        exclude = ("status", "requested_by", "requested_at", "duration", "provisional_count")
        caption = "Published performance packs"
        empty_text = "No pack has been published yet."


class RecommendationTable(tables.Table):
    text = tables.Column(
        verbose_name="Recommendation or action", linkify=lambda record: record.get_absolute_url()
    )
    owner = tables.Column(
        verbose_name="Owner",
        accessor="owner__get_full_name",
        order_by=("owner__last_name", "owner__first_name"),
    )
    made_on = tables.DateColumn(verbose_name="Made on", format="j M Y")
    due_date = tables.DateColumn(verbose_name="Due by", format="j M Y")
    status = tables.Column()

    class Meta:
        model = Recommendation
        fields = ("text", "owner", "made_on", "due_date", "status")
        caption = "Recommendations and actions of the scrutiny panel"
        empty_text = "No recommendation to show."

    def render_status(self, record: Recommendation) -> str:
        """The status in words, and "Overdue" in words and red where it is past due."""
        status = format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            RECOMMENDATION_TAGS[RecommendationStatus(record.status)],
            record.get_status_display(),
        )
        if record.is_overdue_on(clock.today()):
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', status
            )
        return status
