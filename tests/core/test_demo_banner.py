"""Every page says it is the demo when the demo fixes the portal's "today" (PORTAL_TODAY)."""

import pytest
from django.urls import reverse

from core import roles

pytestmark = pytest.mark.django_db

BANNER = "This is the demo, on sample data: the portal reads today as 10 October 2016."


@pytest.mark.parametrize("path", ["login", "accessibility"])
def test_pages_open_to_all_say_it_is_the_demo(client, settings, path):
    settings.PORTAL_TODAY = "2016-10-10"
    assert BANNER in client.get(reverse(path)).content.decode()
    settings.PORTAL_TODAY = ""
    assert "This is the demo" not in client.get(reverse(path)).content.decode()


def test_a_signed_in_page_says_it_is_the_demo(client_as, settings):
    settings.PORTAL_TODAY = "2016-10-10"
    page = client_as(roles.PERFORMANCE_TEAM).get(reverse("home")).content.decode()
    assert BANNER in page
