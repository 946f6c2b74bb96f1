"""Reads of the records app: an upload's lists as polars frames, for counting and tracing;
a list's records in order, for paging in the database; the definitions by key (standard, in
code, or local, rows); and the counted figures a changed definition left stale."""

import io
from collections.abc import Collection, Iterable

import polars as pl
from django.db import connection
from django.db.models import F, Q, QuerySet

from records.counting import empty_frame
from records.definitions import STANDARD, STANDARD_BY_KEY, Definition
from records.lists import LIST_BY_KEY
from records.local_definitions import to_definition
from records.models import (
    RECORD_MODELS,
    CountedFigure,
    CountedIndicator,
    LocalDefinition,
    RecordUpload,
)


def records_frame(*, upload: RecordUpload, list_key: str) -> pl.DataFrame:
    """The upload's records of one list, typed as the counting expects.

    On PostgreSQL the rows come as one COPY read by polars (200,000 contacts in well under a
    second); elsewhere through the ORM."""
    model = RECORD_MODELS[list_key]
    empty = empty_frame(list_key)
    names = list(empty.columns)
    if connection.vendor != "postgresql":
        rows = model.objects.filter(upload=upload).order_by("row").values_list(*names)
        return pl.DataFrame(list(rows), schema=empty.schema, orient="row")
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)
    query = (
        f"COPY (SELECT {columns} FROM {connection.ops.quote_name(model._meta.db_table)} "
        f"WHERE upload_id = {int(upload.pk)} ORDER BY row) TO STDOUT WITH (FORMAT csv)"
    )
    buffer = io.BytesIO()
    with connection.cursor() as cursor, cursor.copy(query) as copy:
        for chunk in copy:
            buffer.write(chunk)
    if not buffer.getbuffer().nbytes:
        return empty
    buffer.seek(0)
    return pl.read_csv(buffer, has_header=False, new_columns=names, schema=empty.schema)


def records_in_order(*, upload: RecordUpload, list_key: str) -> QuerySet:
    """The upload's records of one list in sheet order, each a tuple: its row, then its
    values in the order of the list's columns (``records.lists``). A page reads one page of
    them (LIMIT and OFFSET), not the whole list, which runs to 200,000 contacts."""
    names = ["row", *(column.name for column in LIST_BY_KEY[list_key].columns)]
    return (
        RECORD_MODELS[list_key]
        .objects.filter(upload=upload)
        .order_by("row", "pk")
        .values_list(*names)
    )


def definitions_of(keys: Iterable[str]) -> dict[str, Definition]:
    """The definitions named by ``keys``, standard or local, by key: the one way to look a
    definition up. A key of neither is left out. Standard keys cost no query; local ones one.
    A standard key wins (a local one cannot take it: ``LocalDefinition.clean``)."""
    wanted = set(keys)
    found = {key: STANDARD_BY_KEY[key] for key in wanted if key in STANDARD_BY_KEY}
    if wanted - found.keys():
        local = LocalDefinition.objects.filter(key__in=wanted - found.keys())
        found |= {row.key: to_definition(row) for row in local}
    return found


def all_definitions() -> tuple[list[Definition], list[Definition]]:
    """(the standard definitions, the local ones by key): one query."""
    return list(STANDARD), [to_definition(row) for row in LocalDefinition.objects.all()]


def definition_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """What an indicator may be mapped to, grouped standard then local (a form's choices)."""
    standard, local = all_definitions()
    return [
        (
            group,
            [(definition.key, f"{definition.title} ({definition.key})") for definition in found],
        )
        for group, found in (("Standard definitions", standard), ("Local definitions", local))
        if found
    ]


def stale_marks(*, refs: Collection[str] | None = None) -> list[tuple[CountedFigure, Definition]]:
    """Counted figures whose definition, or its version, is not the indicator's mapping now,
    each with the definition it is mapped to (by indicator ref, then month; two queries).

    A value someone changed since it was counted (its figure not the one counted) is not a
    counted value any more, and an indicator no longer mapped is not counted: neither is
    stale. Figures of purged uploads are listed: they cannot be recounted, and say so."""
    mappings = CountedIndicator.objects.all()
    if refs is not None:
        mappings = mappings.filter(indicator__ref__in=refs)
    mapped = dict(mappings.values_list("indicator_id", "definition"))
    current_of = definitions_of(mapped.values())
    unchanged = Q(monthly_value__value=F("figure")) | Q(
        monthly_value__value__isnull=True, figure__isnull=True
    )
    marks = (
        CountedFigure.objects.filter(unchanged, monthly_value__indicator_id__in=mapped)
        .select_related("monthly_value__indicator", "upload")
        .order_by("monthly_value__indicator__ref", "monthly_value__month")
    )
    found = []
    for mark in marks:
        current = current_of[mapped[mark.monthly_value.indicator_id]]
        if (mark.definition, mark.version) != (current.key, current.version):
            found.append((mark, current))
    return found
