"""core/table.html's cells: GOV.UK classes merged with each column's own, one class attribute."""

import re
from datetime import date

import django_tables2 as tables
from django.template import Context, Template
from django.test import RequestFactory

from core.tables import NUMERIC


class Example(tables.Table):
    name = tables.Column()
    count = tables.Column(attrs=NUMERIC)
    day = tables.Column()
    kind = tables.Column(attrs={"td": {"class": lambda record: f"kind-{record['kind']}"}})

    class Meta:
        template_name = "core/table.html"


def rendered(rows) -> str:
    request = RequestFactory().get("/")
    return Example(rows).as_html(request)


def cells(html: str) -> list[str]:
    return re.findall(r"<td [^>]*>.*?</td>", html)


def test_each_cell_has_one_class_attribute_with_govuk_first():
    html = rendered([{"name": "A", "count": 3, "day": date(2026, 10, 1), "kind": "x"}])
    name, count, _day, kind = cells(html)
    assert name == '<td class="govuk-table__cell" data-label="Name">A</td>'
    assert count == '<td class="govuk-table__cell app-numeric" data-label="Count">3</td>'
    assert kind == '<td class="govuk-table__cell kind-x" data-label="Kind">x</td>'
    assert 'class="govuk-table__header app-numeric' in html
    assert not re.search(r'class="[^"]*"\s+class=', html)


def test_attributes_that_depend_on_the_row_are_worked_out_per_row():
    html = rendered(
        [{"name": n, "count": 1, "day": None, "kind": k} for n, k in (("A", "x"), ("B", "y"))]
    )
    assert "kind-x" in html and "kind-y" in html


def test_values_are_escaped_and_shown_as_the_template_would_show_them():
    html = rendered([{"name": "<b>", "count": 1, "day": date(2026, 10, 1), "kind": "x"}])
    assert "&lt;b&gt;" in html and "<b>" not in html
    as_template_shows = Template("{{ day }}").render(Context({"day": date(2026, 10, 1)}))
    assert f'<td class="govuk-table__cell" data-label="Day">{as_template_shows}</td>' in html


def test_each_cell_is_labelled_with_its_column_header_for_the_narrow_layout():
    """On a phone or with large text each row is a card: a cell shows its header beside it
    (portal.scss), a header's markup stripped."""

    class Labelled(Example):
        name = tables.Column(verbose_name="Who <i>exactly</i>")

    html = Labelled([{"name": "A", "count": 1, "day": None, "kind": "x"}]).as_html(
        RequestFactory().get("/")
    )
    assert 'data-label="Who exactly">A</td>' in html
