from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from indicators.models import Indicator, Unit
from indicators.selectors import FieldChange

MONTHS = [date(2016, month, 1) for month in range(1, 13)]


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


# What the indicator page wrote for each change before ``field_change`` did it in one filter.
FIELD_CHANGE_AS_NODES = (
    "{{ field.label }}: {% if field.is_value %}"
    "{{ field.before|figure:indicator }} to {{ field.after|figure:indicator }}{% else %}"
    "{{ field.before|default:'(none)'|truncatewords:40 }} to "
    "{{ field.after|default:'(none)'|truncatewords:40 }}{% endif %}"
)
LONG_TEXT = " ".join(f"word{number}" for number in range(45)) + " <b>&</b>"


@pytest.mark.parametrize(
    "field",
    [
        FieldChange("Value", None, Decimal("27.25"), is_value=True),
        FieldChange("Value", Decimal("1480"), Decimal("-3.04"), is_value=True),
        FieldChange("Commentary", "", LONG_TEXT),
        FieldChange("Commentary", "Up <since> May & June", "Same\nagain"),
        FieldChange("State", "", "Draft"),
    ],
)
@pytest.mark.parametrize("unit", [Unit.PERCENTAGE, Unit.COUNT])
def test_a_field_change_reads_as_its_figures_and_words_did(field, unit):
    indicator = Indicator(unit=unit, decimal_places=1)
    shown = _render("{{ field|field_change:indicator }}", field=field, indicator=indicator)
    assert shown == _render(FIELD_CHANGE_AS_NODES, field=field, indicator=indicator)


def test_a_field_change_cuts_long_texts_and_escapes_them():
    shown = _render("{{ f|field_change:i }}", f=FieldChange("Commentary", "", LONG_TEXT), i=None)
    assert shown == "Commentary: (none) to " + " ".join(LONG_TEXT.split()[:40]) + " …"
    shown = _render("{{ f|field_change:i }}", f=FieldChange("State", "<b>", "&"), i=None)
    assert shown == "State: &lt;b&gt; to &amp;"
