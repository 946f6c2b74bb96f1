"""The password rule the README states: a password built from words anyone could guess -
common passwords, the portal's name, the user's own names and username - with years, digits
and symbols around them is refused, whatever zxcvbn scores it ("Summer2024!!",
"kpi-portal-2016", "Viewer2016!!" for the user viewer). Three or more words that are not
names make a passphrase and pass ("river-lantern-copper-7").
"""

import re

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

LETTERS = re.compile(r"[^\W\d_]+")  # a run of letters: what is left between digits and symbols
PASSPHRASE_WORDS = 3  # this many words that are not names make a passphrase
MIN_UNCOMMON_LETTERS = 4  # fewer words need this many letters beyond the common passwords
USER_FIELDS = ("username", "first_name", "last_name", "email")


def _words(text: str) -> list[str]:
    return LETTERS.findall(text.lower())


class GuessableWordsValidator:
    """Refuses a password whose letters, once digits and symbols are taken away, are only
    names (the portal's, ``PASSWORD_GUESSABLE_WORDS``, and the user's own) and common
    passwords (Django's list of 20,000): fewer than three words that are not names, and
    fewer than four letters outside the common passwords."""

    message = (
        "This password is built from words anyone could guess (a common password, the "
        "portal's name, your own name or username) with years, digits or symbols. Use three "
        "or more words that are not names, for example river-lantern-copper-7."
    )

    def __init__(self) -> None:
        self.common = CommonPasswordValidator().passwords

    def _names(self, user) -> set[str]:
        names = {word for term in settings.PASSWORD_GUESSABLE_WORDS for word in _words(term)}
        for field in USER_FIELDS:
            names.update(_words(str(getattr(user, field, "") or "")))
        return {name for name in names if len(name) >= 3}

    def validate(self, password: str, user=None) -> None:
        names = self._names(user)
        words = [word for word in _words(password) if word not in names]
        if len(words) >= PASSPHRASE_WORDS:
            return
        uncommon = "".join(word for word in words if word not in self.common)
        if "".join(words) in self.common or len(uncommon) < MIN_UNCOMMON_LETTERS:
            raise ValidationError(self.message, code="password_guessable")

    def get_help_text(self) -> str:
        return (
            "Not built from common words, the portal's name or your own name with years, "
            "digits or symbols: three or more other words are best."
        )
