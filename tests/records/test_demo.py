"""The demo's generated records count to its September 2016 figures."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest

from core import demo as core_demo
from dataset_import import demo as dataset_demo
from records import demo, figures
from records.models import RecordUpload

pytestmark = pytest.mark.django_db


def test_september_2016_counts_to_the_demo_figures():
    core_demo.load(stdout=StringIO())
    dataset_demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    upload = RecordUpload.objects.get()
    assert (upload.first_month, upload.last_month) == (date(2016, 9, 1), date(2016, 9, 1))
    rows = figures.count_upload(upload=upload)
    counted = {
        row.indicator.ref: (row.value.quantize(Decimal(1), rounding=ROUND_HALF_UP), row.held_value)
        for row in rows
    }
    assert len(counted) == 9
    # the file's percentages are rounded to whole numbers: the counts behind them are exact
    assert {ref: value for ref, (value, _) in counted.items()} == {
        ref: held for ref, (_, held) in counted.items()
    }
    assert counted["M1"][0] == 1480 and counted["LAC1"][0] == 606
    assert counted["EH4-QL"] == (63, 63)
