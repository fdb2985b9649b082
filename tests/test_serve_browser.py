"""``serve`` in a real headless Chromium: live reload, error overlay, recovery, new seeds."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from site_builder.config.options import TagsConfig
from site_builder.dev.serve import DevServer
from tests.conftest import SHARED, article
from tests.test_watch import Recorder, make_site

pytestmark = pytest.mark.e2e
WAIT_MS = 30_000  # upper bound for one step on a busy machine; steps normally take well under a second
RELOAD_BUDGET = 1.0  # seconds from a finished rebuild to the page showing it (the promise)




@pytest.fixture
def served(tmp_path: Path):
    site = make_site(tmp_path / "site")
    recorder = Recorder()
    with DevServer(site, port=0, on_result=recorder) as server:
        assert recorder.results[0].ok, [str(p) for p in recorder.results[0].problems]
        yield site, server, recorder


def story(title: str, body: str = "Body.") -> str:
    return article(title, "2024-03-02T10:00:00Z", tags=["Energy"], body=body, summary="S", slug="story-1")


def test_edit_break_fix_and_new_seed_in_the_browser(browser, served) -> None:
    from playwright.sync_api import expect

    site, server, recorder = served
    assert server.url.endswith("/repo/")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "articles/story-1/")
    expect(page.locator("h1")).to_have_text("Story number 1", timeout=WAIT_MS)
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('__livereload.js'))",
                           timeout=WAIT_MS)

    # edit the article: the open page reloads with the new text, within a second of the rebuild
    count = len(recorder.results)
    (site / "content" / "story-1.md").write_text(story("Edited while watching"), "utf-8")
    expect(page.locator("h1")).to_have_text("Edited while watching", timeout=WAIT_MS)
    shown = time.monotonic()
    built = recorder.wait_beyond(count)
    assert built.ok
    assert shown - recorder.finished_at(built) < RELOAD_BUDGET

    # break the front matter: the article is left out, and the overlay lists the problem over the last good page
    (site / "content" / "story-1.md").write_text('---\ntitle: "Unclosed\ndate: 2024-03-02\n---\nBody\n', "utf-8")
    overlay = page.locator("#site-builder-errors")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    expect(overlay).to_contain_text("content/story-1.md:2:8: error: front matter: this quote is never closed", timeout=WAIT_MS)
    (site / "content" / "story-1.md").write_text('---\ntitle: "T"\ndate: "<b>soon</b>"\n---\nBody\n', "utf-8")
    expect(overlay).to_contain_text("content/story-1.md:3: error: 'date' is not a date: '<b>soon</b>'", timeout=WAIT_MS)
    assert overlay.locator("b").count() == 0  # shown as text, never as markup
    expect(page.locator("h1")).to_have_text("Edited while watching")

    # fix it: the overlay goes and the page shows the fixed article
    (site / "content" / "story-1.md").write_text(story("Fixed and recovered"), "utf-8")
    expect(page.locator("h1")).to_have_text("Fixed and recovered", timeout=WAIT_MS)
    expect(overlay).to_have_count(0, timeout=WAIT_MS)

    # a new seed: imported, built, on the home page and on its tag pages
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    if not seeds:
        pytest.skip(f"no seed files in {SHARED / 'seeds'}")
    title = "A brand new wire story arrives"
    page.goto(server.url)
    (site / "seeds").mkdir()
    (site / "seeds" / "new-story.txt").write_text(retitled(seeds[0].read_text("utf-8"), title), "utf-8")
    link = page.get_by_role("link", name=title)
    expect(link.first).to_be_visible(timeout=WAIT_MS)
    link.first.click()
    expect(page.locator("h1")).to_have_text(title, timeout=WAIT_MS)
    tags = page.locator("a[rel=tag]")
    assert tags.count() > 0
    for href in tags.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith(("/repo/tags/", "/repo/sections/"))  # the section tag links to its section page
        page.goto(f"http://127.0.0.1:{server.port}{href}")
        expect(page.get_by_role("link", name=title).first).to_be_visible(timeout=WAIT_MS)
    assert errors == []
    page.close()


def test_problems_page_recovers_when_the_first_build_is_fixed(browser, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    site = make_site(tmp_path / "site")
    (site / "content" / "story-1.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    with DevServer(site, port=0) as server:
        page = browser.new_page()
        page.goto(server.url)
        expect(page.locator("#site-builder-errors")).to_contain_text("content/story-1.md:", timeout=WAIT_MS)
        (site / "content" / "story-1.md").write_text(story("Story one at last"), "utf-8")
        expect(page.get_by_role("link", name="Story one at last").first).to_be_visible(timeout=WAIT_MS)
        page.close()


def test_warnings_overlay_until_they_are_resolved(browser, tmp_path: Path) -> None:
    """Issue 16: what import warns about (a cp1252 seed) is shown over the pages until it is fixed."""
    from playwright.sync_api import expect

    site = make_site(tmp_path / "site")
    (site / "seeds").mkdir()
    seed = "Caf\u00e9 owners protest\n\nPARIS, March 4 (Reuters) - Caf\u00e9s closed on Monday.\n"
    (site / "seeds" / "cafe.txt").write_bytes(seed.encode("cp1252"))
    with DevServer(site, port=0) as server:
        page = browser.new_page()
        page.goto(server.url)
        overlay = page.locator("#site-builder-errors")
        expect(overlay).to_contain_text("seeds/cafe.txt:1: warning: not UTF-8; read as Windows-1252", timeout=WAIT_MS)
        expect(overlay).to_contain_text("Warnings (the site is published)")
        expect(page.get_by_role("link", name="Café owners protest").first).to_be_visible()
        (site / "seeds" / "cafe.txt").write_text(seed, "utf-8")
        expect(overlay).to_have_count(0, timeout=WAIT_MS)
        page.close()


def retitled(seed: str, title: str) -> str:
    """A seed's text with its title line replaced."""
    from site_builder.importing.wire import parse_seed

    old = parse_seed(seed, path="seed.txt", reference_date=dt.date(2026, 11, 29), tags=TagsConfig()).title
    assert old in seed
    return seed.replace(old, title, 1)
