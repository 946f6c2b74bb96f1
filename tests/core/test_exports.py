"""Spreadsheet exports neutralise formulas without touching numbers."""

import pytest
import tablib
from hypothesis import given
from hypothesis import strategies as st

from core.exports import neutralise_dataset, neutralise_formula


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tleading tab", "'\tleading tab"),
        ("-23.3", "-23.3"),
        ("+5", "+5"),
        ("plain text", "plain text"),
        (-23.3, -23.3),
        (None, None),
    ],
)
def test_neutralise_formula(cell, expected):
    assert neutralise_formula(cell) == expected


@given(st.text())
def test_no_neutralised_text_starts_like_a_formula(text):
    result = neutralise_formula(text)
    if result != text:
        assert result == "'" + text
    else:
        assert not text.startswith(("=", "@", "\t", "\r")) or False


def test_dataset_cells_are_neutralised():
    data = tablib.Dataset(("=1+1", 5), headers=["a", "b"], title="t")
    assert list(neutralise_dataset(data)) == [("'=1+1", 5)]
