"""Reads of the records app: an upload's lists as polars frames, for counting and tracing."""

import polars as pl

from records.counting import empty_frame
from records.models import RECORD_MODELS, RecordUpload


def records_frame(*, upload: RecordUpload, list_key: str) -> pl.DataFrame:
    """The upload's records of one list, typed as the counting expects."""
    model = RECORD_MODELS[list_key]
    empty = empty_frame(list_key)
    names = list(empty.columns)
    rows = (
        model.objects.filter(upload=upload)
        .values_list(*names)
        .order_by("row")
        .iterator(chunk_size=20_000)
    )
    return pl.DataFrame(list(rows), schema=empty.schema, orient="row")


def stored_uploads():
    """Uploads whose records may be counted or read."""
    return RecordUpload.objects.exclude(state=RecordUpload.State.PREVIEWED).select_related(
        "uploaded_by"
    )
