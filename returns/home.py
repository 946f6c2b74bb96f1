"""The return's panels of the home page (see ``core.panels``): the performance team's month
at a glance, and the owner's and reporter's own indicators with their RAG and due date."""

from collections.abc import Callable
from typing import Any

import pygal
from django.http import HttpRequest
from django.urls import reverse

from core import charts, clock
from core.panels import Panel
from indicators.models import Hat
from returns import selectors

# In ``selectors.RAG_ORDER``; the table beside the chart gives the same figures in words.
RAG_STYLE = charts.coloured("red", "orange", "green", "grey")
RAG_NAMES = ("Red", "Amber", "Green", "No RAG")


def rag_chart(glance: selectors.Glance) -> str:
    """RAG by area as stacked bars, one per area."""
    graph = charts.chart(
        pygal.HorizontalStackedBar,
        title=f"RAG by area, {glance.period}",
        style=RAG_STYLE,
        height=120 + 36 * len(glance.rag_by_area),
        x_labels=[area.area for area in glance.rag_by_area],
        y_title="Indicators",
        print_values=False,
    )
    for index, name in enumerate(RAG_NAMES):
        graph.add(name, [area.cells[index] for area in glance.rag_by_area])
    return charts.render(graph, chart_id="rag-by-area")


def _glance(request: HttpRequest) -> dict[str, Any]:
    glance = selectors.month_at_a_glance(user=request.user, today=clock.today())
    return {
        "glance": glance,
        "chart": glance and glance.rag_by_area and rag_chart(glance),
        "link": reverse("returns:overview"),
    }


def _this_month(hat: Hat, worklist: str) -> Callable[[HttpRequest], dict[str, Any]]:
    """Counts of the user's values as ``hat``, their own indicators' RAG, and their worklist."""

    def context(request: HttpRequest) -> dict[str, Any]:
        period, state = selectors.this_month(user=request.user, hat=hat, today=clock.today())
        mine = period and selectors.my_lines(user=request.user, hat=hat, period=period)
        counts = state.counts if state else None
        return {"period": period, "counts": counts, "mine": mine, "link": reverse(worklist)}

    return context


PANELS = [
    Panel(
        permission="returns.accept_values",
        intro="Each month: import the dataset, follow progress of the returns, accept them, "
        "lock and publish the month, and build the pack.",
        template="returns/_glance.html",
        context=_glance,
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
