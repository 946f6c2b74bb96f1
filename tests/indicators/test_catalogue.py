"""The catalogue file: every field limit is checked in the preview, so what passes applies."""

import pytest

from imports import services as import_services
from indicators.importers import CatalogueImporter
from indicators.models import Indicator

pytestmark = pytest.mark.django_db

HEADER = (
    "ref,title,area,unit,decimal_places,preferred_direction,frequency,owner,reporter,"
    "numerator,denominator,scale\n"
)


def preview_and_confirm(body: str):
    importer = CatalogueImporter()
    batch, plan = import_services.preview_import(
        importer=importer, data=(HEADER + body).encode(), filename="c.csv", options={}, user=None
    )
    return plan, import_services.confirm_import(importer=importer, batch=batch, user=None)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (f"{'R' * 41},T,MASH,count,,,,,,,,", 'Row 2, column "ref"'),
        (f"R1,{'T' * 5_000},MASH,count,,,,,,,,", 'Row 2, column "title" (R1)'),
        (f"R1,T,{'A' * 300},count,,,,,,,,", 'Row 2, column "area" (R1)'),
        (
            "C,Count,MASH,count,,,,,,,,\nP,Share,MASH,percentage,,,,,,C,C,1e300",
            'Row 3, column "scale" (P)',
        ),
    ],
    ids=["41-character ref", "5,000-character title", "300-character area", "scale 1e300"],
)
def test_a_field_past_its_model_limit_is_an_error_in_the_preview(row, message):
    """Issue 25: each passed the preview, then the confirm failed with a 500."""
    plan, confirmed = preview_and_confirm(row + "\n")
    errors = [str(problem) for problem in plan.errors]
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert "the most accepted is" in errors[0] or "too large to store" in errors[0]
    assert not confirmed and not Indicator.objects.exists()


def test_fields_at_their_limits_pass_the_preview_and_apply():
    plan, confirmed = preview_and_confirm(
        f"{'R' * 40},{'T' * 400},{'A' * 100},count,,,,,,,,\n"
        f"P,Share,MASH,percentage,,,,,,{'R' * 40},{'R' * 40},{'9' * 10}\n"
    )
    assert not plan.has_errors and confirmed, [str(p) for p in plan.errors]
    assert Indicator.objects.count() == 2


def test_a_ref_differing_only_in_case_from_a_stored_one_is_an_error_naming_both():
    """Issue 25: the catalogue accepted ``m1`` beside ``M1``."""
    preview_and_confirm("M1,Contacts,MASH,count,,,,,,,,\n")
    plan, confirmed = preview_and_confirm("m1,Other,MASH,count,,,,,,,,\n")
    assert [str(problem) for problem in plan.errors] == [
        'Row 2, column "ref" (m1): "m1" - The ref "m1" differs only in upper or lower case from '
        '"M1", in the catalogue: refs must differ by more than their case.'
    ]
    assert not confirmed and list(Indicator.objects.values_list("ref", flat=True)) == ["M1"]


def test_a_ref_differing_only_in_case_from_an_earlier_row_is_an_error_naming_it():
    plan, confirmed = preview_and_confirm("cp6b,A,MASH,count,,,,,,,,\nCP6B,B,MASH,count,,,,,,,,\n")
    assert [str(problem) for problem in plan.errors] == [
        'Row 3, column "ref" (CP6B): "CP6B" - The ref "CP6B" differs only in upper or lower case '
        'from "cp6b", on row 2: refs must differ by more than their case.'
    ]
    assert not confirmed and not Indicator.objects.exists()
