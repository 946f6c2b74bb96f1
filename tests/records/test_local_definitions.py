"""Local definitions as data: each bad field named with what is allowed, a valid one counted
as a standard one is (hand-counted records below), and its version raised only by a change
to what it counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from records import services
from records.counting import LEFT_OUT, count_month
from records.definition_words import describe
from records.definitions import AgeFilter, CodeFilter, Condition
from records.local_definitions import problems, to_definition
from records.models import LocalDefinition
from tests.records.builders import d, frame
from tests.records.test_counting import reasons

SEP_2016 = date(2016, 9, 1)


def police_contacts(**fields) -> LocalDefinition:
    """Contacts from the police or health of children aged 0-9: a count with both filters."""
    return LocalDefinition(
        **{
            "key": "young_police_health_contacts",
            "title": "Contacts from the police or health, children aged 0-9",
            "list_key": "contacts",
            "placing": LocalDefinition.Placing.IN_MONTH,
            "event": "contact_date",
            "measure": LocalDefinition.Measure.COUNT,
            "code_column": "contact_source",
            "codes": "Police, b) HEALTH",
            "age_low": 0,
            "age_high": 9,
            "source": "Local: the front door's police and health contacts of young children.",
        }
        | fields
    )


def timely_assessments(**fields) -> LocalDefinition:
    """Assessments authorised within 20 working days of their start: a timeliness."""
    return LocalDefinition(
        **{
            "key": "assessments_20_days",
            "title": "Assessments within 20 working days (%)",
            "list_key": "assessments",
            "placing": LocalDefinition.Placing.IN_MONTH,
            "event": "authorised_date",
            "measure": LocalDefinition.Measure.TIMELINESS,
            "condition": LocalDefinition.ConditionKind.WORKING_DAYS,
            "condition_start": "start_date",
            "condition_end": "authorised_date",
            "condition_days": 20,
            "noun": "assessment",
            "source": "Local target: assessments authorised within 20 working days.",
        }
        | fields
    )


# Validation: each field's message names what is wrong and what is allowed


def test_valid_definitions_have_no_problems():
    assert problems(police_contacts()) == {}
    assert problems(timely_assessments()) == {}


def test_a_standard_key_is_refused():
    assert problems(police_contacts(key="contacts")) == {
        "key": "contacts is the key of a standard definition (Contacts received): choose another."
    }


def test_columns_must_be_the_lists_and_of_the_right_kind():
    found = problems(police_contacts(event="referral_date", code_column="contact_date"))
    assert found == {
        "event": "referral_date is not a date column of List 1: contacts; its date columns are "
        "birth_month, contact_date.",
        "code_column": "contact_date is not a text column of List 1: contacts; its text "
        "columns are gender, ethnicity, contact_source.",
    }
    wrong = timely_assessments(condition="code_in", condition_column="start_date")
    assert "start_date is not a text column of List 4: assessments;" in str(
        problems(wrong)["condition_column"]
    )


def test_each_placing_asks_for_its_dates_and_refuses_the_others():
    assert problems(police_contacts(event="")) == {
        "event": "Give the event date column: records are placed in the month of their event date."
    }
    at_month_end = police_contacts(list_key="cp_plans", placing="at_month_end", **NO_FILTERS)
    assert problems(at_month_end) == {
        "event": "Not read: records are placed by the episode open at the month's end. Clear "
        "the event date column.",
        "start": "Give the episode start date column: records are placed by the episode open "
        "at the month's end.",
        "end": "Give the episode end date column: records are placed by the episode open at "
        "the month's end.",
    }
    distinct = police_contacts(distinct_children=True)
    assert problems(distinct) == {
        "start": "Give the episode start date column: a child counts once: their earliest "
        "record by this date."
    }


NO_FILTERS = {"code_column": "", "codes": "", "age_low": None, "age_high": None}


def test_each_measure_asks_for_its_parts():
    assert problems(timely_assessments(measure="percentage")) == {}
    assert problems(timely_assessments(measure="count"))["condition"] == (
        "A count or a rate has no condition (a percentage or a timeliness has one): clear it."
    )
    no_condition = dict.fromkeys(("condition", "condition_start", "condition_end"), "")
    assert problems(timely_assessments(measure="percentage", condition_days=None, **no_condition))[
        "condition"
    ] == ("A percentage needs a condition: what a record must meet to be in its numerator.")
    code_in = timely_assessments(
        condition="code_in", condition_start="", condition_end="", condition_days=None
    )
    assert problems(code_in) == {
        "condition": "Timeliness is done within N working days: choose the working days "
        "condition (its start and end dates and N).",
        "condition_column": "Give the condition's code column: the condition (code_in) reads it.",
        "condition_codes": "Give the condition's codes: the condition (code_in) reads it.",
    }
    assert problems(timely_assessments(condition_days=None)) == {
        "condition_days": "Give the condition's days: the condition (working_days) reads it."
    }
    assert problems(police_contacts(measure="rate_per_10000")) == {}


def test_filters_need_both_parts_and_ages_in_order():
    assert problems(police_contacts(codes=" , ")) == {
        "codes": "A code filter needs both its column and its codes (separated by commas): "
        "give both, or clear both."
    }
    assert problems(police_contacts(age_high=None)) == {
        "age_high": "An age filter needs both ages (e.g. 19 to 21): give both, or clear both."
    }
    assert problems(police_contacts(age_low=12)) == {
        "age_high": "The highest age (9) is below the lowest (12)."
    }


@pytest.mark.django_db
def test_saving_refuses_a_bad_definition_naming_the_field(admin_user):
    with pytest.raises(ValidationError) as refused:
        services.save_local_definition(definition=police_contacts(event=""), user=admin_user)
    assert refused.value.message_dict == {
        "event": [
            "Give the event date column: records are placed in the month of their event date."
        ]
    }
    assert not LocalDefinition.objects.exists()


# Counting: the Definition it becomes, against hand-counted records


def test_it_becomes_the_definition_the_counting_reads():
    definition = to_definition(police_contacts())
    assert definition.filters == (
        CodeFilter("contact_source", ("police", "health"), "contact source"),
        AgeFilter(0, 9),
    )
    assert definition.condition is None and definition.version == 1
    assert to_definition(timely_assessments()).condition == Condition(
        "working_days", start="start_date", end="authorised_date", days=20, noun="assessment"
    )


def test_a_code_and_an_age_filter_count_the_hand_counted_contacts():
    records = frame(
        "contacts",
        # 2: police, aged 6 on 30/09/2016: counted
        {"contact_date": d("2016-09-05"), "contact_source": "Police",
         "birth_month": d("2010-03-01")},
        # 3: "a) Police" is police; born October 2005, so 10 on 30/09/2016: left out
        {"contact_date": d("2016-09-10"), "contact_source": "a) Police",
         "birth_month": d("2005-10-01")},
        # 4: a school's: left out
        {"contact_date": d("2016-09-12"), "contact_source": "School",
         "birth_month": d("2012-01-01")},
        # 5: HEALTH is health, born this month (aged 0): counted
        {"contact_date": d("2016-09-20"), "contact_source": "HEALTH",
         "birth_month": d("2016-09-01")},
        # 6: October's: not placed in September
        {"contact_date": d("2016-10-01"), "contact_source": "Police",
         "birth_month": d("2010-03-01")},
        # 7: police, no date of birth: left out
        {"contact_date": d("2016-09-30"), "contact_source": "Police"},
    )  # fmt: skip
    result = count_month(
        definition=to_definition(police_contacts()), records=records, month=SEP_2016
    )
    assert result.value == 2
    assert sorted(result.counted["row"].to_list()) == [2, 5]
    assert reasons(result, LEFT_OUT) == {
        3: "aged 10 on 30/09/2016, not 0-9",
        4: "contact source: School",
        7: "no date of birth, so no age",
    }


def test_a_local_timeliness_counts_working_days():
    # Started Thursday 1 September 2016: 29 September is the 20th working day after it, the
    # 30th the 21st.
    records = frame(
        "assessments",
        {"start_date": d("2016-09-01"), "authorised_date": d("2016-09-29")},
        {"start_date": d("2016-09-01"), "authorised_date": d("2016-09-30")},
    )
    result = count_month(
        definition=to_definition(timely_assessments()), records=records, month=SEP_2016
    )
    assert (result.numerator, result.denominator, result.value) == (1, 2, Decimal("50.0000"))
    assert reasons(result) == {
        2: "assessment took 20 working days (within 20)",
        3: "assessment took 21 working days (more than 20)",
    }


def test_a_definition_in_words():
    words = dict(describe(to_definition(police_contacts())))
    assert words["List"] == "List 1: contacts"
    assert words["Placed"] == "In the month of its contact_date"
    assert (
        words["Filters"]
        == "contact_source one of police, health; aged 0 to 9 on the month's last day"
    )
    assert words["Condition"] == "None"
    timely = dict(describe(to_definition(timely_assessments())))
    assert timely["Condition"] == "authorised_date within 20 working days of start_date"


# The version


@pytest.mark.django_db
def test_the_version_rises_only_when_what_is_counted_changes(admin_user):
    definition = services.save_local_definition(definition=police_contacts(), user=admin_user)
    assert definition.version == 1

    def saved(**fields) -> int:
        stored = LocalDefinition.objects.get(pk=definition.pk)
        for name, value in fields.items():
            setattr(stored, name, value)
        return services.save_local_definition(definition=stored, user=admin_user).version

    assert saved(title="Police and health contacts, under tens") == 1
    assert saved(source="Reworded.", codes="police, health") == 1  # the same codes
    assert saved(codes="Police, Health, School") == 2
    assert saved(age_high=10) == 3
    assert saved(version=1, title="A stale form's version is not kept") == 3
    assert LocalDefinition.objects.get().history.count() == 6
