"""The cached render-method signatures give django-tables2 what its own look-up gives."""

import django_tables2 as tables
from django_tables2 import utils

from core import tables_speed


class Example(tables.Table):
    name = tables.Column()
    size = tables.Column()

    def render_name(self, value, record):
        return f"{value} of {record['size']}"

    def render_size(self, *, value, **extra):
        return f"{value} ({sorted(extra)})"


def test_the_cache_is_what_django_tables2_calls():
    assert utils.signature is tables_speed.signature


def test_a_bound_method_loses_self_and_keeps_its_names():
    table = Example([])
    assert tables_speed.signature(table.render_name) == (("value", "record"), None)
    assert tables_speed.signature(table.render_size) == (("value",), "extra")


def test_plain_functions_are_not_cached_but_answered():
    def render(value, bound_row):
        return value

    assert tables_speed.signature(render) == (("value", "bound_row"), None)


def test_cells_render_through_the_cached_signatures():
    table = Example([{"name": "Alpha", "size": 3}])
    row = next(iter(table.rows))
    assert row.get_cell("name") == "Alpha of 3"
    assert row.get_cell("size").startswith("3 (['bound_column', 'bound_row', 'column'")
