"""A file with no Area column and no section titles: new indicators join the area of the
team's usual rule for the letters their ref starts with (``indicators/migrations/
0013_default_area_rules.py``); indicators already in the catalogue keep their area."""

import pytest
from django.db import transaction

from dataset_import.demo import SAMPLE
from dataset_import.importers import DatasetImporter
from indicators.models import Area, AreaRule, Indicator
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

OPTIONS = {"create_indicators": True}
# The sample's assessments: "Assts" in its Area column, which no rule for EH can tell apart.
ASSESSMENTS = {"EH3", "EH4-QL", "EH4 (val)"}


def import_file(data: bytes) -> None:
    importer = DatasetImporter()
    result = importer.plan(data=data, filename="dataset.tsv", options=OPTIONS, user=None)
    assert not result.has_errors, [str(problem) for problem in result.errors]
    with transaction.atomic():
        importer.apply(result, user=None, options=OPTIONS)


def without_area_column(data: bytes) -> bytes:
    """The sample as a file without its Area column (the second column of each table)."""
    lines = data.decode("utf-8").split("\n")
    kept = ["\t".join(c for n, c in enumerate(line.split("\t")) if n != 1) for line in lines]
    return "\n".join(kept).encode()


def areas() -> dict[str, str]:
    return dict(Indicator.objects.values_list("ref", "area__name"))


def test_the_sample_without_its_area_column_lands_in_the_areas_the_demo_uses():
    import_file(without_area_column(SAMPLE.read_bytes()))
    by_rule = areas()
    Indicator.objects.all().delete()
    import_file(SAMPLE.read_bytes())  # as the demo loads it, by its Area column
    demo = areas()
    assert by_rule.keys() == demo.keys() and len(demo) == 50
    differ = {ref: (by_rule[ref], demo[ref]) for ref in demo if by_rule[ref] != demo[ref]}
    assert differ == dict.fromkeys(ASSESSMENTS, ("CiN", "Assts"))


def test_a_file_without_areas_or_sections_takes_the_rule_of_the_whole_run_of_letters():
    make_indicator("CP2", area="Youth Justice")
    make_indicator("LAC1", area="MASH")
    refs = ["M9", "EH1c", "CP10", "cp11", "LAC20", "CP2", "LAC1", "C1", "CPD1", "MH1", "NI147"]
    rows = "".join(f"{ref}\tIndicator {ref}\t1\t2\n" for ref in refs)
    import_file(f"Ref.\tIndicator\tMay-21\tJun-21\n{rows}".encode())
    assert areas() == {
        "M9": "MASH",
        "EH1c": "CiN",
        "CP10": "CP",
        "cp11": "CP",
        "LAC20": "LAC",
        # Already in the catalogue: kept where they are.
        "CP2": "Youth Justice",
        "LAC1": "MASH",
        # No rule for their letters: a rule for C, CP or M takes no other run of letters.
        "C1": "Unassigned",
        "CPD1": "Unassigned",
        "MH1": "Unassigned",
        "NI147": "Unassigned",
    }


def test_a_rule_typed_in_lower_case_applies():
    AreaRule.objects.create(prefix="yj", area=Area.objects.create(name="Youth Justice"))
    import_file(b"Ref.\tIndicator\tMay-21\tJun-21\nYJ3\tReoffending\t1\t2\n")
    assert areas() == {"YJ3": "Youth Justice"}
