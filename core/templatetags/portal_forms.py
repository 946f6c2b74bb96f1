"""The GOV.UK error summary's links, each to an element that takes focus: a group of radios
or checkboxes links to its first option, a date to its day box (crispy-forms-gds links them
to ids that do not exist, or to the date's <div>)."""

from django import forms, template

register = template.Library()


def focus_id(bound_field: forms.BoundField) -> str:
    """The id of the element a link to this field should move focus to."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"  # crispy-forms-gds counts options from 1
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def error_links(bound_field: forms.BoundField) -> list[tuple[str, str]]:
    """``(id, message)`` for each of the field's errors; a date box's own error links to it."""
    links, seen = [], []
    for index, box in enumerate(getattr(bound_field.field, "fields", ())):
        for error in getattr(box.widget, "errors", []):
            links.append((f"{bound_field.auto_id}_{index}", error))
            seen.append(error)
    links += [(focus_id(bound_field), error) for error in bound_field.errors if error not in seen]
    return links


@register.filter
def first_focus_id(form: forms.BaseForm) -> str:
    """Where a link to an error of the whole form goes: the first field."""
    fields = form.visible_fields()
    return focus_id(fields[0]) if fields else ""
