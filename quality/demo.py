"""Demo validation rules and outlier settings for the September 2016 sample.

The rules are ones the team would keep: counts that cannot exceed the count they are part
of (errors), and rates that must agree with their counts over the child population of the
sample's year (warnings, as the population estimate changes each year).
"""

from decimal import Decimal

from django.contrib.auth import get_user_model

from indicators.models import Indicator
from quality import checks, services
from quality.models import OutlierSetting, Severity, ValidationRule

CHILD_POPULATION = Decimal(49_200)  # 0-17 year olds, the sample's 2016 estimate
PART_OF = (
    ("M2", "M1", "Referrals cannot exceed contacts"),
    ("M6-QL (val)", "M2", "Re-referrals cannot exceed referrals"),
    ("EH4 (val)", "EH3", "Single assessments completed in 45 days cannot exceed those completed"),
    ("CP3-QL (val)", "CP2", "ICPCs held in timescales cannot exceed the children subject to ICPCs"),
    ("CP2b", "CP2", "Transfer-ins cannot exceed the children subject to ICPCs"),
    ("LAC10-QL", "LAC1", "Looked after children with a CLA plan cannot exceed all of them"),
)
RATES = (
    ("M2-NI", "M2", "The referral rate disagrees with the number of referrals"),
    ("CP1-NI", "CP1", "The S47 enquiry rate disagrees with the number of S47 enquiries"),
    ("CP6B-NI", "CP6B", "The CPP rate disagrees with the number of children with a CPP"),
    ("LAC1-NI", "LAC1", "The LAC rate disagrees with the number of looked after children"),
)
SEASONAL = ("M1", "M2", "EH3")  # contacts and assessments dip in the school holidays


def _rules(indicators: dict[str, Indicator]) -> list[ValidationRule]:
    rules = [
        ValidationRule(
            left=indicators[part],
            operator=checks.AT_MOST,
            right_indicator=indicators[whole],
            severity=Severity.ERROR,
            message=message,
        )
        for part, whole, message in PART_OF
    ]
    rules += [
        ValidationRule(
            left=indicators[rate],
            operator=checks.WITHIN,
            tolerance_pct=Decimal(5),  # the sample rounds rates to whole numbers
            right_indicator=indicators[count],
            right_factor=Decimal(10_000),
            right_divisor=CHILD_POPULATION,
            severity=Severity.WARNING,
            message=message,
        )
        for rate, count, message in RATES
    ]
    return rules


def load(*, stdout) -> None:
    if ValidationRule.objects.exists():
        stdout.write("  Data quality: already loaded.")
        return
    refs = {ref for rule in (*PART_OF, *RATES) for ref in rule[:2]} | set(SEASONAL)
    indicators = Indicator.objects.in_bulk(refs, field_name="ref")
    if len(indicators) < len(refs):
        stdout.write("  Data quality: the sample's indicators are not loaded.")
        return
    team = get_user_model().objects.filter(username="performance").first()
    for rule in _rules(indicators):
        services.save_rule(rule=rule, user=team)
    OutlierSetting.objects.bulk_create(
        OutlierSetting(indicator=indicators[ref], seasonal=True) for ref in SEASONAL
    )
    stdout.write(
        f"  Data quality: {len(PART_OF) + len(RATES)} validation rules, "
        f"{len(SEASONAL)} seasonal indicators."
    )
