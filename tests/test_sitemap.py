"""The sitemap: one file up to the protocol's 50,000 URLs, an index of numbered parts beyond."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree

from site_builder.crawl import sitemap
from site_builder.build import BuildOptions, build
from site_builder.check.site import check
from site_builder.config.options import Config
from site_builder.model.grouping import make_site
from site_builder.model.urls import Urls
from tests.conftest import article, write
from tests.test_feeds import BASE, UTC, make_article, render

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locs(data: bytes) -> list[str]:
    return [loc.text for loc in etree.fromstring(data).iterfind(".//s:loc", NS)]


def test_a_text_edit_keeps_the_sitemap_job(tmp_path: Path) -> None:
    import dataclasses

    from site_builder.memo.fingerprint import Fingerprinter

    articles = [make_article(n) for n in range(1, 4)]
    config = Config(title="T", base_url=BASE)
    edited = [dataclasses.replace(articles[0], html="<p>New text.</p>", digest="changed"), *articles[1:]]

    def fingerprint(items) -> str:
        site, _ = make_site(items, UTC)
        (job,) = sitemap.sitemap_jobs(site, config, Urls(BASE))
        return Fingerprinter().of(job.values)

    assert fingerprint(edited) == fingerprint(articles)
    redated = [dataclasses.replace(articles[0], updated=dt.datetime(2024, 4, 1, tzinfo=UTC)), *articles[1:]]
    assert fingerprint(redated) != fingerprint(articles)  # a new lastmod is a new sitemap


def test_more_pages_than_one_file_may_list_give_an_index_of_parts(monkeypatch) -> None:
    articles = [make_article(n, tags=("Alpha", "Beta") if n % 2 else ("Gamma",)) for n in range(1, 8)]
    config = Config(title="T", base_url=BASE, per_page=2)
    whole = locs(render(articles, config)["sitemap.xml"])
    monkeypatch.setattr(sitemap, "MAX_URLS", 5)
    out = render(articles, config)
    index = etree.fromstring(out["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = -(-len(whole) // 5)
    assert locs(out["sitemap.xml"]) == [f"{BASE}sitemap-{n}.xml" for n in range(1, parts + 1)]
    listed = [loc for n in range(1, parts + 1) for loc in locs(out[f"sitemap-{n}.xml"])]
    assert listed == whole  # the same pages in the same order, at most 5 a file
    assert all(len(locs(out[f"sitemap-{n}.xml"])) <= 5 for n in range(1, parts + 1))


def test_a_built_site_with_an_index_passes_the_check(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "site.toml", f'title = "T"\nbase_url = "{BASE}"\nper_page = 2\n')
    for n in range(6):
        write(tmp_path / f"content/s{n}.md", article(f"Story {n}", f"2024-03-0{n + 1}T10:00:00Z", tags=["A", f"T{n % 2}"]))
    monkeypatch.setattr(sitemap, "MAX_URLS", 4)
    build(BuildOptions(tmp_path))
    out = tmp_path / "output"
    assert (out / "sitemap-1.xml").is_file() and (out / "sitemap-2.xml").is_file()
    assert check(out, BASE, 250).problems == ()
    part = (out / "sitemap-2.xml").read_text()
    first = locs(part.encode())[0]
    (out / "sitemap-2.xml").write_text(part.replace(f"<loc>{first}</loc>", f"<loc>{BASE}nowhere/</loc>"))
    assert any(p.path == "sitemap-2.xml" and "is not a page" in p.message for p in check(out, BASE, 250).problems)
