"""Reads of the pack: everything a month's pack shows, and the packs the pages list.

``pack_content`` gathers the month once - the dataset lines, which values are provisional,
the audit analysis and the caseload report - and every output (XLSX, PDF, web) is written
from that one object, so the three never disagree. The reads are a fixed number of
queries whatever the number of indicators.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from audits.models import AuditCycle
from audits.selectors import AuditReport, audit_report
from caseloads.models import Caseload
from caseloads.selectors import CaseloadReport, caseload_report
from core.months import add_months, months_ending
from indicators import formatting
from indicators.calculations import Direction, Judgement, PreferredDirection, Rag, judgement
from indicators.models import Area, Benchmark, Indicator, MonthlyValue, ValueState
from indicators.selectors import SHOWN_MONTHS, DatasetLine, MonthCell, month_dataset
from packs.definitions import PROVISIONAL, STAGES
from packs.models import (
    DOWNLOADABLE,
    Narrative,
    Pack,
    PackAction,
    PackEvent,
    PackFile,
    PackQuerySet,
    Recommendation,
    RecommendationUpdate,
    Status,
)
from quality.completeness import Completeness, month_completeness
from returns.selectors import (
    RAG_ORDER,
    AreaRag,
    MonthState,
    month_state,
    rag_by_area,
    rag_totals,
)

BUILD_MONTHS = 36  # how far back the build form offers months


@dataclass(frozen=True)
class PackLine:
    """A dataset line with which of its shown months hold a value not yet accepted."""

    line: DatasetLine
    provisional_months: frozenset[date]

    @property
    def indicator(self):
        return self.line.indicator

    @property
    def provisional(self) -> bool:
        """The month's own value is not accepted yet: the pack marks it "provisional"."""
        return self.line.month in self.provisional_months

    @property
    def cells(self) -> list[tuple[MonthCell, bool]]:
        """Each shown month's cell with whether its value is provisional."""
        return [(cell, cell.month in self.provisional_months) for cell in self.line.cells]

    @property
    def judgement_prev_year(self) -> Judgement | None:
        """The judgement of the change on last year (the dataset's own follows last month)."""
        return judgement(
            direction=self.line.computed.direction_prev_year,
            preferred=PreferredDirection(self.indicator.preferred_direction),
        )

    @property
    def state(self) -> str:
        """Where the month's value is: provisional, accepted, or not returned at all."""
        if self.provisional:
            return PROVISIONAL
        return "Accepted" if self.line.cells[-1].present else "No value"

    @property
    def has_commentary(self) -> bool:
        return bool(self.line.commentary.strip())

    @property
    def has_values(self) -> bool:
        """Any value in the shown months: a line without one gets no row, only a mention."""
        return any(cell.value is not None for cell in self.line.cells)


@dataclass(frozen=True)
class AreaSection:
    name: str
    narrative: str  # the team's paragraph that opens the section; empty where none
    lines: list[PackLine]


@dataclass(frozen=True)
class Summary:
    """What moved: travel up or down on last month, reds against target, no commentary."""

    up: list[PackLine]
    down: list[PackLine]
    red: list[PackLine]
    without_commentary: list[PackLine]
    amber: list[PackLine] = field(default_factory=list)

    @property
    def judged(self) -> list[PackLine]:
        """Red, then amber: what the summary lists against target."""
        return self.red + self.amber

    @property
    def judged_by_file(self) -> int:
        """How many of those RAGs are the imported file's judgement, not the portal's (the
        portal has no target or no preferred direction to judge them by)."""
        return sum("rag" in line.line.computed.from_file for line in self.judged)


@dataclass(frozen=True)
class RecommendationLine:
    """A recommendation as the pack's appendix shows it, at the end of the pack's month."""

    recommendation: Recommendation
    latest_update: RecommendationUpdate | None
    overdue: bool


@dataclass(frozen=True)
class AuditChange:
    """A service area's completion and discussion rates this month and the month before."""

    name: str
    completion_rate: Decimal | None
    previous_completion_rate: Decimal | None
    discussion_share: Decimal | None
    previous_discussion_share: Decimal | None

    @staticmethod
    def _points(now: Decimal | None, before: Decimal | None) -> Decimal | None:
        return None if now is None or before is None else now - before

    @property
    def completion_change(self) -> Decimal | None:
        """In percentage points: a rate of a few audits moves by whole audits, not by %."""
        return self._points(self.completion_rate, self.previous_completion_rate)

    @property
    def discussion_change(self) -> Decimal | None:
        return self._points(self.discussion_share, self.previous_discussion_share)


@dataclass(frozen=True)
class PackContent:
    month: date
    months: list[date]  # the shown months, oldest first
    areas: list[AreaSection]
    summary: Summary
    audit: AuditReport | None
    caseloads: CaseloadReport | None
    completeness: Completeness  # expected, entered, submitted and accepted, by area
    # The month's one count (``returns.selectors.month_state``): the cover's "N of M not
    # yet accepted" and the summary's totals, as the month overview counts them.
    state: MonthState
    narrative: str  # the summary of the month; each area's paragraph is on its section
    recommendations: list[RecommendationLine]
    audit_changes: list[AuditChange]  # empty without this month's and last month's cycles
    # Running indicators with no value in the month nor the twelve before: named once at
    # the end, not given a row (a portal holding later years' measures runs them all).
    without_values: list[PackLine] = field(default_factory=list)

    @property
    def lines(self) -> list[PackLine]:
        return [line for area in self.areas for line in area.lines]

    @property
    def provisional_count(self) -> int:
        """The month's expected values not yet accepted, counted as the overview counts."""
        return self.state.not_yet_accepted

    @property
    def area_narratives(self) -> dict[str, str]:
        """The narrative's paragraphs on areas, by area name: what a version keeps of them."""
        return {area.name: area.narrative for area in self.areas if area.narrative}

    @property
    def rag_by_area(self) -> list[AreaRag]:
        return rag_by_area(line.line for line in self.lines)


def _provisional(*, month: date, indicator_ids: list[int]) -> set[tuple[int, date]]:
    """(indicator id, month) of the shown values that are not accepted yet."""
    rows = (
        MonthlyValue.objects.filter(
            indicator__in=indicator_ids, month__in=months_ending(month, SHOWN_MONTHS)
        )
        .exclude(state=ValueState.ACCEPTED)
        .values_list("indicator_id", "month")
    )
    return set(rows)


def _provisional_months(line: DatasetLine, provisional: set[tuple[int, date]]) -> frozenset[date]:
    """The shown months whose value is not accepted yet; a derived value is as provisional
    as its least-accepted input (its own row, if any, holds only commentary)."""
    if line.derived_states is not None:
        states = line.derived_states
        return frozenset(
            cell.month
            for cell in line.cells
            if cell.month in states and states[cell.month] != ValueState.ACCEPTED
        )
    return frozenset(
        cell.month for cell in line.cells if (line.indicator.pk, cell.month) in provisional
    )


def _areas(lines: list[PackLine], narrative: Narrative) -> list[AreaSection]:
    """Lines grouped by area, in the dataset's order (areas arrive in order), each area with
    the narrative's paragraph on it."""
    sections: dict[int, AreaSection] = {}
    for line in lines:
        area = line.indicator.area
        if area.pk not in sections:
            sections[area.pk] = AreaSection(
                name=area.name, narrative=narrative.of_area(area.pk), lines=[]
            )
        sections[area.pk].lines.append(line)
    return list(sections.values())


def summarise(lines: list[PackLine]) -> Summary:
    def travelling(direction: Direction) -> list[PackLine]:
        return [line for line in lines if line.line.computed.direction_prev_month == direction]

    return Summary(
        up=travelling(Direction.UP),
        down=travelling(Direction.DOWN),
        red=[line for line in lines if line.line.computed.rag == Rag.RED],
        amber=[line for line in lines if line.line.computed.rag == Rag.AMBER],
        without_commentary=[line for line in lines if not line.has_commentary],
    )


def audit_report_for(month: date) -> AuditReport | None:
    """The month's audit analysis; None when there is no audit cycle for the month."""
    cycle = AuditCycle.objects.filter(month=month).first()
    return audit_report(cycle=cycle) if cycle else None


def caseload_report_for(month: date) -> CaseloadReport | None:
    """The month's caseload report without names; None when there is no snapshot."""
    if not Caseload.objects.filter(month=month).exists():
        return None
    return caseload_report(month=month, user_may_see_names=False)


def first_day_after_month(month: date) -> date:
    """The first day after ``month`` (1 October for September), the bound a pack reads up
    to but not including: the pack speaks of the month as it ended."""
    return add_months(month, 1)


def recommendations_at(*, month: date) -> list[RecommendationLine]:
    """The recommendations made by the end of ``month``, each with its latest update by then;
    overdue where still owed and due before the month ended. Statuses are as they stand
    when the pack is built (a rebuild shows later progress, as a new version)."""
    end = first_day_after_month(month)
    recommendations = (
        Recommendation.objects.filter(made_on__lt=end)
        .select_related("owner")
        .prefetch_related("updates")
        .order_by("due_date", "pk")
    )
    return [
        RecommendationLine(
            recommendation=recommendation,
            latest_update=next(
                (update for update in recommendation.updates.all() if update.date < end), None
            ),
            overdue=recommendation.is_overdue_on(end),
        )
        for recommendation in recommendations
    ]


def audit_changes(*, now: AuditReport | None, before: AuditReport | None) -> list[AuditChange]:
    """Each service area's (and the overall) rates against the month before's."""
    if now is None or before is None:
        return []
    previous = {area.name: area for area in [*before.by_service_area, before.overall]}
    changes = []
    for area in [*now.by_service_area, now.overall]:
        last = previous.get(area.name)
        changes.append(
            AuditChange(
                name=area.name,
                completion_rate=area.completion_rate,
                previous_completion_rate=last.completion_rate if last else None,
                discussion_share=area.discussion_share,
                previous_discussion_share=last.discussion_share if last else None,
            )
        )
    return changes


def narrative_of(month: date) -> Narrative:
    """The month's narrative; an empty one, not saved, before the team writes it."""
    return Narrative.objects.filter(month=month).first() or Narrative(month=month, summary="")


def narrative_areas(month: date) -> list[Area]:
    """The areas the month's pack has a section for: those with an indicator running then,
    in the pack's order. The narrative may open each with a paragraph."""
    running = Indicator.objects.active_in(month)
    return list(Area.objects.filter(indicators__in=running).distinct())


def pack_content(*, month: date) -> PackContent:
    """Everything the pack of ``month`` shows."""
    dataset = month_dataset(month=month)
    provisional = _provisional(month=month, indicator_ids=[line.indicator.pk for line in dataset])
    every = [
        PackLine(line=line, provisional_months=_provisional_months(line, provisional))
        for line in dataset
    ]
    lines = [line for line in every if line.has_values]
    audit = audit_report_for(month)
    narrative = narrative_of(month)
    return PackContent(
        month=month,
        months=months_ending(month, SHOWN_MONTHS),
        areas=_areas(lines, narrative),
        summary=summarise(lines),
        audit=audit,
        caseloads=caseload_report_for(month),
        completeness=(completeness := month_completeness(month=month)),
        state=month_state(month=month, period=completeness.period),
        narrative=narrative.summary,
        recommendations=recommendations_at(month=month),
        audit_changes=audit_changes(
            now=audit, before=audit_report_for(add_months(month, -1)) if audit else None
        ),
        without_values=[line for line in every if not line.has_values],
    )


@dataclass(frozen=True)
class Timeout:
    """A build left in ``status`` since its ``since`` field for longer than the timeout is
    dead, and fails for ``reason``."""

    status: Status
    since: str
    reason: str


def build_timeouts() -> tuple[Timeout, ...]:
    """When a queued or building pack is dead, and why, in words for the pack's page."""
    seconds = settings.PACK_BUILD_TIMEOUT_SECONDS
    within = f"within {seconds // 60} minutes" if seconds >= 120 else f"within {seconds} seconds"
    return (
        Timeout(
            Status.BUILDING,
            "started_at",
            f"The build did not finish {within}: its worker stopped or was lost. "
            "Build the pack again.",
        ),
        Timeout(
            Status.QUEUED,
            "requested_at",
            f"No worker started the build {within}. Check that the workers are running, "
            "then build the pack again.",
        ),
    )


def build_deadline(now: datetime) -> datetime:
    """A queued or building pack whose clock started before this is dead."""
    return now - timedelta(seconds=settings.PACK_BUILD_TIMEOUT_SECONDS)


def as_shown(pack: Pack, *, now: datetime | None = None) -> Pack:
    """``pack`` as the pages show it: a dead build shows as failed, with the reason.

    Read only: the scheduled task ``packs.tasks.expire_stuck_builds`` records the failure,
    never a page, so a GET writes nothing; until the task runs (or when no worker runs it)
    the reader is told the truth rather than watching a build that will never finish. The
    change is to this object in memory, which is never saved.
    """
    deadline = build_deadline(now or timezone.now())
    for timeout in build_timeouts():
        since = getattr(pack, timeout.since)
        if pack.status == timeout.status and since is not None and since < deadline:
            pack.status, pack.error = Status.FAILED, timeout.reason
    return pack


def last_build_timings() -> dict[str, float]:
    """Seconds each stage took in the newest finished build: what the next build's
    progress bar and the build buttons go by (a PDF takes most of a build)."""
    latest = (
        Pack.objects.filter(status=Status.READY, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("stage_seconds", flat=True)
        .first()
    )
    return {key: float(seconds) for key, seconds in (latest or {}).items()}


def expected_build_seconds() -> int | None:
    """About how long a build takes, from the newest finished one; None before the first."""
    timings = last_build_timings()
    return max(1, round(sum(timings.values()))) if timings else None


def _stage_weights(timings: dict[str, float]) -> dict[str, float]:
    """Each stage's share of a build: its seconds in the last build, else its set share."""
    shares = {
        stage.key: (following.starts_at if following else 100) - stage.starts_at
        for stage, following in zip(STAGES, [*STAGES[1:], None], strict=True)
    }
    if all(timings.get(stage.key) for stage in STAGES):
        return {stage.key: timings[stage.key] for stage in STAGES}
    return {key: float(share) for key, share in shares.items()}


def build_progress(pack: Pack, *, timings: dict[str, float], now: datetime) -> int:
    """How far a build is, in percent, for its progress bar. Each stage takes its share of
    the bar by the time it took in the last build, and within the stage under way the bar
    moves with the time since it began against that time, never past 95% of its share:
    the PDF, most of a build, no longer holds the bar at one figure until it is done."""
    if not pack.is_active or pack.started_at is None:
        return pack.progress
    keys = [stage.key for stage in STAGES]
    current = next((stage.key for stage in STAGES if stage.label == pack.stage), None)
    if current is None:
        return pack.progress
    weights = _stage_weights(timings)
    total = sum(weights.values())
    before = sum(weights[key] for key in keys[: keys.index(current)])
    done = sum(float(seconds) for seconds in (pack.stage_seconds or {}).values())
    in_stage = max((now - pack.started_at).total_seconds() - done, 0)
    fraction = min(in_stage / weights[current], 0.95) if weights[current] else 0
    return min(int((before + weights[current] * fraction) / total * 100), 99)


def packs_for_list() -> PackQuerySet:
    """Packs with their people and files, and when each was last withdrawn (None: never)."""
    withdrawals = PackEvent.objects.filter(pack=OuterRef("pk"), action=PackAction.WITHDRAWN)
    return (
        Pack.objects.select_related("requested_by", "published_by")
        .prefetch_related("files")
        .annotate(withdrawn_at=Subquery(withdrawals.order_by("-at").values("at")[:1]))
    )


def publication_trail(pack: Pack) -> list[PackEvent]:
    """Each time the version was published or withdrawn, newest first, with who did it."""
    return list(pack.events.select_related("actor"))


def readable_versions(*, user, month: date) -> PackQuerySet:
    """The ready versions of ``month`` that ``user`` may read, newest first."""
    readable = packs_for_list().restrict(user, "view").for_month(month)
    return readable.filter(status=Status.READY).order_by("-version")


def buildable_months() -> list[date]:
    """Months that have monthly values, newest first: what the build form offers."""
    months = MonthlyValue.objects.order_by("-month").values_list("month", flat=True).distinct()
    return list(months[:BUILD_MONTHS])


# --- The latest published pack, on the home page --------------------------------------------


def kept_judged(lines: list[PackLine]) -> list[dict]:
    """The reds then ambers as a version keeps them (``Pack.judged``): plain JSON with each
    figure written out as the pack shows it, so a reader's home page says what the version
    said, whatever the figures, targets or benchmarks are today."""
    return [_kept_line(line) for line in lines]


def _kept_line(pack_line: PackLine) -> dict:
    line, indicator = pack_line.line, pack_line.indicator
    shown = {"unit": indicator.unit, "places": indicator.decimal_places}
    change = line.change_on_previous_period
    return {
        "indicator": indicator.pk,  # its row in the web pack: #indicator-<pk>
        "ref": indicator.ref,
        "title": indicator.title,
        "area": indicator.area.name,
        "rag": str(line.computed.rag),
        "value": formatting.figure(line.value, **shown),
        "provisional": pack_line.provisional,
        "change": formatting.shown_change(change),
        "direction": change.direction.label if change.direction else "",
        "judgement": str(line.computed.judgement or ""),
        "target": formatting.target(line.target, **shown),
        "benchmarks": [
            {
                "group": group.label,
                "figure": formatting.benchmark(benchmark, **shown),
                "year": benchmark.year,
            }
            for group in Benchmark.Group
            if (benchmark := line.benchmarks.get(group))
        ],
    }


def kept_rag(areas: list[AreaRag]) -> list[dict]:
    """RAG by area as a version keeps it (``Pack.rag_by_area``): plain JSON, in order."""
    return [{"area": area.area, **{rag: area.counts[rag] for rag in RAG_ORDER}} for area in areas]


@dataclass(frozen=True)
class PublishedSummary:
    """The latest published pack as a reader's home page shows it: what the version itself
    says (its narrative and RAG counts as built), never today's figures."""

    pack: Pack
    rag_by_area: list[AreaRag] | None  # None: built before the counts were kept
    judged: list[dict] | None  # its reds then ambers (``kept_judged``); None: not kept then
    downloads: list[PackFile]  # in ``DOWNLOADABLE`` order

    @property
    def rag_totals(self) -> list[int]:
        return rag_totals(self.rag_by_area or [])


def latest_published(*, user) -> PublishedSummary | None:
    """The newest published version of the newest month with one, as ``user`` may read it;
    None when no pack is published. Two queries: the pack, then its files."""
    pack = (
        Pack.objects.restrict(user, "view")
        .filter(published_at__isnull=False)
        .select_related("published_by")
        .prefetch_related("files")
        .order_by("-month", "-version")
        .first()
    )
    if pack is None:
        return None
    files = {file.kind: file for file in pack.files.all()}
    kept = pack.rag_by_area
    return PublishedSummary(
        pack=pack,
        rag_by_area=None
        if kept is None
        else [AreaRag(row["area"], Counter({rag: row[rag] for rag in RAG_ORDER})) for row in kept],
        judged=pack.judged,
        downloads=[files[kind] for kind in DOWNLOADABLE if kind in files],
    )
