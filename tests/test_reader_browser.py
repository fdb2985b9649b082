"""The site as a reader sees it (issue 18), in headless Chromium under the sub-path ``/repo/``.

* axe-core finds no violations on every page type (home, article, section, author, tag, tags index,
  archive, month, search with results, 404), in light and in dark colour scheme;
* the search page is driven like a reader: type words, see the right article, follow it; narrow by a
  section; find an article written in another language;
* vnu (errors and warnings) finds the new page types valid;
* screenshots of the search page and a section page for docs/screenshots/ (refreshed with
  UPDATE_SCREENSHOTS=1).

Needs Chromium (/usr/bin/chromium), playwright, Pagefind and axe-core (``make checkers`` installs it
into .venv/npm; AXE_CORE may point at another axe.min.js). Skipped, saying which is missing, without them.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from tests.conftest import CHECKS_HOME, REPO, SHARED, article, write

pytestmark = pytest.mark.e2e
AXE = Path(os.environ.get("AXE_CORE", REPO / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"))
DOCS = REPO / "docs" / "screenshots"
NOW = dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc)

#: Invented wire copy in agency style: sections, bylines, updates, tags by kind, two languages.
STORIES = {
    "grain-ships": ("Grain ships leave Odesa as corridor talks resume", "2026-12-01T09:10:00Z", "World",
                    ["Ukraine", "Odesa", "Black Sea", "Trade"], ["Olena Koval"],
                    "ODESA, Dec 1 (Reuters) - Three bulk carriers loaded with wheat left Odesa on Tuesday as officials "
                    "resumed talks on a shipping corridor through the Black Sea, port authorities said."),
    "corridor-insurers": ("Insurers cut war-risk premiums for Black Sea voyages", "2026-12-01T11:40:00Z", "Business",
                          ["Black Sea", "Trade", "Insurance"], ["Olena Koval", "Mark Hale"],
                          "LONDON, Dec 1 (Reuters) - Marine insurers lowered war-risk premiums for ships bound for "
                          "Ukrainian ports, brokers said, citing calmer conditions along the corridor."),
    "cup-final": ("Arsenal reach cup final after extra time", "2026-12-01T21:55:00Z", "Sport",
                  ["Arsenal", "Football"], ["Sam Okafor"],
                  "LONDON, Dec 1 (Reuters) - Arsenal beat Chelsea 2-1 after extra time on Tuesday to reach the "
                  "League Cup final, with a late header settling a tense semi-final."),
    "rate-decision": ("Central bank holds rates, signals cut in spring", "2026-11-30T13:00:00Z", "Business",
                      ["Interest rates", "Economy"], ["Mark Hale"],
                      "FRANKFURT, Nov 30 (Reuters) - The central bank kept its key rate unchanged on Monday and "
                      "said inflation was cooling fast enough to allow a cut in the spring."),
    "chip-plant": ("Chipmaker to build plant in Dresden", "2026-11-29T08:15:00Z", "Business",
                   ["Dresden", "Semiconductors"], ["Anna Berg"],
                   "DRESDEN, Nov 29 (Reuters) - A chipmaker said on Sunday it would build a new plant in Dresden, "
                   "creating about 1,200 jobs by 2029."),
    "court-ruling": ("Top court upholds ban on street protests near parliament", "2026-11-28T16:20:00Z", "Politics",
                     ["Supreme Court", "Protests"], [],
                     "LONDON, Nov 28 (Reuters) - The Supreme Court on Saturday upheld a ban on protests in the "
                     "streets around parliament, rejecting an appeal by a civil liberties group."),
    "flood-warning": ("Flood warnings issued as storm nears coast", "2026-11-27T19:05:00Z", "World",
                      ["Storms", "Floods"], [],
                      "DUBLIN, Nov 27 (Reuters) - Forecasters issued flood warnings for the west coast as a storm "
                      "with gusts of up to 120 km/h moved in from the Atlantic."),
    "storm-last-year": ("Gales close ferry routes to Ireland", "2025-11-20T06:45:00Z", "World",
                        ["Storms", "Ferries"], [],
                        "HOLYHEAD, Nov 20 (Reuters) - Ferry operators cancelled crossings to Dublin on Thursday "
                        "as gales battered the coast, stranding hundreds of lorries at the port."),
    "moscow-snow": ("Снегопад в Москве нарушил движение", "2026-12-01T07:30:00Z", "World",
                    ["Москва", "Погода"], [],
                    "МОСКВА, 1 декабря. /ТАСС/. Сильный снегопад нарушил движение транспорта в Москве, сообщили "
                    "в городском департаменте транспорта."),
}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    """The built site, in ``<root>/repo`` (served under ``/repo/``)."""
    pytest.importorskip("pagefind.index", reason="pagefind is not installed")
    site = tmp_path_factory.mktemp("site")
    write(site / "site.toml", 'title = "Wire News"\nbase_url = "https://user.github.io/repo/"\n'
          'timezone = "Europe/London"\nper_page = 3\n[theme]\nhome_sections = 2\n')
    for slug, (title, date, section, tags, authors, body) in STORIES.items():
        extra = {"section": section, "authors": authors, "agency": "TASS" if slug == "moscow-snow" else "Reuters",
                 "subjects": [t for t in tags if t in ("Trade", "Insurance", "Football", "Economy",
                                                       "Interest rates", "Погода")]}
        if slug == "moscow-snow":
            extra["language"] = "ru"
        if slug == "grain-ships":
            extra.update(updated="2026-12-01T14:05:00Z", advisory="(Adds port authority comment)")
        write(site / "content" / f"{slug}.md", article(title, date, tags=tags, body=body, **extra))
    root = tmp_path_factory.mktemp("served")
    report = build(BuildOptions(site_dir=site, output_dir=root / "repo", now=NOW))
    assert not [w for w in report.warnings if w.path == "search"], report.warnings
    return root / "repo"


@pytest.fixture(scope="module")
def served(output: Path):
    handler = functools.partial(Quiet, directory=str(output.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()




def open_page(browser, url: str, scheme: str = "light", width: int = 1200):
    """A page at ``url`` that fails the test on any script error or failed request."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"script error: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def test_vnu_finds_no_errors_in_the_new_page_types(output: Path):
    """Sections in the header, bylines, related stories, section and author pages, the search page: valid HTML."""
    script = SHARED / "checks" / "html-check.sh"
    if shutil.which("java") is None or not script.exists() or not (CHECKS_HOME / "venv").is_dir():
        pytest.skip("vnu is not installed: run ../shared/checks/setup.sh")
    done = subprocess.run([str(script), "--warnings", str(output)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-5000:]


def search_for(page, words: str) -> None:
    page.fill("#search-query", words)
    page.press("#search-query", "Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")


def test_a_reader_searches_sees_the_right_article_and_follows_it(served, browser):
    page = open_page(browser, served + "search/")
    search_for(page, "insurers premiums")
    results = page.locator("#search-results li")
    assert results.count() == 1
    first = results.first
    assert first.locator("a").inner_text() == "Insurers cut war-risk premiums for Black Sea voyages"
    assert "1 December 2026, 11:40" in first.inner_text() and "Business" in first.inner_text()
    assert first.locator("time").get_attribute("datetime") == "2026-12-01T11:40:00+00:00"
    assert first.locator("mark").count() >= 1
    first.locator("a").click()
    page.wait_for_load_state()
    assert page.url == served + "articles/corridor-insurers/"
    assert page.locator("h1").inner_text() == "Insurers cut war-risk premiums for Black Sea voyages"
    assert page.errors == []


def test_the_header_box_searches_from_any_page_and_filters_narrow_by_section(served, browser):
    page = open_page(browser, served + "tags/")
    page.fill("#header-search-query", "Black Sea")
    page.press("#header-search-query", "Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
    assert page.url.startswith(served + "search/?q=Black")
    assert page.locator("#search-results li").count() == 2
    page.select_option("#filter-section", "World")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 1")
    assert page.locator("#search-results li a").inner_text() == "Grain ships leave Odesa as corridor talks resume"
    assert "Section=World" in page.url
    options = page.locator("#filter-subjects option").all_inner_texts()
    assert "Trade (2)" in options  # tag kinds are filters of their own
    assert page.errors == []


def test_an_article_in_another_language_is_found_with_its_own_stemming(served, browser):
    page = open_page(browser, served + "search/?q=снегопада")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
    assert page.locator("#search-results li a").first.inner_text() == "Снегопад в Москве нарушил движение"
    assert page.errors == []


def test_a_rare_word_finds_its_article_alone_and_browsing_is_newest_first(served, browser):
    # One index for the whole site: Pagefind answers a word it lacks with the longest prefix it has
    # ("Holyhead" would find every "ho..."), so an index split by year would bury last year's story.
    page = open_page(browser, served + "search/?q=Holyhead")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
    assert page.locator("#search-results li a").all_inner_texts() == ["Gales close ferry routes to Ireland"]
    page = open_page(browser, served + "search/?Section=World")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
    titles = page.locator("#search-results li a").all_inner_texts()
    assert titles == ["Grain ships leave Odesa as corridor talks resume", "Снегопад в Москве нарушил движение",
                      "Flood warnings issued as storm nears coast", "Gales close ferry routes to Ireland"]
    assert page.errors == []


def test_browsing_a_section_shows_the_newest_of_every_language_first(tmp_path, browser):
    """More than a page of stories in the site's language and one newer in another: the newer one leads."""
    pytest.importorskip("pagefind.index", reason="pagefind is not installed")
    site = tmp_path / "site"
    write(site / "site.toml", 'title = "Wire News"\nbase_url = "https://user.github.io/repo/"\n')
    for n in range(35):
        write(site / "content" / f"harbour-{n}.md",
              article(f"Harbour report number {n}", f"2026-11-{1 + n % 28:02d}T0{n % 10}:00:00Z", tags=["Ports"],
                      section="World", body=f"Harbour master report {n} on berths and tides."))
    write(site / "content" / "moscow-ice.md",
          article("Лёд сковал Москву-реку", "2026-11-30T12:00:00Z", tags=["Москва"], section="World",
                  language="ru", body="Лёд сковал Москву-реку раньше обычного, сообщили синоптики."))
    build(BuildOptions(site_dir=site, output_dir=tmp_path / "served" / "repo", now=NOW))
    handler = functools.partial(Quiet, directory=str(tmp_path / "served"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = open_page(browser, f"http://127.0.0.1:{server.server_address[1]}/repo/search/?Section=World")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
        titles = page.locator("#search-results li a").all_inner_texts()
        assert titles[0] == "Лёд сковал Москву-реку" and len(titles) == 30
        assert "36 articles found, showing the first 30." in page.locator("#search-status").inner_text()
        assert page.errors == []
    finally:
        server.shutdown()


PAGES = {
    "home": "", "article": "articles/grain-ships/", "section": "sections/business/", "author": "authors/olena-koval/",
    "tag": "tags/black-sea/", "tags index": "tags/", "archive": "archive/", "month": "archive/2026/12/",
    "search": "search/?q=corridor", "404": "404.html", "feeds": "feeds/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page_type(served, browser, scheme):
    if not AXE.is_file():
        pytest.skip(f"axe-core not found at {AXE}: run make checkers (npm install axe-core)")
    problems = []
    for name, route in PAGES.items():
        page = open_page(browser, served + route, scheme)
        if name == "search":
            page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                              ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)")
        problems += [f"{name} ({scheme}): {v}" for v in found]
        problems += [f"{name} ({scheme}): {e}" for e in page.errors]
        page.context.close()
    assert problems == []


def test_pages_show_times_bylines_sections_and_related_stories(served, browser):
    page = open_page(browser, served + "articles/grain-ships/")
    byline = page.locator(".story-header .byline").inner_text()
    assert "By Olena Koval" in byline and "1 December 2026, 09:10" in byline
    assert "Updated 14:05: adds port authority comment" in byline
    assert page.locator(".section-nav a").all_inner_texts() == ["Business", "Politics", "Sport", "World"]
    assert page.locator(".related a").all_inner_texts() == ["Insurers cut war-risk premiums for Black Sea voyages"]
    page.locator(".story-header .kicker a").click()
    page.wait_for_load_state()
    assert page.url == served + "sections/world/"
    assert page.errors == []


@pytest.mark.parametrize("name, route, width", [("search", "search/?q=Black+Sea", 1200),
                                                ("section", "sections/business/", 1200),
                                                ("search-phone", "search/?q=Black+Sea", 390)])
def test_screenshots_of_search_and_a_section(served, browser, name, route, width):
    page = open_page(browser, served + route, width=width)
    if name.startswith("search"):
        page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
    shot = page.screenshot(full_page=True)
    assert len(shot) > 10_000
    if os.environ.get("UPDATE_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / f"{name}.png").write_bytes(shot)
