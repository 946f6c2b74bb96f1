"""``core.people.display_name``: one rule for naming a person everywhere."""

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from core.people import display_name


def test_full_name_else_username_else_what_is_missing():
    User = get_user_model()
    assert display_name(User(username="jw", first_name="Jane", last_name="White")) == "Jane White"
    assert display_name(User(username="jw")) == "jw"
    assert display_name(None) == ""
    assert display_name(None, missing="No owner set") == "No owner set"


@pytest.mark.parametrize(
    ("first", "expected"), [("Jane", "Jane White"), ("", "jw"), (None, "Not set")]
)
def test_templates_name_people_by_the_same_rule(first, expected):
    User = get_user_model()
    user = (
        None
        if first is None
        else User(username="jw", first_name=first, last_name="White" if first else "")
    )
    shown = Template('{% load people %}{{ user|display_name:"Not set" }}').render(
        Context({"user": user})
    )
    assert shown == expected
