"""The whole-build short cut: used only when nothing that matters changed."""
import datetime as dt
import os

from site_builder.build import BuildOptions, build
from tests.conftest import article, write

OLD = 1_600_000_000  # 2020-09-13: safely older than the racy window
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)


def age(site):
    for folder in ("content", "templates", "static"):
        for path in (site / folder).rglob("*"):
            os.utime(path, (OLD, OLD))


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def make(site):
    write(site / "content/a.md", article("A", "2021-01-01", ["x"]))
    write(site / "content/b.md", article("B", "2021-02-01", ["y"]))
    age(site)
    return build(BuildOptions(site_dir=site, now=NOW))


def shortcut_used(report):
    return report.explain == ("nothing changed since the last build: every output kept",)


def test_unchanged_site_takes_the_short_cut_with_the_same_report(site):
    first = make(site)
    again = build(BuildOptions(site_dir=site, now=NOW))
    assert shortcut_used(again)
    assert (again.articles, again.tags, again.pages, again.feeds) == (first.articles, first.tags, first.pages, first.feeds)
    assert again.write.written == 0


def test_changed_input_rebuilds(site):
    make(site)
    write(site / "content/a.md", article("A changed", "2021-01-01", ["x"]))
    os.utime(site / "content/a.md", (OLD + 5, OLD + 5))
    report = build(BuildOptions(site_dir=site, now=NOW))
    assert not shortcut_used(report)
    assert b"A changed" in (site / "output/index.html").read_bytes()


def test_recent_files_are_never_trusted(site):
    make(site)
    write(site / "content/a.md", article("A", "2021-01-01", ["x"]))  # same bytes, but mtime now
    assert not shortcut_used(build(BuildOptions(site_dir=site, now=NOW)))


def test_tampered_or_stray_output_rebuilds_to_the_same_site(site):
    make(site)
    before = tree(site / "output")
    (site / "output/feed.json").unlink()
    (site / "output/stray.html").write_text("x")
    report = build(BuildOptions(site_dir=site, now=NOW))
    assert not shortcut_used(report)
    assert tree(site / "output") == before


def test_future_article_coming_due_rebuilds(site):
    write(site / "content/later.md", article("Later", "2029-06-01", ["x"]))
    make(site)
    early = build(BuildOptions(site_dir=site, now=dt.datetime(2029, 1, 1, tzinfo=dt.timezone.utc)))
    assert early.skipped == 1
    assert shortcut_used(build(BuildOptions(site_dir=site, now=dt.datetime(2029, 2, 1, tzinfo=dt.timezone.utc))))
    due = build(BuildOptions(site_dir=site, now=dt.datetime(2029, 7, 1, tzinfo=dt.timezone.utc)))
    assert not shortcut_used(due) and due.skipped == 0
    assert (site / "output/articles/later/index.html").exists()


def test_config_change_rebuilds(site):
    make(site)
    write(site / "site.toml", 'title = "Other"\nbase_url = "https://user.github.io/repo/"\n')
    report = build(BuildOptions(site_dir=site, now=NOW))
    assert not shortcut_used(report)
    assert b"Other" in (site / "output/index.html").read_bytes()
