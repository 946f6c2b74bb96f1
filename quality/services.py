"""Writes of the data-quality app: the validation rules the performance team keeps."""

from quality.models import ValidationRule


def save_rule(*, rule: ValidationRule, user) -> ValidationRule:
    """Check and save a rule, recording who changed it (its history keeps when and what)."""
    rule.updated_by = user
    rule.full_clean()
    rule._history_user = user  # also outside a request (the demo, the shell)
    rule.save()
    return rule
