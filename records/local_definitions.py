"""Local definitions: what an analyst keeps as data, checked and made into a ``Definition``.

Pure (no Django): ``problems`` says what is wrong with a local definition, field by field (the
model's ``clean`` raises them, so the admin shows each beside its box), and ``to_definition``
turns a valid one into the ``records.definitions.Definition`` the counting reads, so a local
definition is counted, traced and recounted exactly as a standard one. ``counted_part``
leaves out the words (title, source, nouns, version): two definitions with the same counted
part count the same figures, which is what raises a local definition's version.

A local definition reads one list of ``records.lists``; its columns must be that list's,
dates where a date is read (event, episode, condition dates) and text where codes are.
"""

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from records.counting import label
from records.definitions import (
    AS_AT,
    AT_MONTH_END,
    COUNT,
    DURING_MONTH,
    IN_MONTH,
    PERCENTAGE,
    RATE_PER_10000,
    STANDARD_BY_KEY,
    TIMELINESS,
    AgeFilter,
    CodeFilter,
    Condition,
    Definition,
)
from records.lists import DATE, LIST_BY_KEY, TEXT, RecordList, normalise_code

if TYPE_CHECKING:
    from records.models import LocalDefinition

WORKING_DAYS = "working_days"
LASTED_OVER_DAYS = "lasted_over_days"
CODE_IN = "code_in"

# The fields each placing, and each kind of condition, reads; the others must stay blank.
PLACING_READS = {
    IN_MONTH: ("event",),
    AT_MONTH_END: ("start", "end"),
    DURING_MONTH: ("start", "end"),
    AS_AT: (),
}
CONDITION_READS = {
    WORKING_DAYS: ("condition_start", "condition_end", "condition_days"),
    LASTED_OVER_DAYS: ("condition_start", "condition_end", "condition_days"),
    CODE_IN: ("condition_column", "condition_codes"),
}
DATE_FIELDS = ("event", "start", "end", "condition_start", "condition_end")
TEXT_FIELDS = ("code_column", "condition_column")
WHY_PLACING = {
    IN_MONTH: "records are placed in the month of their event date",
    AT_MONTH_END: "records are placed by the episode open at the month's end",
    DURING_MONTH: "records are placed by the episode open during the month",
    AS_AT: "the list is a snapshot as at its month",
}
FIELD_NAMES = {
    "event": "the event date column",
    "start": "the episode start date column",
    "end": "the episode end date column",
    "condition_start": "the condition's start date column",
    "condition_end": "the condition's end date column",
    "condition_days": "the condition's days",
    "condition_column": "the condition's code column",
    "condition_codes": "the condition's codes",
}


def parse_codes(text: str) -> tuple[str, ...]:
    """``"Police, b) School"`` -> ``("police", "school")``: compared as the counting compares
    a record's code (``normalise_code``)."""
    return tuple(normalise_code(part) for part in text.split(",") if part.strip())


def columns_of(record_list: RecordList, kind: str) -> list[str]:
    """The list's columns of ``kind`` a definition may read (not the child's pseudonym)."""
    return [
        column.name
        for column in record_list.columns
        if column.kind == kind and column.name != "child_id"
    ]


def problems(local: "LocalDefinition") -> dict[str, str]:
    """What is wrong with ``local``, by field: an empty dict when it can be counted."""
    found: dict[str, str] = {}
    if local.key in STANDARD_BY_KEY:
        found["key"] = (
            f"{local.key} is the key of a standard definition ({STANDARD_BY_KEY[local.key].title}):"
            " choose another."
        )
    record_list = LIST_BY_KEY.get(local.list_key)
    if record_list is None or local.placing not in PLACING_READS:
        return found  # the field's own choices already say so
    for part in (
        _unused(local),
        _missing(local),
        _wrong_columns(local, record_list),
        _measure(local),
        _filters(local),
    ):
        for name, message in part.items():
            found.setdefault(name, message)  # a field's first problem is the one to fix
    return found


def _reads(local: "LocalDefinition") -> set[str]:
    """The placing's and condition's fields ``local`` reads (the episode start also orders a
    child's records when a child counts once)."""
    reads = set(PLACING_READS[local.placing]) | set(CONDITION_READS.get(local.condition, ()))
    if local.distinct_children:
        reads.add("start")
    return reads


def _unused(local: "LocalDefinition") -> dict[str, str]:
    reads = _reads(local)
    found = {}
    for name in (*DATE_FIELDS, "condition_days", "condition_column", "condition_codes"):
        value = getattr(local, name)
        if name in reads or value in ("", None):
            continue
        if name in CONDITION_READS[WORKING_DAYS] + CONDITION_READS[CODE_IN]:
            why = (
                f"the condition ({local.condition}) does not read it"
                if local.condition
                else "there is no condition"
            )
        else:
            why = WHY_PLACING[local.placing]
        found[name] = f"Not read: {why}. Clear {FIELD_NAMES[name]}."
    return found


def _missing(local: "LocalDefinition") -> dict[str, str]:
    found = {}
    for name in sorted(_reads(local)):
        if getattr(local, name) not in ("", None):
            continue
        if name == "start" and local.placing in (IN_MONTH, AS_AT):
            why = "a child counts once: their earliest record by this date"
        elif name.startswith("condition_"):
            why = f"the condition ({local.condition}) reads it"
        else:
            why = WHY_PLACING[local.placing]
        found[name] = f"Give {FIELD_NAMES[name]}: {why}."
    return found


def _wrong_columns(local: "LocalDefinition", record_list: RecordList) -> dict[str, str]:
    found = {}
    for names, kind, what in ((DATE_FIELDS, DATE, "date"), (TEXT_FIELDS, TEXT, "text")):
        allowed = columns_of(record_list, kind)
        for name in names:
            value = getattr(local, name)
            if value and value not in allowed:
                found[name] = (
                    f"{value} is not a {what} column of {record_list.title}; its {what} "
                    f"columns are {', '.join(allowed) or 'none'}."
                )
    return found


def _measure(local: "LocalDefinition") -> dict[str, str]:
    if local.measure in (COUNT, RATE_PER_10000) and local.condition:
        return {
            "condition": "A count or a rate has no condition (a percentage or a timeliness has "
            "one): clear it."
        }
    if local.measure == PERCENTAGE and not local.condition:
        return {
            "condition": "A percentage needs a condition: what a record must meet to be in its "
            "numerator."
        }
    if local.measure == TIMELINESS and local.condition != WORKING_DAYS:
        return {
            "condition": "Timeliness is done within N working days: choose the working days "
            "condition (its start and end dates and N)."
        }
    if (
        local.condition == CODE_IN
        and local.condition_codes
        and not parse_codes(local.condition_codes)
    ):
        return {"condition_codes": "Give the codes, separated by commas, e.g. yes, y."}
    return {}


def _filters(local: "LocalDefinition") -> dict[str, str]:
    found = {}
    if bool(local.code_column) != bool(parse_codes(local.codes or "")):
        name = "codes" if local.code_column else "code_column"
        found[name] = (
            "A code filter needs both its column and its codes (separated by commas): give "
            "both, or clear both."
        )
    low, high = local.age_low, local.age_high
    if (low is None) != (high is None):
        found["age_high" if high is None else "age_low"] = (
            "An age filter needs both ages (e.g. 19 to 21): give both, or clear both."
        )
    elif low is not None and low > high:
        found["age_high"] = f"The highest age ({high}) is below the lowest ({low})."
    return found


def to_definition(local: "LocalDefinition") -> Definition:
    """The ``Definition`` a valid ``local`` counts by (``problems(local)`` empty)."""
    episode = {name: getattr(local, name) for name in ("start", "end") if getattr(local, name)}
    return Definition(
        key=local.key,
        title=local.title,
        list_key=local.list_key,
        placing=local.placing,
        measure=local.measure,
        event=local.event,
        filters=tuple(_filter_rules(local)),
        condition=_condition(local),
        distinct_children=local.distinct_children,
        source=local.source,
        version=local.version,
        **episode,
    )


def _filter_rules(local: "LocalDefinition") -> Iterable[CodeFilter | AgeFilter]:
    if local.code_column:
        yield CodeFilter(local.code_column, parse_codes(local.codes), label(local.code_column))
    if local.age_low is not None:
        yield AgeFilter(local.age_low, local.age_high)


def _condition(local: "LocalDefinition") -> Condition | None:
    if not local.condition:
        return None
    return Condition(
        local.condition,
        start=local.condition_start,
        end=local.condition_end,
        column=local.condition_column,
        days=local.condition_days or 0,
        codes=parse_codes(local.condition_codes),
        noun=local.noun or "record",
    )


def counted_part(definition: Definition) -> Definition:
    """``definition`` without its words: what decides which records it counts and how."""
    condition = definition.condition and replace(definition.condition, noun="")
    filters = tuple(
        replace(rule, label="") if isinstance(rule, CodeFilter) else rule
        for rule in definition.filters
    )
    return replace(definition, title="", source="", version=0, condition=condition, filters=filters)
