"""In a real browser: the API docs page (Swagger UI) passes axe except for Swagger UI's own
nested controls, which the accessibility statement names with the accessible alternative."""

from core import roles
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST

# Swagger UI puts its copy button inside the operation's toggle button: its DOM, not ours.
KNOWN = ("nested-interactive",)


def test_the_api_docs_page_fixes_what_its_template_and_css_can(sign_in_page):
    page = sign_in_page(roles.VIEWER)
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.title().startswith("API documentation")
    assert page.get_by_role("link", name="OpenAPI schema").get_attribute("href") == "/api/schema/"
    remaining = [v for v in blocking_violations(page) if not v.startswith(KNOWN)]
    assert remaining == []
