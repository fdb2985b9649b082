"""Watch mode driven by real file operations; after each, output == a clean build."""
from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from site_builder.dev import watch
from site_builder.pages.environment import make_environment
from site_builder.build import BuildOptions, build
from site_builder.dev.watch import Watcher, WatchResult, fingerprint, is_input, is_scratch
from tests.conftest import SHARED, article, write

TIMEOUT = 60.0  # generous: the machine is shared; tests normally finish in a few seconds


class Recorder:
    """Collects watch results and lets a test wait for them."""

    def __init__(self) -> None:
        self.results: list[WatchResult] = []
        self._arrived: dict[int, float] = {}
        self._cond = threading.Condition()

    def __call__(self, result: WatchResult) -> None:
        with self._cond:
            self.results.append(result)
            self._arrived[result.generation] = time.monotonic()
            self._cond.notify_all()

    def wait_beyond(self, count: int, timeout: float = TIMEOUT) -> WatchResult:
        """The first result after the first ``count`` ones."""
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.results) > count, timeout), "no rebuild happened"
            return self.results[count]

    def finished_at(self, result: WatchResult) -> float:
        """When the build's result arrived (time.monotonic)."""
        return self._arrived[result.generation]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(site: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / f"clean-{time.monotonic_ns()}"
    build(BuildOptions(site, output_dir=out))
    return tree(out)


def make_site(root: Path, n: int = 6) -> Path:
    write(root / "site.toml", 'title = "Watch News"\nbase_url = "https://user.github.io/repo/"\n'
                              '[import]\nreference_date = 2026-11-29\n')
    for i in range(n):
        write(root / "content" / f"story-{i}.md", article(f"Story number {i}", f"2024-03-{i + 1:02d}T10:00:00Z",
                                                         tags=["Energy", f"Town {i % 3}"], body=f"Body of story {i}.",
                                                         summary=f"Summary {i}", slug=f"story-{i}"))
    return root


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def watching(site: Path):
    recorder = Recorder()
    watcher = Watcher(site, recorder)
    first = watcher.start()
    assert first.ok, first.problems
    yield watcher, recorder
    watcher.stop()


def settle(watcher: Watcher, recorder: Recorder, count: int) -> WatchResult:
    """Wait for the rebuild that a file operation starts, then for the watcher to go quiet."""
    result = recorder.wait_beyond(count)
    assert watcher.wait_idle(TIMEOUT)
    return recorder.results[-1] if recorder.results[-1].generation >= result.generation else result


def assert_clean(site: Path, tmp: Path) -> None:
    assert tree(site / "output") == clean_build(site, tmp)


# --- the filter -------------------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["site.toml", "content/a.md", "content/sub/a.md", "seeds/x.txt", "templates/base.html",
                                 "static/CNAME", "static/.nojekyll", "static/.well-known/security.txt", "content"])
def test_inputs_are_watched(rel: str) -> None:
    assert is_input(rel)


@pytest.mark.parametrize("rel", ["output/index.html", ".site-builder/serve/index.html", ".cache/x", ".git/HEAD",
                                 "content/.a.md.swp", "content/a.md~", "content/4913", "content/.#a.md",
                                 "content/#a.md#", "content/a.md___jb_tmp___", "content/a.md___jb_old___",
                                 "content/.goutputstream-ABC123", "content/.hidden/a.md", "content/a.md.bak",
                                 "static/.DS_Store", "other.toml", "README.md", ""])
def test_outputs_hidden_and_scratch_files_are_not(rel: str) -> None:
    assert not is_input(rel)


def test_scratch_names() -> None:
    assert is_scratch(".x.swp") and is_scratch("x~") and is_scratch("4913") and not is_scratch("x.md")
    assert is_scratch(".nojekyll") and not is_scratch(".nojekyll", in_static=True)


def test_fingerprint_changes_with_inputs_only(site: Path) -> None:
    before = fingerprint(site)
    write(site / "output" / "index.html", "x")
    write(site / "content" / ".story-1.md.swp", "x")
    assert fingerprint(site) == before
    write(site / "content" / "new.md", article("New", "2024-01-01T00:00:00Z"))
    assert fingerprint(site) != before


# --- real file operations ------------------------------------------------------------------------------

def test_first_build_matches_clean_build(watching, site: Path, tmp_path: Path) -> None:
    assert_clean(site, tmp_path)


def test_edit_in_place(watching, site: Path, tmp_path: Path) -> None:
    watcher, rec = watching
    n = len(rec.results)
    (site / "content" / "story-2.md").write_text(article("Story two, revised", "2024-03-03T10:00:00Z", tags=["Energy"],
                                                         body="A new body.", slug="story-2"), "utf-8")
    result = settle(watcher, rec, n)
    assert result.ok and "content/story-2.md" in result.changed
    assert "Story two, revised" in (site / "output/articles/story-2/index.html").read_text("utf-8")
    assert_clean(site, tmp_path)


def test_edited_article_page_is_written_ahead_of_the_build_then_the_build_matches_a_clean_one(site: Path,
                                                                                               tmp_path: Path) -> None:
    rec, previews = Recorder(), []
    page = site / "output/articles/story-4/index.html"

    def on_preview(preview: watch.Preview) -> None:
        # The page is already written when the preview is reported, and the full build has not run yet.
        previews.append((preview, page.read_text("utf-8"), len(rec.results)))

    watcher = Watcher(site, rec, on_preview=on_preview)
    assert watcher.start().ok
    try:
        n = len(rec.results)
        (site / "content" / "story-4.md").write_text(article("Story four, previewed", "2024-03-05T10:00:00Z",
                                                             tags=["Energy"], body="Fresh body.", slug="story-4"), "utf-8")
        result = settle(watcher, rec, n)
    finally:
        watcher.stop()
    assert result.ok
    assert len(previews) == 1
    preview, text, builds_before = previews[0]
    assert preview.paths == ("articles/story-4/index.html",) and preview.changed == ("content/story-4.md",)
    assert "Story four, previewed" in text and "Fresh body." in text and builds_before == n
    assert text == page.read_text("utf-8")  # the full build wrote the very same page
    assert_clean(site, tmp_path)


def test_no_preview_for_drafts_broken_files_or_other_inputs(site: Path, tmp_path: Path) -> None:
    from site_builder.build import preview

    write(site / "content/draft.md", article("Draft", "2024-03-09T10:00:00Z", slug="draft", draft=True))
    write(site / "content/future.md", article("Future", "2999-01-01T10:00:00Z", slug="future"))
    write(site / "content/broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    (site / "output").mkdir()
    changed = ("content/draft.md", "content/future.md", "content/broken.md", "content/gone.md", "site.toml",
               "templates/base.html")
    assert preview(site, None, None, changed) == ()
    assert list((site / "output").iterdir()) == []


def test_rename_on_save_editors(watching, site: Path, tmp_path: Path) -> None:
    watcher, rec = watching
    target = site / "content" / "story-1.md"

    def text(title: str) -> str:
        return article(title, "2024-03-02T10:00:00Z", tags=["Energy"], slug="story-1")

    # vim (backupcopy=no): swap file, write probe, rename original to backup, write anew, drop backup
    n = len(rec.results)
    write(site / "content" / ".story-1.md.swp", "swap")
    (site / "content" / "4913").write_text("")
    (site / "content" / "4913").unlink()
    os.rename(target, site / "content" / "story-1.md~")
    target.write_text(text("Saved by vim"), "utf-8")
    (site / "content" / "story-1.md~").unlink()
    (site / "content" / ".story-1.md.swp").unlink()
    result = settle(watcher, rec, n)
    assert result.changed == ("content/story-1.md",), "scratch files must not be reported"
    assert_clean(site, tmp_path)
    assert "Saved by vim" in (site / "output/articles/story-1/index.html").read_text("utf-8")

    # gedit / VS Code style: write a hidden temp file, rename it over the original
    n = len(rec.results)
    tmp_file = site / "content" / ".goutputstream-K3J2X1"
    tmp_file.write_text(text("Saved by gedit"), "utf-8")
    os.replace(tmp_file, target)
    settle(watcher, rec, n)
    assert_clean(site, tmp_path)
    assert "Saved by gedit" in (site / "output/articles/story-1/index.html").read_text("utf-8")

    # JetBrains: write ___jb_tmp___, move original to ___jb_old___, move tmp into place, delete old
    n = len(rec.results)
    jb_tmp, jb_old = site / "content" / "story-1.md___jb_tmp___", site / "content" / "story-1.md___jb_old___"
    jb_tmp.write_text(text("Saved by JetBrains"), "utf-8")
    os.rename(target, jb_old)
    os.rename(jb_tmp, target)
    jb_old.unlink()
    settle(watcher, rec, n)
    assert_clean(site, tmp_path)
    assert "Saved by JetBrains" in (site / "output/articles/story-1/index.html").read_text("utf-8")


def test_delete_removes_article_everywhere(watching, site: Path, tmp_path: Path) -> None:
    watcher, rec = watching
    n = len(rec.results)
    (site / "content" / "story-3.md").unlink()
    result = settle(watcher, rec, n)
    assert result.ok and result.report.articles == 5
    assert_clean(site, tmp_path)
    for path, data in tree(site / "output").items():
        assert b"story-3" not in data and b"Story number 3" not in data, path


def test_move_between_folders(watching, site: Path, tmp_path: Path) -> None:
    watcher, rec = watching
    n = len(rec.results)
    (site / "content" / "2024").mkdir()
    os.rename(site / "content" / "story-4.md", site / "content" / "2024" / "story-4.md")
    settle(watcher, rec, n)
    assert_clean(site, tmp_path)

    n = len(rec.results)  # out of the site: the article is gone
    os.rename(site / "content" / "2024" / "story-4.md", tmp_path / "story-4.md")
    result = settle(watcher, rec, n)
    assert result.report.articles == 5
    assert_clean(site, tmp_path)

    n = len(rec.results)  # a whole folder moved in from elsewhere
    elsewhere = tmp_path / "batch"
    elsewhere.mkdir()
    shutil.move(str(tmp_path / "story-4.md"), str(elsewhere / "story-4.md"))
    os.rename(elsewhere, site / "content" / "batch")
    result = settle(watcher, rec, n)
    assert result.report.articles == 6
    assert_clean(site, tmp_path)


def test_burst_of_100_files_is_one_or_two_builds(watching, site: Path, tmp_path: Path) -> None:
    watcher, rec = watching
    n = len(rec.results)
    for i in range(100):
        write(site / "content" / "burst" / f"b{i:03d}.md",
              article(f"Burst {i}", "2024-02-01T08:00:00Z", tags=["Burst"], slug=f"burst-{i:03d}"))
    settle(watcher, rec, n)
    builds = rec.results[n:]
    assert 1 <= len(builds) <= 2, [b.changed[:3] for b in builds]
    assert builds[-1].ok and builds[-1].report.articles == 106
    assert_clean(site, tmp_path)


def test_error_keeps_last_good_output_and_next_save_recovers(watching, site: Path, tmp_path: Path) -> None:
    watcher, rec = watching
    good = tree(site / "output")
    n = len(rec.results)
    (site / "content" / "story-0.md").write_text('---\ntitle: "Unclosed\ndate: 2024-03-01\n---\nBody\n', "utf-8")
    result = settle(watcher, rec, n)
    assert result.ok  # one bad file is left out; the other articles are published
    assert [p.path for p in result.problems] == ["content/story-0.md"] and result.problems[0].line == 2
    assert result.report.articles == 5 and (site / "output/articles/story-1/index.html").is_file()
    partial = tree(site / "output")

    n = len(rec.results)  # a site-wide problem (the config): the last site stays
    config = (site / "site.toml").read_text("utf-8")
    (site / "site.toml").write_text(config + "titel = 'typo'\n", "utf-8")
    result = settle(watcher, rec, n)
    assert not result.ok and [p.path for p in result.problems] == ["site.toml"]
    assert tree(site / "output") == partial

    n = len(rec.results)
    (site / "site.toml").write_text(config, "utf-8")
    (site / "content" / "story-0.md").write_text(article("Story zero fixed", "2024-03-01T10:00:00Z", tags=["Energy", "Town 0"], slug="story-0"), "utf-8")
    result = settle(watcher, rec, n)
    assert result.ok and not result.problems and result.report.articles == 6
    # The search index's files are named by their content, and story-0's text changed: the rest must match.
    assert {p for p in tree(site / "output") if not p.startswith("pagefind/")} == {p for p in good if not p.startswith("pagefind/")}
    assert_clean(site, tmp_path)


def test_config_and_template_changes_rebuild(watching, site: Path, tmp_path: Path) -> None:
    watcher, rec = watching
    n = len(rec.results)
    toml = (site / "site.toml").read_text("utf-8").replace('"Watch News"', '"Renamed News"')
    (site / "site.toml").write_text(toml, "utf-8")
    settle(watcher, rec, n)
    assert "Renamed News" in (site / "output/index.html").read_text("utf-8")
    assert_clean(site, tmp_path)

    # templates/ did not exist when the watch started: its creation is seen, then edits inside it
    n = len(rec.results)
    theme_env = make_environment(tmp_path / "no-site")
    theme = theme_env.loader.get_source(theme_env, "base.html")[0]
    (site / "templates").mkdir()
    (site / "templates" / "base.html").write_text(theme.replace("<body", "<body data-marker=\"m1\"", 1), "utf-8")
    settle(watcher, rec, n)
    assert 'data-marker="m1"' in (site / "output/index.html").read_text("utf-8")
    assert_clean(site, tmp_path)

    n = len(rec.results)  # a broken template is reported with its path, then fixed
    (site / "templates" / "base.html").write_text("{% if %}\n", "utf-8")
    result = settle(watcher, rec, n)
    assert not result.ok and result.problems[0].path == "templates/base.html"
    n = len(rec.results)
    (site / "templates" / "base.html").unlink()
    result = settle(watcher, rec, n)
    assert result.ok
    assert_clean(site, tmp_path)


def test_new_seed_is_imported_and_built(watching, site: Path, tmp_path: Path) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    if not seeds:
        pytest.skip(f"no seed files in {SHARED / 'seeds'}")
    watcher, rec = watching
    n = len(rec.results)
    (site / "seeds").mkdir()
    shutil.copy(seeds[0], site / "seeds" / seeds[0].name)
    result = settle(watcher, rec, n)
    assert result.ok, result.problems
    assert result.report.articles == 7
    imported = [p for p in (site / "content").glob("*.md") if "seed:" in p.read_text("utf-8")]
    assert len(imported) == 1
    builds = len(rec.results)
    assert watcher.wait_idle(TIMEOUT) and len(rec.results) == builds, "the importer's own writes must not rebuild"
    assert_clean(site, tmp_path)


def test_poll_mode(site: Path, tmp_path: Path) -> None:
    rec = Recorder()
    with Watcher(site, rec, poll=True, poll_interval=0.2) as watcher:
        n = len(rec.results)
        (site / "content" / "story-5.md").unlink()
        result = settle(watcher, rec, n)
        assert result.report.articles == 5
        assert_clean(site, tmp_path)


def test_a_failing_listener_or_build_bug_never_ends_the_loop(site: Path, tmp_path: Path, monkeypatch) -> None:
    rec = Recorder()
    calls = []

    def listener(result: WatchResult) -> None:
        rec(result)
        calls.append(result)
        raise RuntimeError("listener bug")

    with Watcher(site, listener) as watcher:
        real_build = watch.build_mod.build
        monkeypatch.setattr(watch.build_mod, "build", lambda options: 1 / 0)
        n = len(rec.results)
        (site / "content" / "story-5.md").unlink()
        result = settle(watcher, rec, n)
        assert not result.ok and "internal error: ZeroDivisionError" in result.problems[0].message
        monkeypatch.setattr(watch.build_mod, "build", real_build)
        n = len(rec.results)
        (site / "content" / "story-4.md").unlink()
        result = settle(watcher, rec, n)
        assert result.ok and result.report.articles == 4
        assert_clean(site, tmp_path)


def test_stop_is_prompt(site: Path) -> None:
    watcher = Watcher(site, lambda r: None)
    watcher.start()
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 5
