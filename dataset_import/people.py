"""Who owns and who reports an indicator, from how the team's file names them.

Files name people in an "Owner" and a "Reporter" column, or in one merged cell ("Phil
Bullingham Stuart Webb"), or put the reporter's name in front of the outcome statement
("Stuart Webb Where it is..."). A merged cell or an outcome is split with the names the
portal knows: its accounts, the names already in the catalogue, and the names the same
file gives in separate columns. Pure: names in, names out.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dataset_import.identity import normalise

SEPARATOR = re.compile(r"\s*(?:[/;\n]|\s-\s)\s*")
LONGEST_NAME = 4  # words; "Mary Ann de Souza"


@dataclass(frozen=True)
class People:
    """The owner and reporter a row names (``None`` where it names nobody), its outcome
    statement without a leading name, and ``guess``: how a split was decided when the
    known names could not decide it ("" when they did)."""

    owner: str | None
    reporter: str | None
    outcome: str | None
    guess: str = ""


class NameBook:
    """The names the portal knows, compared as people read them."""

    def __init__(self, names: Iterable[str | None]):
        self.known = {normalise(name) for name in names if name and name.strip()}

    def knows(self, name: str) -> bool:
        return normalise(name) in self.known

    def split(self, text: str) -> tuple[str, str | None, str]:
        """A merged owner/reporter cell as (owner, reporter, guess).

        Written "A / B" it is A and B. Otherwise the split where both sides are known
        names wins, then one where one side is; failing that four words are read as two
        names of two words, and anything else as one person who both owns and reports.
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
        if self.knows(text):
            return text, text, ""
        if len(words) == 4:
            owner, reporter = " ".join(words[:2]), " ".join(words[2:])
            return owner, reporter, f'read as owner "{owner}" and reporter "{reporter}"'
        return text, text, ""

    def leading(self, text: str | None) -> tuple[str, str] | None:
        """(name, the rest) where ``text`` starts with a known name followed by more."""
        words = (text or "").split()
        for size in range(min(LONGEST_NAME, len(words) - 1), 1, -1):
            name = " ".join(words[:size])
            if self.knows(name):
                return name, " ".join(words[size:])
        return None


def people_of(
    *,
    owner: str | None,
    reporter: str | None,
    owner_reporter: str | None,
    outcome: str | None,
    book: NameBook,
) -> People:
    """The owner, reporter and outcome a row states, merged cells and leading names split.

    A merged "Owner/Reporter" cell fills whichever of the separate columns is empty. A
    reader that put one merged cell in both columns gives owner == reporter: it is split
    too, but only where two known names make it up (one person may well do both jobs).
    """
    guess = ""
    if owner_reporter:
        first, second, guess = book.split(owner_reporter)
        owner, reporter = owner or first, reporter or second
    elif owner and owner == reporter:
        first, second, _ = book.split(owner)
        if first != second and book.knows(first) and book.knows(second):
            owner, reporter = first, second
    lead = book.leading(outcome)
    if lead is not None:
        name, outcome = lead  # a name glued to the outcome is never part of it
        if not reporter or reporter == owner or guess:
            # The reporter leads the outcome, so a merged cell named the owner alone.
            owner = owner_reporter if guess else owner
            reporter, guess = name, ""
    return People(owner=owner or None, reporter=reporter or None, outcome=outcome, guess=guess)
