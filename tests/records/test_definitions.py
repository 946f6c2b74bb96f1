"""The standard definitions as data: which list a definition reads from an upload."""

from records.definitions import STANDARD, STANDARD_BY_KEY
from records.lists import LIST_BY_KEY


def test_placements_read_the_903_episodes_and_else_list_8():
    placements = STANDARD_BY_KEY["cic_3_placements"]
    assert placements.list_in({"episodes": 40, "children_in_care": 12}) == "episodes"
    assert placements.list_in({"children_in_care": 12}) == "children_in_care"
    assert placements.list_in({"episodes": 0, "children_in_care": 12}) == "children_in_care"
    # a definition without a fallback reads its own list, whatever came
    assert STANDARD_BY_KEY["cic_month_end"].list_in({"episodes": 40}) == "children_in_care"


def test_every_definition_reads_lists_the_upload_can_bring():
    for definition in STANDARD:
        assert definition.list_key in LIST_BY_KEY, definition.key
        assert not definition.fallback or definition.fallback in LIST_BY_KEY, definition.key
