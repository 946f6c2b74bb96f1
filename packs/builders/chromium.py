"""Printing the pack's HTML to PDF with headless Chromium, driven by Playwright.

Why: measured on the bench (``bench/build_pack.py``), Chromium typesets a pack several times
faster than WeasyPrint, which was nine tenths of a build. Chromium's PDF is tagged for screen
readers (structure tree, marked content, the document's language and title, an outline from
the headings); the print CSS (``packs/pack-print.css``) gives both engines the same pages.

The browser is Debian's ``chromium`` at ``PACK_CHROMIUM_PATH`` (Playwright's own download is
not used). It is started for each build and closed after it, so a worker holds no browser
between builds. ``--no-sandbox`` lets it run as any user, in a container too: the page is the
portal's own escaped HTML with script disabled and no address to fetch (charts are data URIs).
"""

import threading
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright


class ChromiumUnavailable(RuntimeError):
    """Chromium is not where the settings say, or would not start: said in plain words."""


def _print(*, html: str, path: Path, executable: str) -> None:
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
            )
        except PlaywrightError as error:
            raise ChromiumUnavailable(
                f"Chromium at {executable} (PACK_CHROMIUM_PATH) would not start: "
                f"{str(error).splitlines()[0]}"
            ) from error
        try:
            page = browser.new_page(java_script_enabled=False)
            page.set_content(html, wait_until="load")
            page.pdf(
                path=path, prefer_css_page_size=True, print_background=True,
                tagged=True, outline=True,
            )  # fmt: skip
        finally:
            browser.close()


def print_pdf(*, html: str, path: Path, executable: str) -> None:
    """Print ``html`` (a whole document, its styles inline) to ``path`` as a tagged PDF.

    Run in a thread of its own: Playwright's synchronous API refuses a thread that already
    runs an event loop (a test's browser, an async server), and a thread of its own has none.
    """
    if not Path(executable).is_file():
        raise ChromiumUnavailable(
            f"Chromium was not found at {executable} (PACK_CHROMIUM_PATH). Install it on the "
            "worker (Debian: apt-get install chromium fonts-liberation), or set "
            "PACK_PDF_ENGINE=weasyprint."
        )
    failure: list[BaseException] = []

    def run() -> None:
        try:
            _print(html=html, path=path, executable=executable)
        except BaseException as error:  # handed to the calling thread, which raises it
            failure.append(error)

    thread = threading.Thread(target=run, name="pack-pdf-chromium", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
