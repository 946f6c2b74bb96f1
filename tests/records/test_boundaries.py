"""Child-level records never leave the records pages: with an upload's figures stored as the
month's values, the month's pack and every API endpoint hold the figures but no child's
pseudonym, nor the identifier the file gave the child.

import-linter keeps ``packs`` and ``api`` from importing ``records``; these tests look at
what they actually serve, so a record reaching them another way (a value's history, a
serialiser walking a relation, a template) is caught too."""

import zipfile
from datetime import date

import pytest
from django.contrib.auth.models import Group
from pypdf import PdfReader
from rest_framework.test import APIClient

from api.services import issue_token
from core import roles
from indicators.models import MonthlyValue
from packs.models import FileKind
from records import figures, services
from records.models import RECORD_MODELS, CountedFigure, CountedIndicator
from tests.indicators.factories import make_indicator
from tests.packs.test_content import build, path_of
from tests.records.files import annex_a

pytestmark = pytest.mark.django_db
SEPTEMBER = date(2016, 9, 1)
IDENTIFIERS = ("AB123", "AB124")  # the children of tests.records.files, as the file gave them
SHOWN = 12  # the characters of a pseudonym the records pages show


@pytest.fixture
def counted(admin_user) -> list[str]:
    """A stored upload of lists 1, 3 and 4, its figures stored as the months' values (M1
    contacts, M2 referrals, M3 assessments completed); each child's pseudonym."""
    intake = services.check_files([("a.xlsx", annex_a())])
    upload = services.store_upload(intake=intake, filename="a.xlsx", data=b"x", user=admin_user)
    services.confirm_upload(upload=upload, user=admin_user)
    definitions = {"M1": "contacts", "M2": "referrals", "M3": "assessments_completed"}
    for ref, definition in definitions.items():
        CountedIndicator.objects.create(indicator=make_indicator(ref), definition=definition)
    figures.apply_counts(upload=upload, user=admin_user)
    assert MonthlyValue.objects.get(indicator__ref="M1", month=SEPTEMBER).value == 2
    pseudonyms = {
        child
        for model in RECORD_MODELS.values()
        for child in model.objects.values_list("child_id", flat=True)
    }
    assert len(pseudonyms) == 2  # AB123 (twice, once as ab123) and AB124
    return sorted(pseudonyms)


def leaks(texts: dict[str, str], pseudonyms: list[str]) -> dict[str, list[str]]:
    """By each text's name, the pseudonyms (whole, or as far as a page shows them) and the
    identifiers found in it."""
    found = {}
    for name, text in texts.items():
        seen = [p for p in pseudonyms if p[:SHOWN] in text or p[:SHOWN].upper() in text]
        seen += [child for child in IDENTIFIERS if child.lower() in text.lower()]
        if seen:
            found[name] = seen
    return found


def test_the_months_pack_holds_the_figures_but_no_child(counted):
    pack = build(SEPTEMBER)
    web = path_of(pack, FileKind.HTML).read_text()
    assert "M1" in web and "M3" in web  # the counted indicators are in the pack
    with zipfile.ZipFile(path_of(pack, FileKind.XLSX)) as workbook:
        parts = {name: workbook.read(name).decode() for name in workbook.namelist()}
    assert any(">M1<" in part for part in parts.values())
    pdf = " ".join(page.extract_text() for page in PdfReader(path_of(pack, FileKind.PDF)).pages)
    assert leaks({"web version": web, "PDF": pdf} | parts, counted) == {}


@pytest.fixture
def analysts_token(make_user) -> APIClient:
    """The API as a records analyst's token sends it (a performance team member's)."""
    user = make_user(roles.PERFORMANCE_TEAM)
    user.groups.add(Group.objects.get(name=roles.RECORDS_ANALYST))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user).key}")
    return api


def test_no_api_endpoint_serves_records(analysts_token, counted):
    schema = analysts_token.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert [path for path in schema["paths"] if "record" in path.lower()] == []
    properties = {
        name
        for component in schema["components"]["schemas"].values()
        for name in component.get("properties", {})
    }
    assert "child_id" not in properties
    assert not any("record" in name.lower() for name in schema["components"]["schemas"])


def test_no_api_answer_to_an_analysts_token_holds_a_child(analysts_token, counted):
    schema = analysts_token.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    listed = analysts_token.get("/api/").json()
    value = CountedFigure.objects.get(
        monthly_value__indicator__ref="M1", monthly_value__month=SEPTEMBER
    ).monthly_value
    # Each detail path with what it is asked for: the counted value, its indicator, the month
    # (a path not here fails the test: say what it is asked for)
    details = {
        "/api/indicators/{id}/": f"/api/indicators/{value.indicator_id}/",
        "/api/monthly-values/{id}/": f"/api/monthly-values/{value.pk}/",
        "/api/audit-reports/{month}/": "/api/audit-reports/2016-09/",
        "/api/caseload-reports/{month}/": "/api/caseload-reports/2016-09/",
    }
    paths = {details[path] if "{" in path else path for path in schema["paths"]}
    answers = {}
    for url in sorted(paths | set(listed.values())):
        response = analysts_token.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code in (200, 404), url  # no audit or caseload that month
        answers[url] = response.content.decode()
    served = answers[f"/api/monthly-values/{value.pk}/"].replace(" ", "")
    assert '"ref":"M1"' in served and '"value":2.0' in served  # the counted figure
    assert leaks(answers, counted) == {}
