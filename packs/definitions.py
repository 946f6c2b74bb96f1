"""The words of the pack: stages of a build, and the appendix's definitions of each column.

One place for the text, so the spreadsheet, the PDF and the web version say the same thing.
"""

from dataclasses import dataclass

from indicators.formatting import REPORTED_LEGEND
from indicators.formatting import REPORTED_MARK as REPORTED_MARK
from indicators.models import Benchmark


@dataclass(frozen=True)
class Stage:
    key: str
    label: str  # what the progress bar says while the stage runs
    starts_at: int  # percent done when the stage starts


STAGES = (
    Stage("data", "Reading the month's data", 0),
    Stage("xlsx", "Writing the spreadsheet", 10),
    Stage("web", "Drawing the charts and the web version", 25),
    Stage("pdf", "Writing the PDF", 45),
    Stage("files", "Putting the files in place", 95),
)
QUEUED_LABEL = "Waiting for a worker"

PROVISIONAL = "Provisional"
PROVISIONAL_MARK = "(p)"
PROVISIONAL_NOTE = (
    f"{PROVISIONAL_MARK} marks a provisional value: entered but not yet accepted by the "
    "performance team, so it may still change."
)
POINTS_NOTE = (
    "a percentage measure's change is in percentage points (pts): 3% to 36% is +33 pts; "
    "other changes are relative (%)."
)
NOT_STATED = "Not stated"  # a benchmark group the file leaves blank (``Benchmark.shown``)
TABLE_KEY = (
    f"Key: {PROVISIONAL_MARK} provisional; pts percentage points; {REPORTED_MARK} as reported "
    "by the imported file (see About this pack and the definitions)."
)
# Column headings of the benchmark groups where the table is narrow (the full name is the title).
BENCHMARK_SHORT = {
    Benchmark.Group.STATISTICAL_NEIGHBOURS: "SN",
    Benchmark.Group.ENGLAND: "England",
    Benchmark.Group.REGION: "SE region",
    Benchmark.Group.PRIOR_YEAR: "Prior year",
}
NO_NARRATIVE = "The performance team has not written a summary of this month."
NO_AUDIT_CYCLE = "No audit cycle for this month."
NO_CASELOAD_SNAPSHOT = "No caseload snapshot for this month."

COLUMN_DEFINITIONS = (
    (
        "Change on previous month",
        "(this month - previous month) / previous month x 100. n/a where either value is "
        "missing or the previous month is 0. A quarterly measure compares with the previous "
        "quarter, an annual one with the previous year. For a percentage measure the pack "
        "shows the difference in percentage points (pts): 22% to 28% is +6 pts; its arrow "
        "and judgement still follow the relative change (+27.3%), as the dataset's do.",
    ),
    (
        "Change on same month last year",
        "(this month - the same month a year earlier) / that month x 100, on the same rules.",
    ),
    (
        "Direction of travel",
        "↑ where the change is +10% or more, ↓ where it is -10% or less, → (similar) otherwise.",
    ),
    (
        "Judgement",
        "Positive where the direction of travel is the indicator's preferred direction, "
        "negative where it is the opposite, similar where there is no direction of travel. "
        "Indicators kept for context only have no judgement.",
    ),
    (
        "12-month average and max",
        "Over the twelve months ending with this month (a quarterly measure's four quarters), "
        "ignoring months without a value.",
    ),
    ("Marked f", REPORTED_LEGEND),
    (
        "RAG",
        "Against the financial year's target: green where the target is met (on or beyond "
        "it the preferred way, or as its own sign says: below it for <36%, on or above it "
        "for >= 95%), amber short of it by no more than its tolerance (5% of the target "
        "unless set otherwise), red otherwise.",
    ),
    (
        "Benchmarks",
        "The latest figure of each comparator group (SN statistical neighbours, England, SE "
        "region, and the authority's own prior year), for the year stated beneath it. "
        "Local measure: no national figure exists; not available: the file marks it so; "
        "not stated: the file leaves it blank.",
    ),
    (PROVISIONAL, PROVISIONAL_NOTE),
    ("-", "No value for the month: missing, not zero."),
)
