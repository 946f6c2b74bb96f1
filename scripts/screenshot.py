"""Screenshots of the running portal, for the README.

Usage: python scripts/screenshot.py USER PASSWORD PATH OUT.png
"""

import sys

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8000"


def main(username: str, password: str, path: str, out: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{BASE}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{BASE}{path}")
        page.screenshot(path=out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
