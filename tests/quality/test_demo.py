"""The demo rules load over the sample's indicators, once."""

import io

import pytest

from quality import demo
from quality.models import OutlierSetting, ValidationRule
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db


def test_the_demo_rules_load_once(make_user):
    make_user(username="performance")
    for ref in {ref for rule in (*demo.PART_OF, *demo.RATES) for ref in rule[:2]}:
        make_indicator(ref)
    out = io.StringIO()
    demo.load(stdout=out)
    demo.load(stdout=out)
    assert ValidationRule.objects.count() == len(demo.PART_OF) + len(demo.RATES)
    assert OutlierSetting.objects.filter(seasonal=True).count() == len(demo.SEASONAL)
    assert "M2 \u2264 M1" in {str(rule) for rule in ValidationRule.objects.all()}
    assert out.getvalue().endswith("Data quality: already loaded.")


def test_without_the_sample_nothing_is_loaded(db):
    out = io.StringIO()
    demo.load(stdout=out)
    assert not ValidationRule.objects.exists() and "not loaded" in out.getvalue()
