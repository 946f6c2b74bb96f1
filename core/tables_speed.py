"""A cache for django-tables2's per-cell look-up of render methods' signatures.

django-tables2 (3.0) calls ``inspect.signature`` on a column's ``render`` method for every
cell it renders, to pass only the arguments the method names. On a 40-line worklist that is
half the cost of the table. A method's signature never changes while the process runs, so
it is computed once per function here. Installed by ``core.apps.CoreConfig.ready``.
"""

from collections.abc import Callable
from functools import lru_cache

from django_tables2 import utils

_uncached = utils.signature


@lru_cache(maxsize=2048)
def _function_signature(function: Callable) -> tuple[tuple[str, ...], str | None]:
    return _uncached(function)


def signature(fn: Callable) -> tuple[tuple[str, ...], str | None]:
    """``utils.signature``, cached by the function behind a bound method.

    Keyed on the function, not the bound method, so the cache holds no table or record.
    """
    function = getattr(fn, "__func__", None)
    if function is None or not hasattr(fn, "__self__"):
        return _uncached(fn)
    names, keywords = _function_signature(function)
    return names[1:], keywords  # a bound method does not take ``self``


def install() -> None:
    utils.signature = signature
