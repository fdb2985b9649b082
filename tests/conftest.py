"""Shared fixtures: temporary sites, the shared/ folder, the checkers."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITE_BUILDER_SHARED", REPO.parent / "shared"))
CHECKS_HOME = Path(os.environ.get("CHECKS_HOME", "/tmp/site-checks"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def article(title: str, date: str, tags=(), body: str = "Body text.", **extra) -> str:
    """A Markdown article with front matter, as a string."""
    import yaml

    meta = {"title": title, "date": date, "tags": list(tags), **extra}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" + body + "\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An empty site folder with a minimal site.toml."""
    # every tag gets its page here (tests of pages and feeds use one-article tags); the default
    # min_articles = 2 is tested where it matters (test_site, test_check)
    write(tmp_path / "site.toml", 'title = "Test News"\nbase_url = "https://user.github.io/repo/"\n'
                                  '[tags]\nmin_articles = 1\n')
    (tmp_path / "content").mkdir()
    return tmp_path


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not found: the shared test material sits beside the checkout in CI")
    return SHARED


#: The headless Chromium the browser tests drive (Debian's package, installed by ``make checkers``).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium for a test module (skipped, saying why, where Playwright or Chromium is missing)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install the chromium package (make checkers)")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

