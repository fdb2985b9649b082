"""The hostile site in a real browser: no dialog, no script, no request to another host.

The site of ``test_hostile_inputs.hostile_site`` (every title, tag, summary,
dateline and body full of script, event handler, ``javascript:`` URL, CSS
``url()``, ``<base>``, ``<meta refresh>``, template syntax and ``]]>``) is
built with a sub-path base URL, served on 127.0.0.1 under ``/repo/``, and
every HTML page, plus the RSS and Atom feeds (which Chromium renders through
their XSL stylesheet), is loaded in headless Chromium. Every element is then
hovered-over, focused and clicked by dispatched events. The test asserts:

* no ``alert``/``confirm``/``prompt`` dialog opened;
* the marker ``window.__pwned`` that every payload sets to 1337 is never set;
* no request left 127.0.0.1 (each is recorded, then aborted), but the one
  the policy allows: an image an author wrote in the Markdown body as
  ``<img src="https://...">`` (like Hugo's default; see docs/security.md).
  The same URL in a title, tag, attribute or CSS never causes a request;
* no navigation away from the site.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_builder.build import BuildOptions, build
from tests.test_hostile_inputs import hostile_site

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PREFIX = "/repo/"
#: The one remote resource a body may embed on purpose (HOSTILE[8] in test_hostile_inputs).
AUTHORED_IMAGE = "https://evil.example/t.png"
#: Fire every event handler a payload could have planted, on every element.
POKE = """() => {
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'click', 'focus', 'blur', 'toggle', 'load', 'error', 'input']) {
      try { el.dispatchEvent(new Event(type, {bubbles: true})); } catch (e) {}
    }
  }
  return window.__pwned === 1337;
}"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder under /repo/ (like GitHub Pages for a project site)."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__missing__")
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium not installed (../shared/checks/setup.sh installs it)")
    pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.lock")
    site = hostile_site(tmp_path_factory.mktemp("hostile-browser") / "site")
    build(BuildOptions(site, run_import=False, now=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)))
    out = site / "output"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


def test_hostile_pages_run_no_script_open_no_dialog_and_call_no_other_host(served):
    from playwright.sync_api import sync_playwright

    out, base = served
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    pages += ["feed.xml", "atom.xml"] + sorted(p.relative_to(out).as_posix() for p in out.glob("tags/*/atom.xml"))[:5]
    assert len(pages) > 50
    dialogs: list[str] = []
    foreign: list[str] = []
    pwned: list[str] = []
    navigated: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        context = browser.new_context(java_script_enabled=True)

        def route(r) -> None:
            if urlsplit(r.request.url).hostname != "127.0.0.1":
                if not (r.request.resource_type == "image" and r.request.url == AUTHORED_IMAGE):
                    foreign.append(f"{r.request.resource_type} {r.request.url}")
                r.abort()
            else:
                r.continue_()

        context.route("**/*", route)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        for rel in pages:
            url = base + rel
            page.goto(url, wait_until="load")
            page.wait_for_timeout(20)
            if page.evaluate(POKE) or page.evaluate("() => window.__pwned === 1337"):
                pwned.append(rel)
            if not page.url.startswith(base):
                navigated.append(f"{rel} -> {page.url}")
        browser.close()
    assert dialogs == [], dialogs[:5]
    assert pwned == [], pwned[:5]
    assert foreign == [], sorted(set(foreign))[:10]
    assert navigated == [], navigated[:5]
