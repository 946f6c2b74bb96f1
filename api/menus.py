"""The API's menu entry (see ``core.navigation``)."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "API token",
        "api:token",
        "api.use_api",
        "Your token to read the portal's figures in Power BI or Excel; the API's documentation.",
        in_header=False,
        order=200,
    ),
]
