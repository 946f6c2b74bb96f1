"""The team's usual area rules, shipped by ``0013_default_area_rules``: present after
migrate, and reversed by removing only the rules that still point where it put them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from indicators.models import Area, AreaRule

pytestmark = pytest.mark.django_db

BEFORE = ("indicators", "0012_clear_derived_figures")
DEFAULTS = ("indicators", "0013_default_area_rules")


def migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def rules() -> dict[str, str]:
    return dict(AreaRule.objects.values_list("prefix", "area__name"))


def test_the_usual_rules_name_areas_as_the_teams_file_does():
    assert rules() == {"M": "MASH", "EH": "CiN", "CP": "CP", "LAC": "LAC"}
    # In the domain's order, before any a file brings (from 100).
    assert list(Area.objects.values_list("name", flat=True)) == ["MASH", "CiN", "CP", "LAC"]


@pytest.mark.postgresql("migrates inside the test transaction, as SQLite cannot")
def test_reversing_removes_only_the_rules_still_as_shipped_and_reapplying_reuses_areas():
    shipped = dict(AreaRule.objects.values_list("prefix", "area"))
    youth_justice = Area.objects.create(name="Youth Justice")
    AreaRule.objects.filter(prefix="CP").update(area=youth_justice)  # the team's edit
    AreaRule.objects.create(prefix="YJ", area=youth_justice)  # and a rule of its own
    migrate(BEFORE)
    assert rules() == {"CP": "Youth Justice", "YJ": "Youth Justice"}
    migrate(DEFAULTS)
    assert rules() == {
        "M": "MASH", "EH": "CiN", "CP": "Youth Justice", "LAC": "LAC", "YJ": "Youth Justice",
    }  # fmt: skip
    again = dict(AreaRule.objects.values_list("prefix", "area"))
    assert [again[prefix] for prefix in ("M", "EH", "LAC")] == [
        shipped[prefix] for prefix in ("M", "EH", "LAC")
    ]


@pytest.mark.postgresql("migrates inside the test transaction, as SQLite cannot")
def test_areas_named_in_words_are_used_and_the_teams_own_rules_kept():
    migrate(BEFORE)
    Area.objects.filter(name="CP").delete()
    Area.objects.create(name="child protection")
    AreaRule.objects.create(prefix="EH", area=Area.objects.create(name="Early Help"))
    migrate(DEFAULTS)
    assert rules() == {"M": "MASH", "EH": "Early Help", "CP": "child protection", "LAC": "LAC"}
    assert not Area.objects.filter(name="CP").exists()
