"""Screenshots of the default theme, taken in headless Chromium from a real build.

They are the pictures in docs/screenshots/. The test checks what a reader
sees (headline, tags, pagination) at desktop and phone widths; with
UPDATE_SCREENSHOTS=1 it also refreshes the PNG files in the docs.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build

pytestmark = pytest.mark.e2e
GOLDEN = Path(__file__).parent / "golden" / "wire" / "input"
DOCS = Path(__file__).parents[1] / "docs" / "screenshots"
ARTICLE = "articles/kazakhstan-afghanistan-interested-in-resuming-trade-kazakh-presidents-office/"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(GOLDEN, site, dirs_exist_ok=True)
    build(BuildOptions(site_dir=site, output_dir=root / "repo", now=dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc)))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[assignment]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()




@pytest.mark.parametrize("name, route, width, visible", [
    ("home", "", 1200, "Trade talks resume in <Almaty> & beyond"),
    ("article", ARTICLE, 1200, "Kassym-Jomart Tokayev"),
    ("tag", "tags/kazakhstan/", 1200, "Kazakhstan"),
    ("article-phone", ARTICLE, 390, "Kazakhstan, Afghanistan interested"),
])
def test_theme_screenshot(browser, site_url, tmp_path, name, route, width, visible):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(site_url + route)
    assert response is not None and response.status == 200
    assert page.get_by_text(visible, exact=False).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    assert not errors, errors
    if os.environ.get("UPDATE_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, DOCS / f"{name}.png")
    page.close()
