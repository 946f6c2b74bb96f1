from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import COMMENTARY_MAX_LENGTH, MonthlyValue, Target
from tests.indicators.factories import add_values, make_indicator

pytestmark = pytest.mark.django_db


def test_refs_are_unique_and_case_sensitive():
    make_indicator("CP6B-NI")
    make_indicator("cp6b-ni")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator("CP6B-NI")


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
