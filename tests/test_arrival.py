"""Arrival: recorded once at import (git's first commit time, else the import time); the year rule works from it."""
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.reading import frontmatter
from site_builder.importing.arrival import git_arrivals
from site_builder.config.options import Config, TagsConfig
from site_builder.importing.wire import parse_seed
from site_builder.importing.seeds import import_seeds

ROOT = Path(__file__).resolve().parents[1]
UTC = dt.timezone.utc
TUESDAY_1405 = dt.datetime(2026, 12, 1, 14, 5, 30, tzinfo=UTC)
OPEC = ("OPEC+ extends output cuts into 2027\n\n"
        "SINGAPORE, Dec 1 (Reuters) - OPEC+ said on Sunday it would extend its output cuts by three months, "
        "a decision analysts had expected.\n\nOil prices rose after the decision.\n")
LONDON = "Pound firms after data\n\nLONDON, November 30 - The pound firmed against the dollar on Monday.\n\nMore text.\n"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")


def meta_of(page: Path) -> dict:
    return dict(frontmatter.parse(page.read_text("utf-8"), page.name).meta)


def test_fresh_reuters_story_on_a_tuesday_is_todays_not_2024s():
    draft = parse_seed(OPEC, path="s.txt", tags=TagsConfig(), arrival=TUESDAY_1405)
    assert draft.date == dt.date(2026, 12, 1) and draft.date_source == "dateline+arrival"
    assert draft.moment == TUESDAY_1405  # the arrival's time of day: a day's stories sort as they arrived


def test_fresh_story_from_yesterday_keeps_the_arrivals_time_of_day():
    draft = parse_seed(LONDON, path="s.txt", tags=TagsConfig(), arrival=TUESDAY_1405)
    assert draft.date == dt.date(2026, 11, 30)
    assert draft.moment == dt.datetime(2026, 11, 30, 14, 5, 30, tzinfo=UTC)


def test_reference_date_is_an_archive_override():
    draft = parse_seed(OPEC, path="s.txt", tags=TagsConfig(), reference_date=dt.date(2026, 12, 31),
                       arrival=TUESDAY_1405)
    assert draft.date == dt.date(2024, 12, 1) and draft.date_source == "dateline+weekday" and draft.moment is None


def test_no_dateline_takes_the_arrival():
    draft = parse_seed("A title\n\nSome text without a dateline.\n", path="s.txt", tags=TagsConfig(),
                       arrival=TUESDAY_1405)
    assert (draft.date, draft.date_source, draft.moment) == (dt.date(2026, 12, 1), "arrival", TUESDAY_1405)


def test_repository_seed_is_archival_and_comes_out_2021_10_17():
    seed = next((ROOT / "seeds").glob("*.txt"))
    added = dt.datetime(2026, 11, 29, 2, 24, 33, tzinfo=UTC)  # the commit that added it
    draft = parse_seed(seed.read_text("utf-8"), path="seed", tags=TagsConfig(), arrival=added)
    assert draft.date == dt.date(2021, 10, 17) and draft.date_source == "dateline+weekday" and draft.moment is None
    assert (draft.place, draft.agency) == ("Nur-Sultan", "TASS")


def test_repository_site_toml_pins_no_reference_date():
    import tomllib

    site = tomllib.loads((ROOT / "site.toml").read_text("utf-8"))
    assert "reference_date" not in site.get("import", {})  # the seed is dated from its arrival, as new copy is


def test_received_is_recorded_once_and_never_re_derived(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(LONDON, "utf-8")
    report = import_seeds(tmp_path, Config(), now=TUESDAY_1405)
    page = tmp_path / report.written[0]
    meta = meta_of(page)
    assert meta["received"] == TUESDAY_1405 and meta["date"] == dt.datetime(2026, 11, 30, 14, 5, 30, tzinfo=UTC)
    assert meta["id"].endswith(",2026-11-30:pound-firms-after-data")
    # the seed changes a year later: the page is rewritten, its arrival (and so its date) stays
    (tmp_path / "seeds" / "a.txt").write_text(LONDON.replace("More text.", "Changed text."), "utf-8")
    import_seeds(tmp_path, Config(), now=TUESDAY_1405 + dt.timedelta(days=400))
    again = meta_of(page)
    assert again["received"] == TUESDAY_1405 and again["date"] == meta["date"] and "Changed text." in page.read_text()


def test_arrival_is_shown_in_the_site_time_zone(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(OPEC, "utf-8")
    config = Config(timezone="Asia/Singapore")
    page = tmp_path / import_seeds(tmp_path, config, now=dt.datetime(2026, 12, 1, 2, 0, tzinfo=UTC)).written[0]
    meta = meta_of(page)
    assert meta["date"].isoformat() == "2026-12-01T10:00:00+08:00"
    assert meta["received"].isoformat() == "2026-12-01T02:00:00+00:00"


def git(repo: Path, *args: str, when: str = "2026-11-29T02:24:33+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@needs_git
def test_arrival_of_a_tracked_seed_is_the_commit_that_first_added_it(tmp_path):
    repo = tmp_path / "repo"
    (repo / "seeds").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "seeds" / "a.txt").write_text(LONDON, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add", when="2026-11-30T09:15:00+02:00")
    (repo / "seeds" / "a.txt").write_text(LONDON + "\nLater edit.\n", "utf-8")
    git(repo, "commit", "-q", "-am", "edit", when="2026-12-05T10:00:00+00:00")
    (repo / "seeds" / "b.txt").write_text(OPEC, "utf-8")  # not committed: arrives at the import
    got = git_arrivals([repo / "seeds" / "a.txt", repo / "seeds" / "b.txt"])
    assert got == {(repo / "seeds" / "a.txt").resolve(): dt.datetime(2026, 11, 30, 7, 15, tzinfo=UTC)}
    report = import_seeds(repo, Config(), now=TUESDAY_1405)
    received = {meta_of(repo / p)["seed"]: meta_of(repo / p)["received"] for p in report.written}
    assert received == {"seeds/a.txt": dt.datetime(2026, 11, 30, 7, 15, tzinfo=UTC), "seeds/b.txt": TUESDAY_1405}
    for folder in ("x", "y"):  # seeds in sibling folders are all found by the one git log
        (repo / "seeds" / folder).mkdir()
        (repo / "seeds" / folder / "c.txt").write_text(LONDON, "utf-8")
    git(repo, "add", "seeds/x", "seeds/y")
    git(repo, "commit", "-q", "-m", "more", when="2026-11-30T12:00:00+00:00")
    nested = git_arrivals([repo / "seeds" / "x" / "c.txt", repo / "seeds" / "y" / "c.txt"])
    assert sorted(nested.values()) == [dt.datetime(2026, 11, 30, 12, tzinfo=UTC)] * 2


@needs_git
def test_shallow_clone_boundary_commit_is_not_an_arrival(tmp_path):
    origin = tmp_path / "origin"
    (origin / "seeds").mkdir(parents=True)
    git(origin, "init", "-q")
    (origin / "seeds" / "a.txt").write_text(LONDON, "utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "add", when="2026-11-01T00:00:00+00:00")
    (origin / "README").write_text("x", "utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "later", when="2026-11-30T00:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True, capture_output=True)
    assert git_arrivals([clone / "seeds" / "a.txt"]) == {}  # the boundary commit seems to add it: not trusted
    full = tmp_path / "full"
    subprocess.run(["git", "clone", "-q", f"file://{origin}", str(full)], check=True, capture_output=True)
    assert git_arrivals([full / "seeds" / "a.txt"]) == {
        (full / "seeds" / "a.txt").resolve(): dt.datetime(2026, 11, 1, tzinfo=UTC)}


def test_outside_git_nothing_is_dated(tmp_path):
    (tmp_path / "a.txt").write_text("x", "utf-8")
    assert git_arrivals([tmp_path / "a.txt"]) == {}


@needs_git
def test_a_committed_change_to_a_seed_dates_its_pages_update_by_that_commit(tmp_path):
    from site_builder.importing.arrival import git_last_changes

    repo = tmp_path / "repo"
    (repo / "seeds").mkdir(parents=True)
    git(repo, "init", "-q")
    seed = repo / "seeds" / "a.txt"
    seed.write_text(LONDON, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add", when="2026-11-30T09:00:00+00:00")
    import_seeds(repo, Config(), now=TUESDAY_1405)
    seed.write_text(LONDON.replace("More text.", "Corrected text."), "utf-8")
    assert git_last_changes([seed]) == {}  # edited, not committed: the import dates it
    git(repo, "commit", "-q", "-am", "correct", when="2026-12-01T16:00:00+00:00")
    assert git_last_changes([seed]) == {seed.resolve(): dt.datetime(2026, 12, 1, 16, tzinfo=UTC)}
    (page,) = import_seeds(repo, Config(), now=TUESDAY_1405 + dt.timedelta(days=30)).written
    assert meta_of(repo / page)["updated"] == dt.datetime(2026, 12, 1, 16, tzinfo=UTC)  # the same on every clone
