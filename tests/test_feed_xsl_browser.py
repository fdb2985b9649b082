"""A person who opens a feed in a browser sees a readable page, not raw XML.

Builds a site, serves it under ``/repo/`` on 127.0.0.1 (as GitHub Pages
serves a project site, ``.xml`` as ``application/xml``), opens ``atom.xml``
and ``feed.xml`` in headless Chromium (Debian's ``/usr/bin/chromium``
through playwright; ``playwright install`` is never run), takes a
screenshot, and checks the page shows the feed title, the address to copy
and the subscribe instructions. The same feeds must still parse in
newsboat, sfeed and feedparser. Skipped when Chromium or playwright is absent.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from tests.conftest import article, write
from tests.test_feeds_readers import run_check

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
BASE = "https://user.github.io/repo/"


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder under /repo/, with GitHub Pages' content types for feeds."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".xml": "application/xml",
                      ".xsl": "application/xml", ".json": "application/json"}

    def translate_path(self, path: str) -> str:
        return super().translate_path(path[len("/repo"):] if path.startswith("/repo/") else "/__outside__")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path):
    site = tmp_path / "site"
    write(site / "site.toml", 'title = "Feed & Browser News"\nbase_url = "https://user.github.io/repo/"\n'
                              'description = "Stories for the XSL test"\n')
    for n in range(1, 4):
        write(site / "content" / f"s{n}.md", article(f"Story number {n} 🎉", f"2024-03-0{n}T08:00:00Z", tags=["World"]))
    out = tmp_path / "out"
    build(BuildOptions(site_dir=site, output_dir=out, run_import=False, now=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield out, f"http://127.0.0.1:{server.server_address[1]}/repo/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed in this venv")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed: run ../shared/checks/setup.sh")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.parametrize("feed", ["atom.xml", "feed.xml", "tags/world/atom.xml", "archive/2024/03/atom.xml"])
def test_feed_renders_as_a_subscribe_page(served, browser, tmp_path: Path, feed: str):
    out, url = served
    page = browser.new_page(viewport={"width": 900, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(url + feed)
    assert response is not None and response.status == 200
    shot = tmp_path / "screens" / (feed.replace("/", "_") + ".png")
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 1000
    text = page.inner_text("body")
    assert "This is a web feed" in text and "Subscribe by copying this address" in text
    assert "Feed & Browser News" in text
    assert BASE + feed in text  # the address to copy is the published one
    assert "Story number 3 🎉" in text
    assert page.title().startswith("Feed & Browser News")
    links = page.eval_on_selector_all("article a", "els => els.map(e => e.href)")
    assert links and all(link.startswith(BASE + "articles/") for link in links)
    assert errors == []
    page.close()


def test_styled_feeds_still_parse_in_every_reader(served):
    out, _ = served
    output = run_check("readers-check.py", *(str(out / f) for f in ("atom.xml", "feed.xml", "archive/2024/03/atom.xml")))
    assert "0 with problems" in output
