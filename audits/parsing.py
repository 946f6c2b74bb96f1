"""Reading audit spreadsheet cells as people write them (``RI``, ``Not completed``, ``n/a``).

Shared by the portal's import and the admin's import-export resource, so both read a file
the same way. Each function raises ``ValueError`` with a message in plain words.
"""

import re

from audits.models import Answer, Grade, Status

_SEPARATORS = re.compile(r"[\s_\-/.]+")


def _key(text: str) -> str:
    return _SEPARATORS.sub(" ", text).strip().lower()


STATUS_WORDS: dict[str, Status] = {
    "allocated": Status.ALLOCATED,
    "draft": Status.ALLOCATED,
    "completed": Status.COMPLETED,
    "complete": Status.COMPLETED,
    "done": Status.COMPLETED,
    "not completed": Status.NOT_COMPLETED,
    "not complete": Status.NOT_COMPLETED,
    "incomplete": Status.NOT_COMPLETED,
}
GRADE_WORDS: dict[str, Grade] = {
    "outstanding": Grade.OUTSTANDING,
    "o": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "g": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
    "i": Grade.INADEQUATE,
}
YES_WORDS = {"yes", "y", "true", "1"}
NO_WORDS = {"no", "n", "false", "0"}
NOT_APPLICABLE_WORDS = {"n a", "na", "not applicable"}


def parse_status(text: str) -> Status:
    """A blank status is an allocation: the audit has not been recorded yet."""
    if not text.strip():
        return Status.ALLOCATED
    try:
        return STATUS_WORDS[_key(text)]
    except KeyError:
        raise ValueError("Expected allocated, completed or not completed.") from None


def parse_grade(text: str) -> str:
    if not text.strip():
        return ""
    try:
        return GRADE_WORDS[_key(text)]
    except KeyError:
        raise ValueError(
            "Expected Outstanding, Good, Requires improvement (or RI) or Inadequate."
        ) from None


def parse_yes_no(text: str) -> bool | None:
    key = _key(text)
    if not key:
        return None
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    raise ValueError("Expected yes or no.")


def parse_answer(text: str) -> str:
    """A Focus-5 answer: yes, no or not applicable (``n/a``); blank when not answered."""
    key = _key(text)
    if not key:
        return ""
    if key in YES_WORDS:
        return Answer.YES
    if key in NO_WORDS:
        return Answer.NO
    if key in NOT_APPLICABLE_WORDS:
        return Answer.NOT_APPLICABLE
    raise ValueError("Expected yes, no or n/a.")
