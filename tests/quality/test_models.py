"""The validation rule's invariants, kept by the database as well as by the form."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from quality import checks
from quality.models import ValidationRule
from tests.quality.conftest import make_rule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"constant": Decimal(100)},  # an indicator and a constant
        {"right_indicator": None},  # neither
        {"right_indicator": None, "constant": Decimal(1), "right_factor": Decimal(2)},
        {"operator": checks.WITHIN},  # within, but no N
        {"tolerance_pct": Decimal(2)},  # N, but not within
        {"operator": checks.WITHIN, "tolerance_pct": Decimal(-1)},
        {"left_factor": Decimal(0)},
        {"right_divisor": Decimal(0)},
    ],
)
def test_impossible_rules_are_refused(contacts, referrals, fields):
    rule = ValidationRule(
        left=referrals,
        operator=checks.AT_MOST,
        right_indicator=contacts,
        message="Referrals cannot exceed contacts",
    )
    for name, value in fields.items():
        setattr(rule, name, value)
    with pytest.raises(ValidationError):
        rule.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        rule.save()


def test_a_rule_as_data_for_the_checks(contacts, referrals):
    rule = make_rule(
        referrals,
        contacts,
        operator=checks.WITHIN,
        tolerance_pct=Decimal(2),
        right_factor=Decimal(10_000),
        right_divisor=Decimal(49_200),
        severity=checks.ERROR,
    )
    data = rule.as_check()
    assert (data.left, data.right, data.severity) == ("M2", "M1", checks.ERROR)
    assert str(rule) == "M2 within 2 % of M1 \u00d7 10,000 \u00f7 49,200"
