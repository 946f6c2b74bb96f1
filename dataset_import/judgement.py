"""The file's judgement of its latest month: its RAG compared with the portal's, and the
preferred directions that its targets and RAGs give evidence of.

The 2023 board tables judge each month (-1 red, 0 amber, 1 green) but state no preferred
direction, so the portal, for which 49 of their 50 indicators would be context only, could
not judge them. Two things in the file say which way is better: a target's comparator
(``<36%``: lower is better) and the file's RAG against its target (a red month above its
target: lower is better). Where the catalogue has no direction (or the indicator is new)
and the evidence agrees, the preview proposes it, with the evidence in words; confirmed,
it is a catalogue change kept in the indicator's history with that evidence as its reason.
Evidence that conflicts is listed and nothing is proposed: the team decides.

Where the portal can judge a month and its RAG differs from the file's, the preview warns,
naming both; the portal's judgement is the one shown (the file's is shown only where the
portal cannot judge: ``indicators.calculations.compute``).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.months import month_name
from dataset_import.dataset_file import Cell, CellStatus, DatasetRow
from imports.plans import Problem, Severity
from indicators import calculations
from indicators.calculations import PreferredDirection, Rag

WORDS = {PreferredDirection.UP: "higher is better", PreferredDirection.DOWN: "lower is better"}
SIDES = {"<": "below", "<=": "at or below", ">": "above", ">=": "at or above"}


@dataclass(frozen=True)
class TargetTerms:
    """A target as the RAG of a month is judged against it."""

    value: Decimal
    comparator: str = calculations.Comparator.NONE
    tolerance_pct: Decimal = calculations.DEFAULT_TOLERANCE_PCT
    written: str = ""  # as the file writes it ("<36%"), where it is the file's

    @property
    def text(self) -> str:
        return self.written or f"{self.comparator}{self.value.normalize():f}"


@dataclass(frozen=True)
class Evidence:
    direction: PreferredDirection
    words: str  # e.g. 'the target "<36%" is met below 36'

    def __str__(self) -> str:
        return f"{self.words}: {WORDS[self.direction]}"


@dataclass(frozen=True)
class Proposal:
    """A preferred direction the file gives evidence of, and that evidence."""

    direction: PreferredDirection
    evidence: tuple[Evidence, ...]

    @property
    def in_words(self) -> str:
        return "; ".join(str(each) for each in self.evidence)


def _value(cell: Cell | None) -> Decimal | None:
    return cell.value if cell is not None and cell.status == CellStatus.VALUE else None


def file_rag(row: DatasetRow) -> Rag | None:
    code = _value(row.file_rag)
    return None if code is None else Rag.of_code(code)


def evidence_of(row: DatasetRow, *, month: date | None) -> list[Evidence]:
    """What the row says of its preferred direction: its target's comparator, and its RAG
    of ``month`` (the file's latest) against its target and value."""
    target = _value(row.target)
    if target is None:
        return []
    found = []
    if by_comparator := calculations.direction_from_comparator(row.target_comparator):
        side = SIDES[row.target_comparator]
        words = f'the target "{row.target.text.strip()}" is met {side} {target.normalize():f}'
        found.append(Evidence(by_comparator, words))
    judged = file_rag(row)
    value = _value(row.values.get(month)) if month else None
    if judged is not None and value is not None:
        by_rag = calculations.direction_from_rag(judged=judged, value=value, target=target)
        if by_rag is not None:
            side = "above" if value > target else "below"
            words = (
                f"{month_name(month)} is {judged.value} at {row.values[month].text.strip()}, "
                f"{side} its target {row.target.text.strip()}"
            )
            found.append(Evidence(by_rag, words))
    return found


def proposal_for(
    row: DatasetRow, *, month: date | None, stored: str | None, stated: str | None
) -> tuple[Proposal | None, Problem | None]:
    """The preferred direction to propose for the row's indicator, or why none is.

    Only for an indicator with no direction (``stored`` "neither", or None for a new one)
    whose file states none (``stated`` None or "neither"): a direction someone set, or the
    file states, is never overruled by evidence. Conflicting evidence is a warning."""
    if stored not in (None, PreferredDirection.NEITHER):
        return None, None
    if stated not in (None, PreferredDirection.NEITHER):
        return None, None
    evidence = evidence_of(row, month=month)
    agreed = calculations.agreed_direction(each.direction for each in evidence)
    if agreed is not None:
        return Proposal(agreed, tuple(evidence)), None
    if not evidence:
        return None, None
    conflict = Problem(
        "The file's evidence of which way is better conflicts ("
        + "; ".join(str(each) for each in evidence)
        + "), so no preferred direction is proposed; set it in the catalogue.",
        line=row.line,
        column=row.columns.get("target"),
        context=row.ref,
        severity=Severity.WARNING,
    )
    return None, conflict


def rag_disagreement(
    row: DatasetRow, *, month: date | None, preferred: str, target: TargetTerms | None
) -> Problem | None:
    """A warning where the portal can judge ``month`` (by ``target`` and ``preferred``, as
    they will stand after the import) and its RAG differs from the file's; None otherwise."""
    judged = file_rag(row)
    value = _value(row.values.get(month)) if month else None
    if judged is None or value is None or target is None:
        return None
    ours = calculations.rag(
        value=value,
        target=target.value,
        preferred=PreferredDirection(preferred),
        comparator=target.comparator,
        tolerance_pct=target.tolerance_pct,
    )
    if ours is None or ours == judged:
        return None
    basis = (
        f"met {SIDES[target.comparator]} it"
        if target.comparator
        else f"{PreferredDirection(preferred).label.lower()}"
    )
    return Problem(
        f"The file judges {month_name(month)} {judged.value} ({row.file_rag.text.strip()}), "
        f"but the portal judges it {ours.value}: {row.values[month].text.strip()} against the "
        f"target {target.text} ({basis}, amber within {target.tolerance_pct.normalize():f}% "
        "of it). The portal's judgement is shown; check the target and the preferred "
        "direction.",
        line=row.line,
        column=row.columns.get("rag"),
        text=row.file_rag.text,
        context=f"{row.ref}, {month_name(month)}",
        severity=Severity.WARNING,
    )
