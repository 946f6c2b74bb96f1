"""The return's panels of the home page (see ``core.panels``): the open month's counts."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from core.panels import Panel
from indicators.models import Hat
from returns import selectors


def _this_month(hat: Hat | None, worklist: str) -> Callable[[HttpRequest], dict[str, Any]]:
    """Counts of the user's values as ``hat`` (every value when None), and their worklist."""

    def context(request: HttpRequest) -> dict[str, Any]:
        period, counts = selectors.this_month(user=request.user, hat=hat)
        return {"period": period, "counts": counts, "link": reverse(worklist)}

    return context


PANELS = [
    Panel(
        permission="returns.accept_values",
        intro="Each month: import the dataset, follow progress of the returns, accept them, "
        "lock and publish the month, and build the pack.",
        template="returns/_this_month.html",
        context=_this_month(None, "returns:overview"),
    ),
    Panel(
        permission="returns.submit_values",
        intro="Each month: check the values and commentary your reporters pass to you, then "
        "submit them or return them with a reason.",
        template="returns/_this_month.html",
        context=_this_month(Hat.OWNER, "returns:to_submit"),
    ),
    Panel(
        permission="returns.enter_values",
        intro="Each month: enter the value and commentary of each of your indicators and pass "
        "them to the owner before the due date.",
        template="returns/_this_month.html",
        context=_this_month(Hat.REPORTER, "returns:my_month"),
    ),
]
