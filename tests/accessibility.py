"""axe-core checks for the browser tests: WCAG 2.2 AA rules."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
ALL_IMPACTS = {"minor", "moderate", "serious", "critical"}


def violations(page, *, impacts: set[str] = ALL_IMPACTS, context: dict | None = None) -> list[str]:
    """The axe violations of WCAG 2.2 AA on ``page`` (or the part ``context`` names, as axe
    reads it) with one of ``impacts``, one line each naming the rule and its first elements
    (empty if none)."""
    results = _axe.run(
        page,
        context=context,
        options={
            "runOnly": {"type": "tag", "values": WCAG_22_AA},
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} - "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in impacts
    ]


def blocking_violations(page) -> list[str]:
    """The serious or critical violations only: what the flow tests of single pages check."""
    return violations(page, impacts=BLOCKING_IMPACTS)
