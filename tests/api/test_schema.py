"""The OpenAPI schema, its interactive documentation, and a bounded schemathesis run."""

from datetime import timedelta
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core import roles
from indicators.models import Unit
from kpi_portal.wsgi import application
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db


def test_the_schema_describes_every_endpoint(api_as):
    response = api_as(roles.VIEWER).get("/api/schema/", HTTP_ACCEPT="application/json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/indicators/",
        "/api/indicators/{id}/",
        "/api/monthly-values/",
        "/api/monthly-values/{id}/",
        "/api/audit-reports/",
        "/api/audit-reports/{month}/",
        "/api/caseload-reports/",
        "/api/caseload-reports/{month}/",
    }
    listed = schema["paths"]["/api/monthly-values/"]["get"]
    assert {"401", "403", "429"} <= set(listed["responses"])
    assert "text/csv" in listed["responses"]["200"]["content"]


def test_the_docs_load_from_the_portal_itself(client_as):
    client = client_as(roles.VIEWER)
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "<script>" not in page  # nothing inline, nothing remote
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


@pytest.fixture
def token(api_as, months) -> str:
    """A performance team member's token, over a published and an open month, with a derived
    indicator (rows with no stored value: no id, version or time)."""
    make_indicator(
        "M2 (%)", unit=Unit.PERCENTAGE, numerator=months["M2"], denominator=months["M1"],
        scale=Decimal(100),
    )  # fmt: skip
    return api_as(roles.PERFORMANCE_TEAM).user.auth_token.key


@pytest.fixture
def app():
    """The portal's WSGI application, in this test's transaction: as Django's test client does,
    requests must not close the test's database connection when they finish."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(app, token):
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", app, headers={"Authorization": f"Token {token}"}
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case, token):
    """No 500, and every response - refusals included - as the schema says."""
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
