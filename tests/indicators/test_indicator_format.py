from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

MONTHS = [date(2016, month, 1) for month in range(1, 13)]
# Local time is Europe/London: winter, summer, and a UTC evening that is the next day in BST.
MOMENTS = [
    datetime(2016, 1, 5, 9, 3, tzinfo=UTC),
    datetime(2016, 7, 15, 14, 30, 59, tzinfo=UTC),
    datetime(2016, 3, 31, 23, 45, tzinfo=UTC),
    datetime(2016, 12, 31, 0, 0, tzinfo=UTC),
]


def _render(text: str, **context) -> str:
    return Template("{% load indicator_format %}" + text).render(Context(context))


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_month_labels_are_what_the_date_filter_writes(language):
    with translation.override(language):
        for month in MONTHS:
            assert _render("{{ m|short_month }}", m=month) == _render('{{ m|date:"M Y" }}', m=month)
            assert _render("{{ m|long_month }}", m=month) == _render('{{ m|date:"F Y" }}', m=month)
    september = _render("{{ m|short_month }} {{ m|long_month }}", m=MONTHS[8])
    assert september == "Sep 2016 September 2016"


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_moments_are_what_the_date_filter_writes_in_local_time(language):
    with translation.override(language):
        for at in MOMENTS:
            assert _render("{{ at|moment }}", at=at) == _render('{{ at|date:"j M Y, H:i" }}', at=at)
    assert _render("{{ at|moment }}", at=MOMENTS[2]) == "1 Apr 2016, 00:45"
