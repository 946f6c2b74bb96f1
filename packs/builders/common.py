"""What every output of the pack says the same way: the cover's facts and who owns a line."""

from datetime import datetime

from core import dates
from indicators.models import Indicator
from packs import definitions
from packs.selectors import PackContent


def owner_and_reporter(indicator: Indicator) -> str:
    """``Jane White / Catherine Parkin``: the owner, then the reporter, as the dataset shows;
    a person without an account by the name the dataset gives."""
    names = [name for name in (indicator.owner_label, indicator.reporter_label) if name]
    return " / ".join(names)


def data_status(content: PackContent) -> str:
    """The cover's status: how many of the month's expected values are not yet accepted (as
    the month overview counts them), or that every one is."""
    count, total = content.state.not_yet_accepted, content.state.expected
    if not count:
        return "Final: every value of the month is accepted."
    verb = "is" if count == 1 else "are"
    return (
        f"{definitions.PROVISIONAL}: {count} of {total} values {verb} not yet accepted "
        f"and marked {definitions.PROVISIONAL_MARK}."
    )


def _audit_status(content: PackContent) -> str:
    if content.audit is None:
        return definitions.NO_AUDIT_CYCLE
    if content.audit.cycle.is_published:
        return "Published by the QA unit."
    return "Not yet published by the QA unit: figures may change."


def _caseload_status(content: PackContent) -> str:
    if content.caseloads is None:
        return definitions.NO_CASELOAD_SNAPSHOT
    return f"Snapshot of {content.caseloads.overall.practitioners} practitioners."


def cover_facts(*, content: PackContent, version: int, built_at: datetime) -> list[tuple]:
    """(label, value) pairs of the cover, in the order every output shows them."""
    return [
        ("Month", f"{content.month:%B %Y}"),
        ("Version", version),
        ("Status", data_status(content)),
        ("Built", dates.moment(built_at)),
        ("Indicators", f"{len(content.lines)} in {len(content.areas)} areas"),
        ("Audit analysis", _audit_status(content)),
        ("Caseloads", _caseload_status(content)),
    ]
