"""The article cache can never serve a stale article."""
import pickle
from zoneinfo import ZoneInfo

from site_builder.memo import cache
from site_builder.reading import reader
from tests.conftest import article, write


def read(site, tz="UTC"):
    c = cache.load(site, tz)
    paths, _ = reader.find_sources(site / "content", site)
    articles, problems = reader.read_all(paths, site / "content", site, ZoneInfo(tz), c)
    assert not problems
    cache.save(c, articles)
    return articles


def test_warm_read_equals_cold_read(site):
    for n in range(5):
        write(site / f"content/a{n}.md", article(f"T{n}", f"2021-01-0{n + 1}", ["x"], body=f"Body *{n}*"))
    cold = read(site)
    assert list((site / ".cache").glob("articles-*/*.pickle"))
    assert read(site) == cold


def test_edited_file_is_read_again(site):
    write(site / "content/a.md", article("Old", "2021-01-01"))
    read(site)
    write(site / "content/a.md", article("New", "2021-01-01"))
    assert [a.title for a in read(site)] == ["New"]


def test_deleted_file_leaves_the_cache(site):
    write(site / "content/a.md", article("A", "2021-01-01"))
    write(site / "content/b.md", article("B", "2021-01-01"))
    read(site)
    (site / "content/b.md").unlink()
    assert [a.title for a in read(site)] == ["A"]
    shards = list((site / ".cache").glob("articles-*/*.pickle"))
    assert set().union(*(pickle.loads(p.read_bytes())["entries"] for p in shards)) == {"a.md"}


def test_timezone_change_selects_another_cache(site):
    write(site / "content/a.md", article("A", "2021-01-01T10:00:00"))
    utc = read(site, "UTC")[0].date
    moscow = read(site, "Europe/Moscow")[0].date
    assert utc != moscow


def test_corrupt_cache_is_ignored(site):
    write(site / "content/a.md", article("A", "2021-01-01"))
    read(site)
    (path,) = (site / ".cache").glob("articles-*/*.pickle")
    path.write_bytes(b"garbage")
    assert [a.title for a in read(site)] == ["A"]


def test_key_changes_with_code_version(monkeypatch):
    before = cache.cache_key("UTC")
    monkeypatch.setattr(cache, "__version__", "999")
    assert cache.cache_key("UTC") != before


def test_old_unchanged_files_are_not_even_read(site, monkeypatch):
    import os

    write(site / "content/a.md", article("A", "2021-01-01"))
    old = 1_000_000_000
    os.utime(site / "content/a.md", (old, old))
    read(site)
    calls = []
    monkeypatch.setattr(reader, "load_source", lambda *a: calls.append(a) or (_ for _ in ()).throw(AssertionError))
    assert [a.title for a in read(site)] == ["A"]
    assert calls == []


def test_same_size_and_mtime_but_recent_file_is_read_again(site):
    import os

    path = write(site / "content/a.md", article("Aaa", "2021-01-01"))
    read(site)
    stat = path.stat()
    path.write_text(article("Bbb", "2021-01-01"))  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime, within the racy window
    assert [a.title for a in read(site)] == ["Bbb"]


def test_one_edit_rewrites_one_shard_and_the_old_layout_is_removed(site):
    for n in range(40):
        write(site / f"content/a{n}.md", article(f"T{n}", "2021-01-01", body=f"Body {n}"))
    (site / ".cache").mkdir()
    (site / ".cache/articles-0123456789abcdef.pickle").write_bytes(b"an older cache")
    read(site)
    before = {p: p.stat().st_mtime_ns for p in (site / ".cache").glob("articles-*/*.pickle")}
    assert len(before) > 10 and not list((site / ".cache").glob("articles-*.pickle"))
    write(site / "content/a7.md", article("T7 edited", "2021-01-01", body="Body 7"))
    assert "T7 edited" in [a.title for a in read(site)]
    after = {p: p.stat().st_mtime_ns for p in (site / ".cache").glob("articles-*/*.pickle")}
    assert after.keys() == before.keys()
    changed = [p.name for p in after if after[p] != before[p]]
    assert changed == [f"{cache.shard_of('a7.md'):02d}.pickle"]
