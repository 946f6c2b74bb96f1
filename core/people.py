"""How a person is named on every page, table, export and message: one rule."""

from django.contrib.auth.models import AbstractBaseUser


def display_name(user: AbstractBaseUser | None, *, missing: str = "") -> str:
    """The full name, else the username (accounts made before names were filled in), else
    ``missing`` where nobody is set."""
    if user is None:
        return missing
    return user.get_full_name() or user.get_username()


def names(users) -> str:
    """People named in a sentence: "Ann", "Ann and Bob", "Ann, Bob and Cy"."""
    named = [display_name(user) for user in users]
    return " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
