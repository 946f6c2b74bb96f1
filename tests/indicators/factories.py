"""Small builders for catalogue tests: indicators and their monthly values."""

from datetime import date
from decimal import Decimal

from indicators.models import Area, Indicator, MonthlyValue, Unit


def make_indicator(
    ref: str = "M1", *, unit: str = Unit.COUNT, area: str = "MASH", **fields
) -> Indicator:
    area_obj, _ = Area.objects.get_or_create(name=area)
    fields.setdefault("title", f"Indicator {ref}")
    return Indicator.objects.create(ref=ref, unit=unit, area=area_obj, **fields)


def add_values(
    indicator: Indicator, values: dict[date, str | None], **fields
) -> list[MonthlyValue]:
    return MonthlyValue.objects.bulk_create(
        MonthlyValue(
            indicator=indicator,
            month=month,
            value=None if value is None else Decimal(value),
            **fields,
        )
        for month, value in values.items()
    )


def months_from(start: date, values: list[str | None]) -> dict[date, str | None]:
    """``values`` for consecutive months from ``start``."""
    result = {}
    year, month = start.year, start.month
    for value in values:
        result[date(year, month, 1)] = value
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result
