"""Derived indicators end to end: the catalogue file, the export, the dataset import's check,
a count's edit reaching the pack, cycles refused, and the demo's derived M6-QL and M2-NI."""

import csv
import io
import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core import roles
from dataset_import.importers import DatasetImporter
from imports.services import import_from_command
from indicators import selectors
from indicators.catalogue import plan_catalogue
from indicators.importers import CatalogueImporter
from indicators.models import Indicator, MonthlyValue, ValueState
from packs.selectors import pack_content
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

AUG, SEP = date(2016, 8, 1), date(2016, 9, 1)
HEADER = (
    "ref,title,area,unit,decimal_places,preferred_direction,frequency,owner,reporter,"
    "numerator,denominator,scale\n"
)
CATALOGUE = HEADER + (
    "R1,Referrals,MASH,count,0,neither,monthly,,,,,\n"
    "R1-RR,Re-referrals,MASH,count,0,down,monthly,,,,,\n"
    "R1-RR (%),Re-referrals as a share of referrals,MASH,percentage,2,down,monthly,,,"
    "R1-RR,R1,100\n"
)
VALUES = "ref,month,value\nR1,2016-08,18\nR1-RR,2016-08,1\nR1,2016-09,17\nR1-RR,2016-09,4\n"


def run_import(importer, text: str, *, options=None) -> tuple[bool, list[str]]:
    lines: list[str] = []
    applied = import_from_command(
        importer=importer,
        data=text.encode(),
        filename="file.csv",
        options=options or {},
        user=None,
        dry_run=False,
        write=lines.append,
    )
    return applied, lines


@pytest.fixture
def catalogue():
    applied, lines = run_import(CatalogueImporter(), CATALOGUE)
    assert applied, lines
    applied, lines = run_import(DatasetImporter(), VALUES)
    assert applied, lines


def exported_row(ref: str) -> dict[str, str]:
    out = io.StringIO()
    call_command("export_dataset", "--month", "2016-09", stdout=out)
    return next(row for row in csv.DictReader(io.StringIO(out.getvalue())) if row["ref"] == ref)


def test_the_export_shows_derived_values_with_full_precision_columns(catalogue):
    row = exported_row("R1-RR (%)")
    assert row["2016-09"] == "23.53"
    assert row["2016-08"] == "5.56"
    assert row["pct_change_prev_month"] == "323.5"  # not +300 from rounded 24 after 6
    assert row["direction"] == "up"
    assert not MonthlyValue.objects.filter(indicator__ref="R1-RR (%)").exists()


def test_a_file_figure_within_its_rounding_is_accepted_and_not_stored(catalogue):
    applied, lines = run_import(DatasetImporter(), "ref,month,value\nR1-RR (%),2016-09,24%\n")
    assert applied, lines
    assert not MonthlyValue.objects.filter(indicator__ref="R1-RR (%)").exists()


def test_a_file_figure_beyond_its_rounding_is_refused_naming_the_row(catalogue):
    before = list(MonthlyValue.objects.values_list("pk", "value", "version"))
    text = "ref,month,value\nR1,2016-09,17\nR1-RR (%),2016-09,40%\n"
    applied, lines = run_import(DatasetImporter(), text)
    assert not applied
    errors = [line for line in lines if line.startswith("ERROR")]
    assert len(errors) == 1
    assert "Row 3" in errors[0]
    assert "R1-RR (%) 40% but 4 of 17 is 23.5%" in errors[0]
    assert list(MonthlyValue.objects.values_list("pk", "value", "version")) == before


def test_the_file_own_counts_are_what_the_figure_is_checked_against(catalogue):
    text = "ref,month,value\nR1,2016-09,10\nR1-RR (%),2016-09,40%\n"
    applied, lines = run_import(DatasetImporter(), text)
    assert applied, lines  # 4 of 10 is 40%


def test_editing_a_count_updates_the_derived_value_and_its_pack_figures(catalogue):
    line = next(line for line in pack_content(month=SEP).lines if line.indicator.ref == "R1-RR (%)")
    assert line.line.value == Decimal(400) / 17
    assert line.provisional  # its inputs are drafts
    MonthlyValue.objects.filter(indicator__ref="R1-RR", month=SEP).update(value=2)
    MonthlyValue.objects.filter(month__in=[AUG, SEP]).update(state=ValueState.ACCEPTED)
    line = next(line for line in pack_content(month=SEP).lines if line.indicator.ref == "R1-RR (%)")
    assert line.line.value == Decimal(200) / 17
    assert line.line.computed.pct_change_prev_month == (
        (Decimal(200) / 17 - Decimal(100) / 18) * 100 / (Decimal(100) / 18)
    )
    assert not line.provisional


def test_a_viewer_reads_derived_values_from_the_inputs_they_may_read(catalogue, make_user):
    history = selectors.indicator_history(
        indicator=Indicator.objects.get(ref="R1-RR (%)"),
        month=SEP,
        values=MonthlyValue.objects.restrict(make_user("Viewer"), "view"),
    )
    assert history.rows[0].value is None  # nothing published yet


def test_a_cycle_of_derived_indicators_is_refused_naming_the_rows(catalogue):
    text = CATALOGUE.replace("R1,Referrals,MASH,count,0,neither,monthly,,,,,", (
        "R1,Referrals,MASH,count,0,neither,monthly,,,R1-RR (%),R1-RR,1"
    ))  # fmt: skip
    plan = plan_catalogue(data=text.encode(), filename="c.csv")
    messages = [str(problem) for problem in plan.errors]
    assert any(
        "cycle" in message and "row 2" in message and "row 4" in message for message in messages
    ), messages
    assert Indicator.objects.get(ref="R1").numerator is None


def test_a_derived_indicator_with_a_missing_input_is_refused():
    text = HEADER + "P,Share,MASH,percentage,0,up,monthly,,,N,D,100\n"
    plan = plan_catalogue(data=text.encode(), filename="c.csv")
    assert [str(p) for p in plan.errors] == [
        'Row 2, column "numerator" (P): "N" - P is derived from N, which is neither in the '
        "catalogue nor in the file.",
        'Row 2, column "denominator" (P): "D" - P is derived from D, which is neither in the '
        "catalogue nor in the file.",
    ]
    assert not Indicator.objects.exists()


def test_catalogue_export_reads_back_unchanged_and_changes_are_in_history(catalogue, tmp_path):
    path = tmp_path / "catalogue.csv"
    call_command("export_catalogue", "--output", str(path))
    plan = plan_catalogue(data=path.read_bytes(), filename=path.name)
    assert not plan.problems and plan.counts["unchanged"] == 3
    changed = path.read_text(encoding="utf-8-sig").replace("Referrals,MASH", "All referrals,MASH")
    path.write_text(changed)
    call_command("import_catalogue", str(path))
    indicator = Indicator.objects.get(ref="R1")
    assert indicator.title == "All referrals"
    titles = list(indicator.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Referrals", "All referrals"]


def test_import_catalogue_refuses_a_bad_file_and_changes_nothing(tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_text(HEADER + "X,Title,MASH,furlongs,0,up,monthly,,,,,\n")
    with pytest.raises(CommandError):
        call_command("import_catalogue", str(path), stdout=io.StringIO())
    assert not Indicator.objects.exists()


def test_import_catalogue_reads_percent_and_per_10000_as_units(tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_text(
        HEADER
        + "P1,Share,MASH,%,0,up,monthly,,,,,\n"
        + "P2,Share again,MASH,percent,0,up,monthly,,,,,\n"
        + 'P3,Rate,MASH,"per 10,000",1,down,monthly,,,,,\n'
        + 'P4,First-time entrants,MASH,"per 100,000",1,down,monthly,,,,,\n'
    )
    call_command("import_catalogue", str(path), stdout=io.StringIO())
    assert dict(Indicator.objects.values_list("ref", "unit")) == {
        "P1": "percentage",
        "P2": "percentage",
        "P3": "rate_per_10000",
        "P4": "rate_per_100000",
    }


def test_the_catalogue_page_imports_on_confirm(client_as):
    client = client_as("Performance team")
    upload = io.BytesIO(CATALOGUE.encode())
    upload.name = "catalogue.csv"
    response = client.post("/indicators/catalogue/import/", {"file": upload})
    assert response.status_code == 302
    assert not Indicator.objects.exists()  # a preview writes nothing
    client.post(response["Location"])
    assert Indicator.objects.get(ref="R1-RR (%)").numerator.ref == "R1-RR"


def test_the_demo_derives_m6_ql_and_m2_ni_agreeing_with_the_sample():
    from dataset_import import demo
    from dataset_import.dataset_file import CellStatus, read_dataset

    demo.load(stdout=io.StringIO())
    parsed = {row.ref: row for row in read_dataset(demo.SAMPLE.read_bytes(), filename="s.tsv").rows}
    lines = {line.indicator.ref: line for line in selectors.month_dataset(month=SEP)}
    for ref in ("M6-QL", "M2-NI"):
        line = lines[ref]
        assert line.derived_states is not None
        for cell in line.cells:
            shown = parsed[ref].values[cell.month]
            assert shown.status == CellStatus.VALUE
            assert abs(cell.value - shown.value) <= Decimal("0.5"), (ref, cell.month)
    assert lines["M6-QL"].value == Decimal(8200) / 417


def test_the_catalogue_and_the_indicator_page_mark_derived_indicators(catalogue, client_as):
    client = client_as(roles.PERFORMANCE_TEAM)
    export = client.get("/indicators/?_export=csv").content.decode("utf-8-sig")
    marks = {row["Ref"]: row["Value"] for row in csv.DictReader(io.StringIO(export))}
    assert marks["R1-RR (%)"] == "Derived" and marks["R1"] == "Entered"
    page = client.get(f"/indicators/{Indicator.objects.get(ref='R1-RR (%)').pk}/")
    assert "R1-RR / R1 &times; 100" in page.content.decode()


def test_population_figures_are_kept_in_the_admin(client_as):
    page = client_as(roles.PERFORMANCE_TEAM).get("/admin/indicators/population/add/")
    assert page.status_code == 200 and "Children aged 0-17" in page.content.decode()


DEPTH = 2_000


@pytest.fixture
def deep_chain(db):
    """C, an entered count of 1 each month, then D1 = C / C, D2 = D1 / C ... D2000: a chain of
    derived indicators 2,000 deep, built in bulk as a catalogue beyond the limit once was."""
    from indicators.models import Area

    area = Area.objects.create(name="Deep")
    chain = Indicator.objects.bulk_create(
        Indicator(ref=ref, title=f"Indicator {ref}", unit="count", area=area, position=index)
        for index, ref in enumerate(["C", *(f"D{depth}" for depth in range(1, DEPTH + 1))])
    )
    for below, indicator in itertools.pairwise(chain):
        indicator.numerator, indicator.denominator, indicator.scale = below, chain[0], 1
    Indicator.objects.bulk_update(chain[1:], ["numerator", "denominator", "scale"])
    MonthlyValue.objects.bulk_create(
        MonthlyValue(indicator=chain[0], month=month, value=1, state=ValueState.ACCEPTED)
        for month in (AUG, SEP)
    )
    return chain


def test_a_deep_chain_of_derived_indicators_is_computed_without_recursion(deep_chain):
    top = deep_chain[-1]
    points = selectors.indicator_points(indicators=[top], first=AUG, last=SEP)
    assert points[top.pk][SEP].value == 1
    assert points[top.pk][SEP].state == ValueState.ACCEPTED


def test_the_pages_the_api_and_the_pack_read_a_deep_chain(deep_chain, client_as):
    from core.models import PeriodStatus, ReportingPeriod

    ReportingPeriod.objects.create(month=SEP, due_date=SEP, status=PeriodStatus.OPEN)
    client = client_as(roles.PERFORMANCE_TEAM)
    assert client.get("/").status_code == 200
    assert client.get(f"/indicators/{deep_chain[-1].pk}/").status_code == 200
    rows = client.get("/api/monthly-values/", {"ref": f"D{DEPTH}"}).json()["results"]
    assert [row["value"] for row in rows] == [1, 1]
    line = next(line for line in pack_content(month=SEP).lines if line.indicator.ref == "D2000")
    assert line.line.value == 1


def test_a_formula_chain_deeper_than_the_limit_is_refused_naming_it():
    from indicators.calculations import MAX_FORMULA_DEPTH

    rows = [f"D{depth},Share {depth},MASH,count,0,up,monthly,,,D{depth - 1},C,1\n"
            for depth in range(1, DEPTH + 1)]  # fmt: skip
    text = (
        HEADER
        + "D0,Count,MASH,count,0,up,monthly,,,,,\n"
        + "C,Count,MASH,count,0,up,monthly,,,,,\n"
    )
    text += "".join(rows)
    plan = plan_catalogue(data=text.replace(",D0,", ",C,", 1).encode(), filename="c.csv")
    messages = [str(problem) for problem in plan.errors]
    assert any(
        f"D{DEPTH} -> D{DEPTH - 1} -> D{DEPTH - 2} -> ..." in message
        and f"is {DEPTH:,} deep; at most {MAX_FORMULA_DEPTH}" in message
        for message in messages
    ), messages[:3]
    assert not Indicator.objects.exists()


def test_a_chain_as_deep_as_the_limit_is_accepted():
    from indicators.calculations import MAX_FORMULA_DEPTH

    rows = [f"D{depth},Share {depth},MASH,count,0,up,monthly,,,D{depth - 1},C,1\n"
            for depth in range(2, MAX_FORMULA_DEPTH + 1)]  # fmt: skip
    text = HEADER + "C,Count,MASH,count,0,up,monthly,,,,,\n"
    text += "D1,Share 1,MASH,count,0,up,monthly,,,C,C,1\n" + "".join(rows)
    plan = plan_catalogue(data=text.encode(), filename="c.csv")
    assert not plan.errors, [str(problem) for problem in plan.errors]


def test_the_admin_refuses_a_formula_too_deep_or_in_a_cycle():
    from django.forms import modelform_factory

    from indicators.admin import IndicatorForm
    from indicators.calculations import MAX_FORMULA_DEPTH

    fields = ["ref", "title", "area", "unit", "numerator", "denominator", "scale"]
    form_class = modelform_factory(Indicator, form=IndicatorForm, fields=fields)

    count = make_indicator("C")
    top = count
    for level in range(1, MAX_FORMULA_DEPTH + 1):
        top = make_indicator(f"D{level}", numerator=top, denominator=count, scale=1)

    def errors(instance, **formula) -> list[str]:
        data = {"ref": instance.ref or "N", "title": "T", "area": count.area_id, "unit": "count",
                "scale": 1, **formula}  # fmt: skip
        form = form_class(data=data, instance=instance)
        form.is_valid()
        return form.errors.get("numerator", [])

    assert errors(Indicator(), numerator=top.pk, denominator=count.pk) == [
        f"N -> D{MAX_FORMULA_DEPTH} -> D{MAX_FORMULA_DEPTH - 1} -> ... -> D1 is "
        f"{MAX_FORMULA_DEPTH + 1} deep; at most {MAX_FORMULA_DEPTH} derived indicators may be "
        "computed one from another."
    ]
    assert errors(Indicator(), numerator=count.pk, denominator=count.pk) == []
    assert (
        "is a cycle"
        in errors(Indicator.objects.get(ref="D1"), numerator=top.pk, denominator=count.pk)[0]
    )
