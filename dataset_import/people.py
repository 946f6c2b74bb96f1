"""Who owns and who reports an indicator, from how the team's file names them.

Files name people in an "Owner" and a "Reporter" column, or in one merged cell ("Phil
Bullingham Stuart Webb"), or put the reporter's name in front of the outcome statement
("Stuart Webb <i>Where it is...</i>"). The outcome cell's ``<i>`` markup is where the
outcome begins (the reader gives the name before it as ``outcome_lead``); without markup, a
merged cell or an outcome is split with the names the portal knows: its accounts, the names
already in the catalogue, and the names the same file gives elsewhere. Where nothing says
who reports, the reporter is left blank and the preview says so: a person is never
invented (a merged cell naming one person is its owner, not also its reporter). Pure:
names in, names out.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dataset_import.dataset_file.cells import LONGEST_NAME
from dataset_import.identity import normalise

SEPARATOR = re.compile(r"\s*(?:[/;\n]|\s-\s)\s*")
NOT_GUESSED = "the reporter is left blank, not guessed; set it in the catalogue"


@dataclass(frozen=True)
class Doubt:
    """What the preview must say about a row's people, about the row's field ``column``.
    ``blank_reporter``: the doubt is that no reporter is named, moot for an indicator that
    has one stored."""

    column: str
    message: str
    blank_reporter: bool = False


@dataclass(frozen=True)
class People:
    """The owner and reporter a row names (``None`` where it names nobody), its outcome
    statement without a leading name, and the doubts the preview lists."""

    owner: str | None
    reporter: str | None
    outcome: str | None
    doubts: tuple[Doubt, ...] = ()


class NameBook:
    """The names the portal knows, compared as people read them."""

    def __init__(self, names: Iterable[str | None]):
        self.known = {normalise(name) for name in names if name and name.strip()}

    def knows(self, name: str) -> bool:
        return normalise(name) in self.known

    def split(self, text: str) -> tuple[str, str | None, str]:
        """A merged owner/reporter cell as (owner, reporter, guess).

        Written "A / B" it is A and B. Otherwise the split where both sides are known
        names wins, then one where one side is; failing that a name the portal knows, or
        words that are not four, name the owner alone (the cell does not say who reports:
        None), and four unknown words are read as two names of two (``guess`` says so).
        """
        parts = [part for part in SEPARATOR.split(text.strip()) if part]
        if len(parts) == 2:
            return parts[0], parts[1], ""
        words = text.split()
        best: tuple[int, int] = (0, 0)
        for cut in range(1, len(words)):
            score = self.knows(" ".join(words[:cut])) + self.knows(" ".join(words[cut:]))
            if score > best[0]:
                best = (score, cut)
        if best[0]:
            cut = best[1]
            return " ".join(words[:cut]), " ".join(words[cut:]), ""
        if self.knows(text) or len(words) != 4:
            return text, None, ""
        owner, reporter = " ".join(words[:2]), " ".join(words[2:])
        return owner, reporter, f'read as owner "{owner}" and reporter "{reporter}"'

    def leading(self, text: str | None) -> tuple[str, str] | None:
        """(name, the rest) where ``text`` starts with a known name followed by more."""
        words = (text or "").split()
        for size in range(min(LONGEST_NAME, len(words) - 1), 1, -1):
            name = " ".join(words[:size])
            if self.knows(name):
                return name, " ".join(words[size:])
        return None


def _without(cell: str, name: str) -> str:
    """A cell naming the owner then ``name`` ("Phil Bullingham Stuart Webb"), without it."""
    words, size = cell.split(), len(name.split())
    if len(words) > size and normalise(" ".join(words[-size:])) == normalise(name):
        return " ".join(words[:-size])
    return cell


def people_of(
    *,
    owner: str | None,
    reporter: str | None,
    owner_reporter: str | None,
    outcome: str | None,
    book: NameBook,
    outcome_lead: str = "",
) -> People:
    """The owner, reporter and outcome a row states, merged cells and leading names split.

    A merged "Owner/Reporter" cell fills whichever of the separate columns is empty. An
    owner cell with the reporter's cell blank or the same (one merged cell read into both)
    is split too, but only where two known names make it up (one person may well do both
    jobs). A name leading the outcome is the reporter where no other cell names one.
    """
    named_columns = any(text is not None for text in (owner, reporter, owner_reporter))
    doubts: list[Doubt] = []
    lead = outcome_lead
    if not lead and (known := book.leading(outcome)):
        lead, outcome = known  # a name glued to the outcome is never part of it
    if owner_reporter:
        first, second, guess = book.split(owner_reporter)
        if lead and (second is None or guess):
            # The reporter leads the outcome, so the merged cell named the owner (then them).
            first, second, guess = _without(owner_reporter, lead), lead, ""
        owner, reporter = owner or first, reporter or second
        if guess:
            doubts.append(Doubt("owner_reporter", _guessed(guess)))
    elif lead and (not reporter or reporter == owner):
        owner, reporter = _without(owner, lead) if owner else owner, lead
    elif owner and (not reporter or owner == reporter):
        first, second, _ = book.split(owner)
        if second and book.knows(first) and book.knows(second):
            owner, reporter = first, second
    if lead and reporter and normalise(lead) != normalise(reporter):
        doubts.append(
            Doubt(
                "outcome",
                f'The outcome starts with "{lead}", but the row names "{reporter}" as the '
                "reporter: the reporter is read from the reporter's column.",
            )
        )
    if named_columns and not reporter:
        doubts.append(_no_reporter(owner_reporter))
    return People(
        owner=owner or None, reporter=reporter or None, outcome=outcome, doubts=tuple(doubts)
    )


def _guessed(guess: str) -> str:
    return (
        f"The names are not known to the portal, so the cell was {guess}; correct them in "
        "the catalogue if that is wrong."
    )


def _no_reporter(owner_reporter: str | None) -> Doubt:
    if owner_reporter:
        message = (
            f'"{owner_reporter}" names one person, and nothing else in the row names the '
            f"reporter: read as the owner; {NOT_GUESSED}."
        )
        return Doubt("owner_reporter", message, blank_reporter=True)
    return Doubt("reporter", f"The row names no reporter: {NOT_GUESSED}.", blank_reporter=True)
