"""The audits' panels of the home page (see ``core.panels``): the QA unit's month, and the
audits allocated to whoever records them (practice managers, and the QA unit's own)."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from audits import selectors
from audits.roles import RECORD_OWN
from core.panels import Panel


def _my_audits(request: HttpRequest) -> dict[str, Any]:
    return {"mine": selectors.my_audits(user=request.user), "link": reverse("audits:mine")}


PANELS = [
    Panel(
        permission="audits.publish_auditcycle",
        intro="Each month: allocate the case-file audits, record the grades and findings, and "
        "publish the audit analysis.",
    ),
    Panel(
        permission=RECORD_OWN,
        intro="Each month: record the grade and findings of the case-file audits allocated to "
        "you, after discussing each case with its practitioner.",
        template="audits/_my_audits_panel.html",
        context=_my_audits,
    ),
]
