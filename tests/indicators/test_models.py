import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from indicators.models import COMMENTARY_MAX_LENGTH, Indicator, MonthlyValue, Target, ref_clash
from tests.indicators.factories import add_values, make_indicator

pytestmark = pytest.mark.django_db


def test_refs_are_unique_whatever_their_case_and_kept_as_written():
    """Issue 25: the catalogue accepted ``cp6b-ni`` beside ``CP6B-NI``."""
    make_indicator("CP6B-NI")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator("cp6b-ni")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator("CP6B-NI")
    assert list(Indicator.objects.values_list("ref", flat=True)) == ["CP6B-NI"]


def test_validation_names_the_ref_differing_only_in_case():
    make_indicator("M1")
    other = make_indicator("M2")
    other.ref = "m1"
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert refused.value.message_dict == {"ref": [ref_clash(ref="m1", other="M1")]}
    other.ref = "M2"
    other.full_clean()  # its own ref is no clash


@pytest.mark.postgresql("migrates inside the test transaction, as SQLite cannot")
def test_the_migration_refuses_refs_differing_only_in_case_naming_them():
    migration = importlib.import_module("indicators.migrations.0017_ref_unique_whatever_its_case")
    constraint = next(
        c for c in Indicator._meta.constraints if c.name == "ref_unique_whatever_its_case"
    )
    with transaction.atomic():
        with connection.schema_editor() as editor:
            editor.remove_constraint(Indicator, constraint)
        for ref in ("M1", "m1", "LAC10", "lac10", "Lac10", "M2"):
            make_indicator(ref)
        with pytest.raises(RuntimeError) as refused:
            migration.refuse_refs_differing_only_in_case(django_apps, None)
        transaction.set_rollback(True)
    assert str(refused.value).startswith(
        'Refs must differ by more than their upper or lower case, and these do not: "LAC10" '
        'and "Lac10" and "lac10"; "M1" and "m1". Rename'
    )


def test_one_value_per_indicator_and_month():
    indicator = make_indicator()
    add_values(indicator, {date(2016, 9, 1): "1"})
    with pytest.raises(IntegrityError), transaction.atomic():
        add_values(indicator, {date(2016, 9, 1): "2"})


def test_month_must_be_first_day():
    indicator = make_indicator()
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyValue.objects.create(indicator=indicator, month=date(2016, 9, 2))


def test_missing_value_is_stored_as_null_not_zero():
    indicator = make_indicator()
    add_values(indicator, {date(2016, 9, 1): None})
    assert MonthlyValue.objects.get().value is None


def test_commentary_past_the_limit_fails_validation_for_the_admin_and_its_import():
    value = MonthlyValue(
        indicator=make_indicator(), month=date(2016, 9, 1), commentary="x" * COMMENTARY_MAX_LENGTH
    )
    value.full_clean()
    value.commentary += "x"
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        value.full_clean()


def test_active_in_and_is_active_in():
    from indicators.models import Indicator

    old = make_indicator("OLD", active_to=date(2016, 7, 1))
    new = make_indicator("NEW", active_from=date(2016, 8, 1))
    always = make_indicator("ALL")
    active = set(Indicator.objects.active_in(date(2016, 9, 1)))
    assert active == {new, always}
    assert old.is_active_in(date(2016, 7, 1)) and not new.is_active_in(date(2016, 7, 1))


def test_target_names_its_financial_year():
    target = Target.objects.create(indicator=make_indicator(), financial_year=2016, value=80)
    assert str(target) == "M1 2016-17"
