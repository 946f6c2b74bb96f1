"""The API names the computed columns whose figure is the imported file's."""

import pytest

from core import roles
from tests.api.conftest import results
from tests.indicators.test_reported_marks import m4  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_the_api_names_the_columns_reported_by_the_file(api_as, m4):  # noqa: F811
    rows = results(api_as(roles.PERFORMANCE_TEAM).get("/api/monthly-values/?ref=M4"))
    june = next(row for row in rows if row["month"] == "2021-06-01")
    assert june["max_12m"] == 15 and june["reported_by_file"] == ["max_12m"]
    assert june["avg_12m"] is None  # the file reported none: n/a, not seven months' average
    may = next(row for row in rows if row["month"] == "2021-05-01")
    assert may["reported_by_file"] == [] and may["max_12m"] is None
