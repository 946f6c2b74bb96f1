"""Local definitions end to end: an analyst keeps one in the admin, an indicator is counted by
it, a change to what it counts makes its figures stale and the recount page recounts them;
the definitions page lists standard and local definitions to analysts alone."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from core import roles
from indicators.models import MonthlyValue
from records import figures, recounting, services
from records.admin import CountedIndicatorForm
from records.models import CountedFigure, CountedIndicator, LocalDefinition
from tests.indicators.factories import make_indicator
from tests.records.test_local_definitions import police_contacts

pytestmark = pytest.mark.django_db
SEP, OCT = date(2016, 9, 1), date(2016, 10, 1)
# The test upload's contacts (tests/records/files.py): September police (aged 6) and school
# (aged 3), October police (aged 6).
POLICE = {SEP: Decimal(1), OCT: Decimal(1)}
POLICE_OR_SCHOOL = {SEP: Decimal(2), OCT: Decimal(1)}


def police(**fields) -> LocalDefinition:
    return police_contacts(**{"key": "police_contacts", "codes": "Police"} | fields)


def admin_form(definition: LocalDefinition, **changes) -> dict:
    """The admin's change form as the analyst sends it, with ``changes``."""
    fields = model_to_dict(definition, exclude=["id", "version"])
    return {name: "" if value is None else value for name, value in fields.items()} | changes


def stored(indicator) -> dict[date, Decimal | None]:
    return dict(MonthlyValue.objects.filter(indicator=indicator).values_list("month", "value"))


def test_an_indicator_is_mapped_to_a_standard_or_local_key_only(admin_user):
    services.save_local_definition(definition=police(), user=admin_user)
    offered = dict(CountedIndicatorForm().fields["definition"].choices)
    assert ("contacts", "Contacts received (contacts)") in offered["Standard definitions"]
    assert offered["Local definitions"] == [
        (
            "police_contacts",
            "Contacts from the police or health, children aged 0-9 (police_contacts)",
        )
    ]
    indicator = make_indicator("M1")
    CountedIndicator(indicator=indicator, definition="police_contacts").full_clean()
    CountedIndicator(indicator=indicator, definition="contacts").full_clean()
    with pytest.raises(ValidationError) as refused:
        CountedIndicator(indicator=indicator, definition="polise_contacts").full_clean()
    assert refused.value.message_dict == {
        "definition": [
            "polise_contacts is neither a standard nor a local definition: choose one of the "
            "definitions listed."
        ]
    }


def test_a_changed_local_definition_is_recounted_end_to_end(analyst, upload, admin_user):
    # The analyst adds the definition in the admin and an indicator is counted by it.
    added = analyst.post("/admin/records/localdefinition/add/", admin_form(police()), follow=False)
    assert added.status_code == 302, added.content.decode()
    definition = LocalDefinition.objects.get()
    assert definition.version == 1
    indicator = make_indicator("M1")
    CountedIndicator.objects.create(indicator=indicator, definition="police_contacts")
    figures.apply_counts(upload=upload, user=admin_user)
    assert stored(indicator) == POLICE
    assert recounting.stale_figures() == []

    # A title alone changes nothing counted; the codes do, and raise the version.
    url = f"/admin/records/localdefinition/{definition.pk}/change/"
    analyst.post(url, admin_form(definition, title="Police contacts of under tens"))
    assert LocalDefinition.objects.get().version == 1 and recounting.stale_figures() == []
    changed = analyst.post(url, admin_form(definition, codes="Police, School"))
    assert changed.status_code == 302, changed.content.decode()
    assert LocalDefinition.objects.get().version == 2

    page = analyst.get("/records/recount/").content.decode()
    assert "police_contacts version 1, upload" in page
    assert "(police_contacts version 2)" in page
    response = analyst.post("/records/recount/", {"reason": "Schools' contacts count too"})
    assert response.status_code == 302
    assert stored(indicator) == POLICE_OR_SCHOOL
    assert set(CountedFigure.objects.values_list("definition", "version")) == {
        ("police_contacts", 2)
    }
    assert recounting.stale_figures() == []


def test_the_admin_refuses_a_bad_definition_beside_its_field(analyst):
    response = analyst.post(
        "/admin/records/localdefinition/add/", admin_form(police(), event="referral_date")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["event"] == [
        "referral_date is not a date column of List 1: contacts; its date columns are "
        "birth_month, contact_date."
    ]
    assert not LocalDefinition.objects.exists()


def test_the_key_is_fixed_once_saved_and_a_mapped_definition_is_kept(analyst, admin_user):
    definition = services.save_local_definition(definition=police(), user=admin_user)
    url = f"/admin/records/localdefinition/{definition.pk}/change/"
    analyst.post(url, admin_form(definition, key="renamed", title="Renamed"))
    assert list(LocalDefinition.objects.values_list("key", "title")) == [
        ("police_contacts", "Renamed")
    ]
    CountedIndicator.objects.create(indicator=make_indicator("M1"), definition="police_contacts")
    assert analyst.get(f"/admin/records/localdefinition/{definition.pk}/delete/").status_code == 403


def test_the_performance_team_alone_does_not_keep_local_definitions(client_as):
    client = client_as(roles.PERFORMANCE_TEAM)
    assert client.get("/admin/records/localdefinition/add/").status_code == 403


# The definitions page


def test_an_analyst_reads_the_standard_and_local_definitions(analyst, admin_user):
    services.save_local_definition(definition=police(), user=admin_user)
    page = analyst.get("/records/definitions/").content.decode()
    assert 'id="definition-assessments_45_days"' in page
    assert "start_date to authorised_date" not in page  # the condition reads as words:
    assert "authorised_date within 45 working days of start_date" in page
    assert "aged 19 to 21 on the month&#x27;s last day" in page
    assert 'id="definition-police_contacts"' in page and "contact_source one of police" in page
    assert 'href="/admin/records/localdefinition/add/"' in page
    assert "Dates: birth_month, start_date, authorised_date" in page


@pytest.mark.parametrize("role", roles.JOB_ROLES)
def test_no_role_but_analysts_opens_the_definitions_page(client_as, role):
    assert client_as(role).get("/records/definitions/").status_code == 403


def test_a_records_analyst_outside_the_admin_is_not_offered_to_add_one(client_as):
    page = client_as(roles.RECORDS_ANALYST).get("/records/definitions/").content.decode()
    assert "Add a local definition" not in page and "Local definitions (0)" in page


QUERIES = 6  # session, user, the user's and groups' permissions, the local definitions, groups


@pytest.mark.parametrize("local", [1, 8])
def test_the_page_takes_as_many_queries_however_many_definitions(
    analyst, admin_user, local, django_assert_max_num_queries
):
    for number in range(local):
        services.save_local_definition(definition=police(key=f"police_{number}"), user=admin_user)
    with django_assert_max_num_queries(QUERIES):
        page = analyst.get("/records/definitions/").content.decode()
    assert page.count('id="definition-police_') == local
