"""The portal's "today": the real date in London, or the demo's fixed ``PORTAL_TODAY``."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core import clock
from core.months import last_month


def test_today_is_the_date_in_london_unless_the_demo_fixes_it(settings):
    settings.PORTAL_TODAY = ""
    assert clock.today() == timezone.localdate()
    assert clock.fixed_today() is None
    settings.PORTAL_TODAY = "2016-10-10"
    assert clock.today() == clock.fixed_today() == date(2016, 10, 10)
    assert last_month() == date(2016, 9, 1)  # what the months read as the latest complete


def test_a_today_that_is_not_a_date_is_refused_naming_the_setting(settings):
    settings.PORTAL_TODAY = "10/10/2016"
    with pytest.raises(ImproperlyConfigured, match=r"PORTAL_TODAY is '10/10/2016'.*2016-10-10"):
        clock.today()


PORTAL_APPS = (
    "core", "indicators", "quality", "returns", "packs", "api", "dataset_import", "audits",
    "caseloads",
)  # fmt: skip


def test_nothing_asks_for_the_date_but_the_clock():
    """Every due date, overdue mark and default goes through ``core.clock.today``."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = [
        f"{path.relative_to(root)}:{number}"
        for app in PORTAL_APPS
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "clock.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "localdate()" in line or "date.today()" in line
    ]
    assert found == []
