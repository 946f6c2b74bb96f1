from io import StringIO

import pytest

from packs import demo

pytestmark = pytest.mark.django_db


def test_demo_says_how_to_build_the_demo_month(small_month):
    out = StringIO()
    demo.load(stdout=out)
    assert "manage.py build_pack --month 2016-09 --wait" in out.getvalue()


def test_demo_is_silent_without_values(db):
    out = StringIO()
    demo.load(stdout=out)
    assert out.getvalue() == ""
