"""Search (issue 18): the Pagefind records, a deterministic index, builds without Pagefind, incremental updates.

The index tests run the real Pagefind binary (``pagefind[bin]``, a pinned dependency) and skip, saying
so, when it is not installed. The search page in Chromium is in ``test_search_browser.py``.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import shutil
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from site_builder.config.options import Config
from site_builder.pages import pagefind_files, search
from tests.conftest import article, write
from tests.test_pages import art

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 12, 2, tzinfo=UTC)


def needs_pagefind():
    pytest.importorskip("pagefind.index", reason="pagefind is not installed: pip install 'pagefind[bin]'")


def test_a_record_holds_the_text_meta_filters_and_language_of_its_article():
    story = art(1, 17, title="Grain deal", summary="Ships sail again.", html="<p>Odesa port reopens.</p>",
                date=dt.datetime(2021, 10, 17, 9, 30, tzinfo=UTC), section="World", place="Odesa",
                authors=("Jane Smith",), keywords=("grain corridor",), language="uk",
                tags=(), tag_kinds=(("places", ("Ukraine",)), ("subjects", ("Trade",))))
    from site_builder.model.article import Tag
    import dataclasses
    story = dataclasses.replace(story, tags=(Tag("Ukraine", "ukraine"), Tag("Trade", "trade"), Tag("Odesa", "odesa")))
    found = search.record(story, Config(timezone="Europe/Moscow"))
    assert found.url == "/articles/a1/" and found.language == "uk"
    assert found.content == "Grain deal\nShips sail again.\nOdesa port reopens."  # keywords are not text of its own
    assert dict(found.meta) == {"title": "Grain deal", "date": "17 October 2021, 12:30",
                                "datetime": "2021-10-17T12:30:00+03:00", "section": "World", "place": "Odesa"}
    assert dict(found.filters) == {"Author": ("Jane Smith",), "Places": ("Ukraine",), "Section": ("World",),
                                   "Subjects": ("Trade",), "Tag": ("Odesa",)}
    assert search.record(art(2, 1), Config(language="en-GB")).language == "en"
    assert search.languages([story, art(2, 1)], Config()) == ("en", "uk")


def records(count: int, seed: int = 3) -> tuple[search.Record, ...]:
    """Invented records in three languages with many filter values (where Pagefind's own order is random)."""
    pick = random.Random(seed)
    words = "grain port talks minister oil prices league final court ruling vote budget".split()
    return tuple(search.Record(
        f"/articles/a{n}/", " ".join(pick.choices(words, k=40)) + f" story{n}", ("en", "ru", "de")[n % 3],
        (("title", f"Story {n}"), ("date", "1 December 2026")),
        (("Section", (f"Section {n % 7}",)), ("Tag", tuple(f"Tag {pick.randrange(20)}" for _ in range(3)))),
        f"2026-12-01T{n % 24:02d}:00:00+00:00 id{n}") for n in range(count))


def test_two_runs_of_pagefind_give_the_same_bytes():
    needs_pagefind()
    found = records(120)
    first = search.index_files(found)
    for _ in range(3):
        assert search.index_files(found) == first
    assert any(p.startswith("filter/ru_") for p in first) and "pagefind-entry.json" in first
    assert not any(p.startswith("pagefind-ui") for p in first)


def test_normalising_undoes_pagefind_s_random_order():
    needs_pagefind()
    files = search.index_files(records(60))
    shuffled = dict(files)
    for path, data in files.items():
        if path.startswith("filter/"):
            name, values = pagefind_files.read(data)
            assert values == sorted(values, key=lambda v: v[0]) and len(values) > 1
            shuffled[path] = pagefind_files.write([name, list(reversed(values))])
    assert shuffled != files and pagefind_files.normalised(shuffled) == files


def test_cbor_reads_back_what_it_writes():
    value = [1, 23, 24, 255, 256, 65536, 2 ** 40, -5, "grain", "зерно", b"\x00\x01", [], [[1, 2], "x"], True, None]
    data = pagefind_files.cbor_dump(value)
    assert pagefind_files.cbor_load(data) == (value, len(data))
    assert data[:2] == bytes([0x8F, 0x01])  # array of 15, then 1 in one byte: the shortest heads, as serde writes


def fragments(output: Path) -> str:
    """The text of every fragment (one per article) of the index in ``output``."""
    found = []
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        found.append(gzip.decompress(path.read_bytes())[len(pagefind_files.SIGNATURE):].decode("utf-8"))
    return "\n".join(found)


@pytest.fixture
def news_site(tmp_path: Path) -> Path:
    write(tmp_path / "site.toml", 'title = "Test News"\nbase_url = "https://user.github.io/repo/"\n')
    write(tmp_path / "content" / "grain.md", article("Grain ships sail", "2026-12-01T09:00:00Z", tags=["Ukraine"],
                                                     section="World", body="Odesa port reopens for grain ships."))
    write(tmp_path / "content" / "league.md", article("Cup final", "2026-12-01T10:00:00Z", tags=["Football"],
                                                      section="Sport", body="Arsenal win the final."))
    return tmp_path


def test_incremental_builds_keep_the_index_current(news_site: Path):
    needs_pagefind()
    build(BuildOptions(site_dir=news_site, now=NOW))
    output = news_site / "output"
    assert "Odesa port" in fragments(output) and "sunflower" not in fragments(output)
    entry = (output / "pagefind" / "pagefind-entry.json").read_bytes()
    again = build(BuildOptions(site_dir=news_site, now=NOW))
    assert again.write.written == 0 and (output / "pagefind" / "pagefind-entry.json").read_bytes() == entry
    write(news_site / "content" / "grain.md", article("Grain ships sail", "2026-12-01T09:00:00Z", tags=["Ukraine"],
                                                      section="World", body="Odesa port reopens for sunflower oil."))
    build(BuildOptions(site_dir=news_site, now=NOW))
    assert "sunflower" in fragments(output) and "Odesa port reopens for grain" not in fragments(output)
    (news_site / "content" / "league.md").unlink()
    build(BuildOptions(site_dir=news_site, now=NOW))
    assert "Arsenal" not in fragments(output)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_without_pagefind_the_site_builds_the_same_but_for_the_index(news_site: Path, monkeypatch, tmp_path_factory):
    needs_pagefind()
    other = tmp_path_factory.mktemp("copy") / "site"
    shutil.copytree(news_site, other)
    build(BuildOptions(site_dir=news_site, now=NOW))

    def unavailable(found):
        raise search.SearchUnavailable("Pagefind is not installed: pip install 'pagefind[bin]'")

    monkeypatch.setattr(search, "index_files", unavailable)
    report = build(BuildOptions(site_dir=other, now=NOW))
    (warning,) = [w for w in report.warnings if w.path == "search"]
    assert "search index not built: Pagefind is not installed" in warning.message
    with_index, without = tree(news_site / "output"), tree(other / "output")
    assert not any(p.startswith("pagefind/") for p in without)
    assert {p: d for p, d in with_index.items() if not p.startswith("pagefind/")} == without


def test_two_clean_builds_are_byte_identical_index_included(news_site: Path, tmp_path_factory):
    needs_pagefind()
    other = tmp_path_factory.mktemp("copy") / "site"
    shutil.copytree(news_site, other)
    build(BuildOptions(site_dir=news_site, now=NOW))
    build(BuildOptions(site_dir=other, now=NOW))
    first, second = tree(news_site / "output"), tree(other / "output")
    assert any(p.startswith("pagefind/filter/") for p in first) and first == second
    page = first["search/index.html"].decode()
    assert 'data-index="/repo/pagefind/"' in page and 'data-languages="en"' in page
    assert 'action="/repo/search/"' in first["index.html"].decode()
    assert json.loads(first["pagefind/pagefind-entry.json"])["languages"]["en"]["page_count"] == 2


def test_search_can_be_turned_off(news_site: Path):
    write(news_site / "site.toml", 'title = "Test News"\nbase_url = "https://user.github.io/repo/"\n'
          '[search]\nenabled = false\n')
    report = build(BuildOptions(site_dir=news_site, now=NOW))
    files = tree(news_site / "output")
    assert not report.warnings
    assert not any(p.startswith(("pagefind/", "search/")) for p in files)
    assert 'class="header-search"' not in files["index.html"].decode()
    assert b"/search/" not in files["sitemap.xml"]
