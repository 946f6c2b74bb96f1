"""Build a pack in a real browser with a real worker: the progress bar moves to ready, then
both files download."""

import re
import time

import pytest

from core import roles
from tests.accessibility import blocking_violations
from tests.conftest import BROWSER_TEST

pytestmark = [*BROWSER_TEST, pytest.mark.celery_worker]


def test_build_follow_the_progress_bar_and_download_both_files(
    sign_in_page, small_month, start_worker, tmp_path
):
    start_worker(pause=1)  # a second after each stage, so that the bar is seen moving
    page = sign_in_page(roles.PERFORMANCE_TEAM)
    page.get_by_role("link", name="Performance packs").first.click()
    page.get_by_role("link", name="Build a pack").click()
    page.get_by_label("Month").select_option("2016-09")
    page.get_by_role("button", name="Build the pack").click()
    page.wait_for_url("**/packs/2016-09/v1/")
    assert page.locator("progress#pack-progress").count() == 1
    assert blocking_violations(page) == []

    seen = set()
    deadline = time.monotonic() + 180
    while page.locator("#pack-downloads").count() == 0:  # the page reloads when ready
        assert time.monotonic() < deadline, f"not ready; progress seen: {sorted(seen)}"
        # Read without waiting: the page may reload (the build done) between two calls.
        seen.update(page.locator("#pack-percent").all_inner_texts())
        page.wait_for_timeout(200)
    assert any(text != "0%" for text in seen), seen  # the bar moved before the end
    assert all(re.fullmatch(r"\d+%", text) for text in seen)
    assert "Ready, not published" in page.locator("#pack-build").inner_text()
    assert blocking_violations(page) == []

    for name, magic in (("PDF", b"%PDF-"), ("Spreadsheet", b"PK")):
        with page.expect_download() as started:
            page.locator("#pack-downloads").get_by_role("link", name=re.compile(name)).click()
        download = started.value
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        assert path.name.startswith("pack-2016-09-v1.")
        assert path.read_bytes().startswith(magic)
