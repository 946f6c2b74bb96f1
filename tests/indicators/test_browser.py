"""Preview-then-confirm of a dataset import in a real browser."""

from datetime import date

from core import roles
from indicators.models import MonthlyValue
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST
from tests.indicators.factories import make_indicator

pytestmark = BROWSER_TEST


def test_upload_preview_and_confirm_a_dataset(sign_in_page, tmp_path):
    make_indicator("M1")
    upload = tmp_path / "dataset.tsv"
    upload.write_text(
        "Ref\tDescription\tAug 16\tSep 16\tCommentary\nM1\tContacts\t1,377\t1,480\tRise\n"
    )
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.get_by_role("link", name="Import dataset").first.click()
    page.get_by_label("Spreadsheet").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()

    page.wait_for_url("**/indicators/import/*/")
    assert page.locator('[data-count="new"]').inner_text() == "2"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]  # the counts fit: nothing scrolls sideways
    assert MonthlyValue.objects.count() == 0
    assert blocking_violations(page) == []

    page.get_by_role("button", name="Confirm and import").click()
    assert "dataset.tsv was imported" in page.locator(".govuk-notification-banner").inner_text()
    stored = MonthlyValue.objects.get(month=date(2016, 9, 1))
    assert stored.value == 1480 and stored.commentary == "Rise"


def test_a_file_with_errors_cannot_be_confirmed(sign_in_page, tmp_path):
    make_indicator("M3", unit="percentage")
    upload = tmp_path / "bad.tsv"
    upload.write_text("Ref\tDescription\tSep 16\nM3\tConversion\t8571%\n")
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.goto("/indicators/import/")
    page.get_by_label("Spreadsheet").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "nothing will be imported" in summary and "Was 85.71% meant" in summary
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert MonthlyValue.objects.count() == 0
