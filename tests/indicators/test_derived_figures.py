"""A derived indicator holds no stored figure: declaring its formula (the catalogue file, the
admin, the demo) clears the figures stored before, keeping each row's commentary, and a
migration clears those left by earlier versions."""

import importlib
import io
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from core import roles
from dataset_import.importers import DatasetImporter
from indicators import services
from indicators.catalogue import plan_catalogue
from indicators.importers import CatalogueImporter
from indicators.models import DERIVED_FIGURE_CLEARED, Indicator, MonthlyValue
from tests.indicators.test_derived import CATALOGUE, run_import

pytestmark = pytest.mark.django_db

AUG, SEP = date(2016, 8, 1), date(2016, 9, 1)
# R1-RR (%) as an entered percentage first, with figures and a commentary of its own.
ENTERED = CATALOGUE.replace(",R1-RR,R1,100\n", ",,,\n")
VALUES = (
    "ref,month,value,commentary\nR1,2016-08,18,\nR1-RR,2016-08,1,\nR1,2016-09,17,\n"
    "R1-RR,2016-09,4,\nR1-RR (%),2016-08,6%,\nR1-RR (%),2016-09,24%,Up after the restructure\n"
)


@pytest.fixture
def stale():
    """R1-RR (%) entered, with its figures imported, before it is derived."""
    for importer, text in ((CatalogueImporter(), ENTERED), (DatasetImporter(), VALUES)):
        applied, lines = run_import(importer, text)
        assert applied, lines
    share = Indicator.objects.get(ref="R1-RR (%)")
    assert not share.is_derived and share.values.filter(value__isnull=False).count() == 2
    return share


def stored(ref: str = "R1-RR (%)") -> list[tuple[date, Decimal | None, str]]:
    return list(
        MonthlyValue.objects.filter(indicator__ref=ref)
        .order_by("month")
        .values_list("month", "value", "commentary")
    )


def test_declaring_a_formula_clears_the_figures_and_keeps_the_commentary(stale, make_user):
    team = make_user(roles.PERFORMANCE_TEAM)
    counts = {ref: Indicator.objects.get(ref=ref) for ref in ("R1", "R1-RR")}
    versions = dict(stale.values.values_list("month", "version"))
    services.define_formula(
        indicator=stale, numerator=counts["R1-RR"], denominator=counts["R1"],
        scale=Decimal(100), user=team,
    )  # fmt: skip
    assert stored() == [(AUG, None, ""), (SEP, None, "Up after the restructure")]
    assert stored("R1") == [(AUG, Decimal(18), ""), (SEP, Decimal(17), "")]  # inputs untouched
    for row in stale.values.all():
        assert row.version == versions[row.month] + 1
        last = row.history.latest()
        assert (last.history_change_reason, last.history_user) == (DERIVED_FIGURE_CLEARED, team)
        assert last.prev_record.value is not None  # the figure stays in the value's history


def test_the_catalogue_file_that_derives_an_indicator_clears_its_figures(stale):
    plan = plan_catalogue(data=CATALOGUE.encode(), filename="catalogue.csv")
    cleared = [change for change in plan.changes if change.field == "stored values"]
    assert [(change.subject, change.old) for change in cleared] == [("R1-RR (%)", "2 figures")]
    applied, lines = run_import(CatalogueImporter(), CATALOGUE)
    assert applied, lines
    assert stored() == [(AUG, None, ""), (SEP, None, "Up after the restructure")]
    again = plan_catalogue(data=CATALOGUE.encode(), filename="catalogue.csv")
    assert not [change for change in again.changes if change.field == "stored values"]


def test_the_admin_clears_the_figures_of_an_indicator_it_derives(stale, client_as):
    client = client_as(roles.PERFORMANCE_TEAM)
    counts = {ref: Indicator.objects.get(ref=ref).pk for ref in ("R1", "R1-RR")}
    form = {
        "ref": stale.ref, "title": stale.title, "area": stale.area_id, "unit": stale.unit,
        "decimal_places": 2, "preferred_direction": "down", "frequency": "monthly",
        "position": 0, "numerator": counts["R1-RR"], "denominator": counts["R1"], "scale": 100,
        **{f"{inline}-{key}": 0 for inline in ("benchmarks", "targets")
           for key in ("TOTAL_FORMS", "INITIAL_FORMS")},
    }  # fmt: skip
    response = client.post(reverse("admin:indicators_indicator_change", args=[stale.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Indicator.objects.get(pk=stale.pk).is_derived
    assert stored() == [(AUG, None, ""), (SEP, None, "Up after the restructure")]


def test_a_cleared_row_takes_a_later_imports_commentary_as_nobodys_entry(stale, make_user):
    counts = {ref: Indicator.objects.get(ref=ref) for ref in ("R1", "R1-RR")}
    services.define_formula(
        indicator=stale, numerator=counts["R1-RR"], denominator=counts["R1"],
        scale=Decimal(100), user=make_user(roles.PERFORMANCE_TEAM),
    )  # fmt: skip
    text = "ref,month,value,commentary\nR1-RR (%),2016-09,24%,Steady since the restructure\n"
    applied, lines = run_import(DatasetImporter(), text)
    assert applied, lines  # not a conflict with whoever declared the formula
    assert stored()[-1] == (SEP, None, "Steady since the restructure")


def test_the_migration_clears_stale_figures_and_going_back_restores_them(stale):
    # Derived as earlier versions left it: the formula set, the figures kept.
    counts = {ref: Indicator.objects.get(ref=ref) for ref in ("R1", "R1-RR")}
    Indicator.objects.filter(pk=stale.pk).update(
        numerator=counts["R1-RR"], denominator=counts["R1"], scale=100
    )
    before = list(stale.values.order_by("month").values_list("value", "version", "updated_by"))
    migration = importlib.import_module("indicators.migrations.0012_clear_derived_figures")
    migration.forwards(apps, None)
    assert stored() == [(AUG, None, ""), (SEP, None, "Up after the restructure")]
    assert stored("R1")[0][1] == Decimal(18)
    marks = MonthlyValue.history.filter(history_change_reason=migration.REASON)
    assert marks.count() == 2 and migration.REASON.startswith(DERIVED_FIGURE_CLEARED)
    migration.backwards(apps, None)
    after = list(stale.values.order_by("month").values_list("value", "version", "updated_by"))
    assert after == before and not marks.exists()


def test_going_back_leaves_a_row_changed_since_cleared(stale):
    counts = {ref: Indicator.objects.get(ref=ref) for ref in ("R1", "R1-RR")}
    Indicator.objects.filter(pk=stale.pk).update(
        numerator=counts["R1-RR"], denominator=counts["R1"], scale=100
    )
    migration = importlib.import_module("indicators.migrations.0012_clear_derived_figures")
    migration.forwards(apps, None)
    text = "ref,month,value,commentary\nR1-RR (%),2016-09,24%,Steady since the restructure\n"
    assert run_import(DatasetImporter(), text)[0]
    migration.backwards(apps, None)
    assert stored() == [(AUG, Decimal(6), ""), (SEP, None, "Steady since the restructure")]


def test_the_demo_stores_no_figure_for_its_derived_indicators():
    from dataset_import import demo

    demo.load(stdout=io.StringIO())
    derived = MonthlyValue.objects.filter(indicator__ref__in=["M6-QL", "M2-NI"])
    assert derived.exists() and not derived.filter(value__isnull=False).exists()
    assert derived.get(indicator__ref="M6-QL", month=SEP).commentary == (
        "The percentage remains about the same as it was in August"
    )
    # Its own prior-year figure comes from the values computed from its counts.
    assert Indicator.objects.get(ref="M6-QL").benchmarks.filter(group="prior_year").exists()
