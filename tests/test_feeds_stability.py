"""Readers see no new and no lost items after a base URL change, a slug rename and a title edit.

Builds a site, changes ``base_url``, renames one article's slug and edits
another's title, rebuilds, and reads both builds' feeds with newsboat, sfeed
and feedparser (``../shared/checks/readers-check.py --show``): each reader
sees the same item ids before and after. Editing one article's body and its
``updated`` marks exactly that item updated. Skipped when the checkers are
not installed.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import feedparser
import pytest

from site_builder.build import BuildOptions, build
from tests.conftest import CHECKS_HOME, SHARED, article, write

pytestmark = pytest.mark.e2e

NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
FEEDS = ("atom.xml", "feed.xml", "tags/world/atom.xml", "tags/world/feed.xml")
READERS = ("newsboat", "sfeed", "feedparser")


def write_articles(site: Path, renamed: bool = False, retitled: bool = False, edited: bool = False) -> None:
    """Five articles: two with a front matter id, three with the id derived from their file name."""
    specs = [
        ("one.md", "Markets rally", "2024-03-01T08:00:00Z", {"id": "tag:news.example,2024:one"}),
        ("two.md", "Storm hits coast", "2024-03-02T08:00:00Z", {"id": "tag:news.example,2024:two"}),
        ("three.md", "Election results", "2024-03-03T08:00:00Z", {}),
        ("four.md", "Rates unchanged", "2024-02-10T08:00:00Z", {}),
        ("five.md", "Harvest season", "2024-01-20T08:00:00Z", {}),
    ]
    for name, title, date, extra in specs:
        extra = dict(extra)
        body = f"{title}: the story & its <details>."
        if name == "three.md" and renamed:
            extra["slug"] = "election-results-final"
        if name == "two.md" and retitled:
            title = "Storm hits the north coast"
        if name == "four.md" and edited:
            body += "\n\nCorrection: rates were cut by a quarter point."
            extra["updated"] = "2024-03-05T10:00:00Z"
        write(site / "content" / name, article(title, date, tags=["World"], body=body, **extra))


def build_site(site: Path, out: Path, base_url: str) -> Path:
    build(BuildOptions(site_dir=site, output_dir=out, base_url=base_url, run_import=False, now=NOW))
    return out


def readers_view(out: Path) -> dict[tuple[str, str], set[str]]:
    """(feed, reader) -> the ids the reader saw, from readers-check.py --show."""
    script = SHARED / "checks" / "readers-check.py"
    if not script.is_file() or not (CHECKS_HOME / "venv").is_dir():
        pytest.skip(f"readers-check.py not installed: run ../shared/checks/setup.sh (CHECKS_HOME={CHECKS_HOME})")
    result = subprocess.run([sys.executable, str(script), "--show", *(str(out / f) for f in FEEDS)],
                            capture_output=True, text=True, timeout=300)
    if result.returncode == 2:
        pytest.skip(f"readers-check.py cannot run here: {result.stderr.strip()[-300:]}")
    assert result.returncode == 0, result.stdout + result.stderr
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    feed = None
    for line in result.stdout.splitlines():
        if not line.startswith(" ") and ": " in line:
            feed = line.split(": ", 1)[0]
            continue
        words = line.split()
        if feed and words and words[0] in READERS and " | " in line:
            seen[(feed, words[0])].add(line.rsplit(" | ", 1)[1].strip())
    assert {reader for _, reader in seen} == set(READERS), result.stdout
    return seen


def updated_by_id(path: Path) -> dict[str, tuple]:
    return {e.id: tuple(e.updated_parsed) for e in feedparser.parse(path.read_bytes()).entries}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write(tmp_path / "site.toml", 'title = "Stable News"\nbase_url = "https://user.github.io/repo/"\n')
    write_articles(tmp_path)
    return tmp_path


def test_base_url_slug_and_title_changes_bring_no_new_or_lost_items(site: Path, tmp_path: Path):
    before = build_site(site, tmp_path / "before", "https://user.github.io/repo/")
    write_articles(site, renamed=True, retitled=True)
    after = build_site(site, tmp_path / "after", "https://news.example.org/")
    assert b"election-results-final" in (after / "atom.xml").read_bytes()  # the changes did happen
    assert b"news.example.org" in (after / "feed.xml").read_bytes()
    old, new = readers_view(before), readers_view(after)
    assert set(old) == set(new) and len(old) == len(FEEDS) * len(READERS)
    for key in old:
        assert len(old[key]) == 5, key
        assert new[key] - old[key] == set(), f"{key}: new items {new[key] - old[key]}"
        assert old[key] - new[key] == set(), f"{key}: lost items {old[key] - new[key]}"
    archived = {e.id for p in after.glob("archive/*/*/atom.xml") for e in feedparser.parse(p.read_bytes()).entries}
    assert archived == old[("atom.xml", "feedparser")]


def test_editing_one_body_marks_exactly_that_item_updated(site: Path, tmp_path: Path):
    before = build_site(site, tmp_path / "before", "https://user.github.io/repo/")
    write_articles(site, edited=True)
    after = build_site(site, tmp_path / "after", "https://user.github.io/repo/")
    old, new = updated_by_id(before / "atom.xml"), updated_by_id(after / "atom.xml")
    assert set(old) == set(new)
    changed = {i for i in old if old[i] != new[i]}
    assert len(changed) == 1
    (changed_id,) = changed
    titles = {e.id: e.title for e in feedparser.parse((after / "atom.xml").read_bytes()).entries}
    assert titles[changed_id] == "Rates unchanged"
    assert readers_view(after).keys() == readers_view(before).keys()
    # unchanged months' archives keep their bytes; January is untouched by the February edit
    assert (before / "archive/2024/01/atom.xml").read_bytes() == (after / "archive/2024/01/atom.xml").read_bytes()


def test_rebuilding_unchanged_content_gives_identical_feeds(site: Path, tmp_path: Path):
    first = build_site(site, tmp_path / "a", "https://user.github.io/repo/")
    second = build_site(site, tmp_path / "b", "https://user.github.io/repo/")
    for path in sorted(p.relative_to(first) for p in first.rglob("*") if p.name in ("atom.xml", "feed.xml", "feed.json")):
        assert (first / path).read_bytes() == (second / path).read_bytes(), path
