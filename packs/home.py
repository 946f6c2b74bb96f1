"""The pack's panel of the home page (see ``core.panels``): every role reads published packs."""

from core.panels import Panel

PANELS = [
    Panel(
        permission="packs.view_published_pack",
        intro="Read the published monthly performance packs.",
    )
]
