"""``{{ user|display_name }}``: templates name people by ``core.people.display_name``."""

from django import template

from core.people import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user, missing: str = "") -> str:
    return _display_name(user, missing=missing)
