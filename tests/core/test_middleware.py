"""Signed-in pages and downloads are never kept by the browser's cache: on a shared office
computer, the next person must not read the last one's audits, caseloads or pack with the
Back button after sign-out. Walked over every route of the permission matrix, as each role
that may open it."""

import pytest

from core import roles
from tests.packs.conftest import MONTH, audits_and_caseloads, built_pack, small_month  # noqa: F401
from tests.security.test_permission_matrix import (  # noqa: F401 (world is a fixture)
    ANONYMOUS,
    MATRIX,
    ROLES,
    url_for,
    world,
)

pytestmark = pytest.mark.django_db


def kept_by_no_cache(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives or {"private", "no-cache"} <= directives


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_every_signed_in_page_is_not_stored(client, world, route):  # noqa: F811
    for role, cell in zip(ROLES, MATRIX[route], strict=True):
        if role == ANONYMOUS or cell != "ok":
            continue
        client.force_login(world["users"][role])
        response = client.get(url_for(world, route))
        assert response.status_code == 200
        assert kept_by_no_cache(response), (route, role, response.get("Cache-Control"))


def test_an_api_answer_to_a_token_is_not_stored(make_user):
    from rest_framework.test import APIClient

    from api import services

    api = APIClient()
    token = services.issue_token(user=make_user(roles.PERFORMANCE_TEAM)).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/indicators/")
    assert response.status_code == 200 and kept_by_no_cache(response)


def test_the_audit_export_and_the_pack_files_are_not_stored(client_as, built_pack):  # noqa: F811
    client = client_as(roles.PERFORMANCE_TEAM)
    for kind in ("pdf", "xlsx"):
        download = client.get(f"/packs/{MONTH:%Y-%m}/v1/{kind}/")
        assert download.status_code == 200 and kept_by_no_cache(download), kind
    export = client_as(roles.QA_UNIT).get("/audits/export/")
    assert export.status_code == 200 and kept_by_no_cache(export)


def test_a_view_that_sets_its_own_cache_control_keeps_it():
    from django.http import HttpResponse

    from core.middleware import PrivatePagesMiddleware

    class SignedIn:
        is_authenticated = True

    request = type("Request", (), {"user": SignedIn()})()
    own = HttpResponse()
    own["Cache-Control"] = "private, max-age=60"
    assert PrivatePagesMiddleware(lambda request: own)(request)["Cache-Control"] == (
        "private, max-age=60"
    )


def test_pages_for_everyone_signed_out_may_be_cached(client):
    assert "no-store" not in client.get("/accessibility/").get("Cache-Control", "")
