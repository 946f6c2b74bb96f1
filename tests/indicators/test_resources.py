"""The admin's import-export resource for the long layout."""

from datetime import date

import pytest
import tablib

from indicators.models import MonthlyValue
from indicators.resources import MonthlyValueResource
from tests.indicators.factories import add_values, make_indicator

pytestmark = pytest.mark.django_db


def dataset(*rows) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=["ref", "month", "value", "commentary"])


def test_import_creates_and_updates_by_ref_and_month():
    indicator = make_indicator("M1")
    add_values(indicator, {date(2016, 8, 1): "1377"})
    result = MonthlyValueResource().import_data(
        dataset(("M1", "2016-08", "1378", ""), ("M1", "2016-09", "1480", "Rise")), dry_run=False
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 1 and result.totals["update"] == 1
    assert MonthlyValue.objects.get(month=date(2016, 9, 1)).commentary == "Rise"


def test_unit_validation_applies_and_nothing_is_saved():
    make_indicator("M3", unit="percentage")
    result = MonthlyValueResource().import_data(
        dataset(("M3", "2016-09", "28", ""), ("M3", "2016-10", "8571", "")),
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert "A percentage cannot be over 100" in str(invalid.error_dict["value"])
    assert MonthlyValue.objects.count() == 0


def test_export_neutralises_formulas_in_commentary():
    indicator = make_indicator("M1")
    add_values(indicator, {date(2016, 9, 1): "5"}, commentary="=1+1")
    exported = MonthlyValueResource().export()
    assert exported.dict[0]["commentary"] == "'=1+1"
    assert exported.dict[0]["month"] == "2016-09"
