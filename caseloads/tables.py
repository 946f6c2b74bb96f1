import django_tables2 as tables
from django.utils.html import format_html

from core.tables import NUMERIC


class CaseloadTable(tables.Table):
    """One practitioner's caseload per row; the name only where the reader may see it
    (``shown_name``, see ``caseloads.selectors.identity_rule``), and never sortable, so that
    the order of the rows cannot give hidden names away."""

    month = tables.DateColumn(format="M Y")
    staff_id = tables.Column("Staff identifier", accessor="practitioner__staff_id")
    shown_name = tables.Column("Name", orderable=False, default="Not shown (not a team you manage)")
    team = tables.Column("Team", accessor="team__name")
    qualifying_status = tables.Column(
        "Qualifying status", order_by=("qualifying_status__position", "qualifying_status__name")
    )
    allocations = tables.Column(attrs=NUMERIC)
    threshold = tables.Column(attrs=NUMERIC)
    at_or_over = tables.BooleanColumn("At or over threshold", yesno="Yes,No")

    class Meta:
        template_name = "core/table.html"
        fields = ()
        caption = "Caseloads by practitioner"
        empty_text = "No caseloads match these filters."

    def value_at_or_over(self, value: bool) -> str:
        """In exports: plain words, no markup."""
        return "Yes" if value else "No"

    def render_at_or_over(self, value: bool) -> str:
        if not value:
            return "No"
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Yes")
