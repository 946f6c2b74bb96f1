"""Charts on paper: each chart of the web version's body goes to WeasyPrint as an image of
the same SVG, so that its stylesheet applies to it alone."""

import base64
import re
from decimal import Decimal

from indicators.charts import sparkline
from packs.builders.pdf import charts_as_images

IMAGE = re.compile(r'<img class="app-svg" alt="[^"]+" src="data:image/svg\+xml;base64,([^"]+)">')


def test_each_inline_chart_becomes_an_image_of_the_same_svg():
    charts = [
        sparkline([Decimal(1), Decimal(3), None, Decimal(2)], chart_id="sparkline-m1"),
        sparkline([None, None], chart_id="sparkline-m2"),
    ]
    body = f"<p>M1</p><figure>{charts[0]}</figure><p>M2</p><figure>{charts[1]}</figure>"
    paper = charts_as_images(body)
    assert "<svg" not in paper
    assert IMAGE.sub("", paper) == "<p>M1</p><figure></figure><p>M2</p><figure></figure>"
    assert [base64.b64decode(data).decode() for data in IMAGE.findall(paper)] == charts
