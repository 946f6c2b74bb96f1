"""Demo data: none. Building a pack takes seconds (mostly typesetting the PDF), too long to
add to every ``load_demo``, so the demo says how to build the demo month's pack instead."""

from indicators.selectors import latest_month


def load(*, stdout) -> None:
    month = latest_month()
    if month is None:
        return
    stdout.write(
        f"  Packs: build the {month:%B %Y} pack at /packs/build/ (performance team) or with "
        f"`manage.py build_pack --month {month:%Y-%m} --wait`; publish it for the viewer."
    )
