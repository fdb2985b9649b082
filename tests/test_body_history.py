"""Body edits are updates: a committed change to an article's body marks it updated in the feeds, from git history."""
import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.reading import body_history
from site_builder.reading.body_history import body_text, body_updates
from site_builder.build import BuildOptions, build

UTC = dt.timezone.utc
PAGE = "---\ntitle: Bridge opens\ndate: 2026-11-20T10:00:00+00:00\ntags: [roads]\n---\n\nThe bridge opened on Friday.\n"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")


def commit(repo: Path, when: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, env=env, check=True, capture_output=True)


def site_with_history(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=site, check=True, capture_output=True)
    page = site / "content" / "bridge.md"
    page.write_text(PAGE, "utf-8")
    (site / "content" / "other.md").write_text(PAGE.replace("Bridge opens", "Other").replace("bridge", "road"), "utf-8")
    commit(site, "2026-11-20T10:00:00+00:00", "add")
    page.write_text(PAGE.replace("on Friday.", "on Friday, a day late."), "utf-8")  # a correction to the body
    commit(site, "2026-11-21T08:30:00+00:00", "correct")
    page.write_text(PAGE.replace("on Friday.", "on Friday, a day late.").replace("[roads]", "[roads, bridges]"), "utf-8")
    commit(site, "2026-11-25T09:00:00+00:00", "retag")  # front matter only: no update
    (site / "content" / "other.md").write_text(
        (site / "content" / "other.md").read_text("utf-8").replace("title: Other", "title: Another"), "utf-8")
    commit(site, "2026-11-26T09:00:00+00:00", "retitle")
    return site


def test_body_change_is_dated_by_the_commit_that_made_it(tmp_path, monkeypatch):
    site = site_with_history(tmp_path)
    assert body_updates(site) == {"bridge.md": dt.datetime(2026, 11, 21, 8, 30, tzinfo=UTC)}

    def no_history(*args):
        raise AssertionError("git history read again for the same HEAD")
    monkeypatch.setattr(body_history, "_from_history", no_history)
    assert body_updates(site) == {"bridge.md": dt.datetime(2026, 11, 21, 8, 30, tzinfo=UTC)}  # from the cache


def test_feeds_mark_the_corrected_article_updated_and_rebuilds_are_identical(tmp_path):
    site = site_with_history(tmp_path)
    now = dt.datetime(2026, 12, 1, tzinfo=UTC)
    build(BuildOptions(site_dir=site, now=now))
    items = {i["title"]: i for i in json.loads((site / "output" / "feed.json").read_text("utf-8"))["items"]}
    assert items["Bridge opens"]["date_modified"] == "2026-11-21T08:30:00+00:00"
    assert items["Another"]["date_modified"] == items["Another"]["date_published"]
    before = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    shutil.rmtree(site / ".cache")
    build(BuildOptions(site_dir=site, now=now))
    assert {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()} == before


def test_outside_git_nothing_changes(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(PAGE, "utf-8")
    assert body_updates(tmp_path) == {}


def test_body_text_is_what_follows_the_front_matter():
    assert body_text(PAGE) == "The bridge opened on Friday."
    # split as the reader splits a page: a byte-order mark, a "..." closing line, Windows line ends
    assert body_text("\ufeff" + PAGE) == "The bridge opened on Friday."
    assert body_text(PAGE.replace("---\n\nThe", "...\n\nThe")) == "The bridge opened on Friday."
    assert body_text(PAGE.replace("\n", "\r\n")) == "The bridge opened on Friday."
    assert body_text("---\ntitle: x\nnot closed\n") == "---\ntitle: x\nnot closed"
