"""On a counted value's page, for analysts who may read records: a link to the records it
was counted from (``core.value_page_links``), while they are held and the value is still the
figure counted."""

from django.urls import reverse
from django.utils.http import urlencode

from core.value_page_links import Offer, ValueLink
from records.models import CountedFigure, RecordUpload


def counted_from(monthly_value) -> ValueLink | None:
    mark = (
        CountedFigure.objects.filter(monthly_value=monthly_value).select_related("upload").first()
    )
    if mark is None or mark.figure != monthly_value.value:
        return None  # not counted, or changed since by someone
    if mark.upload.state == RecordUpload.State.PURGED:
        return None  # its records are gone: the history still names the upload
    query = urlencode({"ref": monthly_value.indicator.ref, "month": f"{monthly_value.month:%Y-%m}"})
    return ValueLink(
        text=f"The records it was counted from (upload {mark.upload_id}, definition "
        f"{mark.definition} version {mark.version})",
        url=f"{reverse('records:trace', args=[mark.upload_id])}?{query}",
    )


LINKS = [Offer("records.read_records", counted_from)]
