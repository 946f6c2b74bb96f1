"""``{{ value|day }}`` and ``{{ value|moment }}``: the portal's one date format (core.dates)."""

from django import template

from core import dates

register = template.Library()
register.filter("day", dates.day)
register.filter("moment", dates.moment)
