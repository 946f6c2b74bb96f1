"""A definition in words, for the definitions page: what an analyst reads before mapping an
indicator to it or writing a local one like it (pure; no Django)."""

from records.definitions import (
    AT_MONTH_END,
    DURING_MONTH,
    IN_MONTH,
    PERCENTAGE,
    RATE_PER_10000,
    TIMELINESS,
    AgeFilter,
    CodeFilter,
    Condition,
    Definition,
)
from records.lists import LIST_BY_KEY

MEASURE_WORDS = {
    PERCENTAGE: "Percentage of the placed records meeting the condition",
    TIMELINESS: "Timeliness: percentage of the placed records done within the working days",
    RATE_PER_10000: "Rate per 10,000 children aged 0-17 (the month's population figure)",
}


def placing_words(definition: Definition) -> str:
    if definition.placing == IN_MONTH:
        return f"In the month of its {definition.event}"
    episode = f"episode {definition.start} to {definition.end}"
    if definition.placing == AT_MONTH_END:
        return f"Open on the month's last day ({episode}; an end that day counts)"
    if definition.placing == DURING_MONTH:
        return f"Open on any day of the month ({episode})"
    return "Every record, in the month the snapshot list is as at"


def filter_words(rule: CodeFilter | AgeFilter) -> str:
    if isinstance(rule, AgeFilter):
        return f"aged {rule.low} to {rule.high} on the month's last day"
    return f"{rule.column} one of {', '.join(rule.codes)}"


def condition_words(condition: Condition) -> str:
    """The condition as the counting reads it (``records.counting.meets``)."""
    kind = condition.kind
    if kind == "working_days":
        return f"{condition.end} within {condition.days} working days of {condition.start}"
    if kind == "lasted_over_days":
        return f"{condition.end} more than {condition.days} days after {condition.start}"
    if kind == "code_in":
        return f"{condition.column} one of {', '.join(condition.codes)}"
    if kind == "prior_within_months":
        return (
            f"an earlier record of the child within {condition.months} months of "
            f"{condition.start}, or {condition.column} is 1 or more"
        )
    if kind == "prior_ever":
        return f"an earlier record of the child, or {condition.column} is 1 or more"
    if kind == "placements":
        return (
            f"{condition.days} or more placements in the {condition.months} months to the "
            f"month's end (episodes whose RNE is one of {', '.join(condition.codes).upper()}, "
            f"or {condition.column})"
        )
    return kind.replace("_", " ")  # a kind added since: the source says it in words


def describe(definition: Definition) -> list[tuple[str, str]]:
    """(what, words) rows: list, placing, measure, filters, condition, children, source."""
    record_list = LIST_BY_KEY[definition.list_key].title
    if definition.fallback:
        record_list += f" (else {LIST_BY_KEY[definition.fallback].title})"
    return [
        ("List", record_list),
        ("Placed", placing_words(definition)),
        ("Measure", MEASURE_WORDS.get(definition.measure, "Count")),
        ("Filters", "; ".join(map(filter_words, definition.filters)) or "None"),
        ("Condition", condition_words(definition.condition) if definition.condition else "None"),
        ("A child counts once", "Yes" if definition.distinct_children else "No"),
        ("Source", definition.source),
        ("Version", str(definition.version)),
    ]
