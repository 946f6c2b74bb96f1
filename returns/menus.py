"""The return's menu entries (see ``core.navigation``): each role's worklist."""

from core.navigation import MenuItem

MENU = [
    MenuItem(
        "My month",
        "returns:my_month",
        "returns.enter_values",
        "Enter the value and commentary of each of your indicators and pass them to the owner.",
        order=10,
    ),
    MenuItem(
        "To submit",
        "returns:to_submit",
        "returns.submit_values",
        "Check the values your reporters passed to you: submit them or return them with a reason.",
        order=20,
    ),
    MenuItem(
        "Month overview",
        "returns:overview",
        "returns.accept_values",
        "Progress of the month's return, what is missing; accept, lock and publish the month.",
        order=30,
    ),
]
