"""The menu's entries for the data-quality pages and the API token."""

import pytest
from django.urls import reverse

from core import roles

pytestmark = pytest.mark.django_db
PAGES = ("quality:month", "quality:completeness", "quality:rules", "api:token")


def test_the_menu_offers_the_pages_to_the_performance_team(client_as):
    page = client_as(roles.PERFORMANCE_TEAM).get(reverse("home")).content.decode()
    for url_name in PAGES:
        assert reverse(url_name) in page


def test_a_viewer_is_offered_the_api_token_only(client_as):
    page = client_as(roles.VIEWER).get(reverse("home")).content.decode()
    assert reverse("api:token") in page
    assert reverse("quality:month") not in page
