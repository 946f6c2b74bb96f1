"""In a real browser: the API docs page (Swagger UI) passes axe as drawn, and with an
operation tried out except for the label of Swagger UI's own lists, which the accessibility
statement names with the accessible alternative."""

from core import roles
from tests.accessibility import violations
from tests.conftest import BROWSER_TEST

pytestmark = BROWSER_TEST

# Swagger UI's "Try it out" form writes a parameter's choices as a <select> with no label: its
# DOM, not ours.
KNOWN = ("select-name",)


def test_the_api_docs_page_fixes_what_its_template_css_and_settings_can(sign_in_page):
    page = sign_in_page(roles.VIEWER)
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.title().startswith("API documentation")
    assert page.get_by_role("link", name="OpenAPI schema").get_attribute("href") == "/api/schema/"
    assert violations(page) == []

    operation = page.locator(".opblock").first
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    operation.locator(".live-responses-table").wait_for()
    assert [line for line in violations(page) if not line.startswith(KNOWN)] == []
