"""Charts on paper keep their drawing and only the style rules that apply to them."""

import re
from decimal import Decimal

from indicators.charts import sparkline
from packs.builders.svg import as_image, trimmed

SHEET = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
PATHS = re.compile(r' d="[^"]+"')


def test_a_chart_keeps_its_drawing_and_the_rules_it_uses():
    svg = sparkline([Decimal(1), Decimal(3), None, Decimal(2)])
    lean = trimmed(svg)
    before, after = SHEET.search(svg).group(1), SHEET.search(lean).group(1)
    assert len(after) < len(before) / 3
    assert "nofill" in after  # the trend is a line, not a filled shape
    assert "no_data" not in after  # nothing here says "No data"
    assert PATHS.findall(lean) == PATHS.findall(svg)


def test_a_chart_of_another_shape_keeps_its_own_rules():
    empty = trimmed(sparkline([None, None, None]))
    assert "no_data" in SHEET.search(empty).group(1)


def test_a_chart_becomes_an_image_of_its_own():
    assert as_image(sparkline([Decimal(1), Decimal(2)])).startswith(
        '<img class="app-svg" alt="" src="data:image/svg+xml;base64,'
    )


def test_charts_alike_under_other_ids_are_trimmed_alike():
    svg = sparkline([Decimal(1), Decimal(2)])
    chart_id = re.search(r'<svg[^>]* id="([^"]+)"', svg).group(1)
    other = trimmed(svg.replace(chart_id, "sparkline-m1"))
    assert SHEET.search(other).group(1) == SHEET.search(trimmed(svg)).group(1).replace(
        chart_id, "sparkline-m1"
    )
    assert "#sparkline-m1" in SHEET.search(other).group(1)
