"""The Google News sitemap (issue 18): the latest 48 hours of articles, validated against the news sitemap schema.

../shared/schemas has no news sitemap schema, so ``tests/schemas/`` holds one written from the public
structure of sitemaps.org's ``sitemap.xsd`` and Google's ``sitemap-news.xsd`` (nothing downloaded).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from site_builder import build
from site_builder.config.options import Config
from site_builder.crawl import news_sitemap, sitemap
from site_builder.model.grouping import make_site
from site_builder.model.outputs import materialise
from site_builder.model.urls import Urls
from tests.test_pages import BASE, art

UTC = dt.timezone.utc
SCHEMAS = Path(__file__).parent / "schemas"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


def crawler(articles, config: Config | None = None) -> dict[str, bytes]:
    config = config or Config(title="Wire <News> & Co", base_url=BASE)
    site, _ = make_site(articles, config.tz)
    return {f.path: f.data for f in map(materialise, build.machine_files(site, config, Urls(config.base_url)))}


def at(hours: float, n: int, **more):
    """Article ``n`` published ``hours`` after 2026-12-01 00:00 UTC."""
    return art(n, 1, date=dt.datetime(2026, 12, 1, tzinfo=UTC) + dt.timedelta(hours=hours), **more)


def test_only_the_48_hours_before_the_newest_article_are_listed(schema):
    stories = [at(0, 1), at(-47.5, 2), at(-48, 3), at(-48.1, 4, title="Too old"), at(-300, 5)]
    files = crawler(stories)
    doc = etree.fromstring(files["news-sitemap.xml"])
    schema.assertValid(doc)
    assert [u.findtext(f"{SM}loc") for u in doc] == [BASE + "articles/a1/", BASE + "articles/a2/", BASE + "articles/a3/"]
    first = doc[0].find(f"{NEWS}news")
    assert first.findtext(f"{NEWS}publication/{NEWS}name") == "Wire <News> & Co"
    assert first.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert first.findtext(f"{NEWS}publication_date") == "2026-12-01T00:00:00+00:00"
    assert first.findtext(f"{NEWS}title") == "Title 1"
    assert b"&lt;News&gt; &amp; Co" in files["news-sitemap.xml"]


def test_each_article_declares_its_own_language(schema):
    files = crawler([at(0, 1, language="ru"), at(-1, 2, language="en-GB"), at(-2, 3, language="zh-TW"), at(-3, 4)],
                    Config(base_url=BASE, language="de"))
    doc = etree.fromstring(files["news-sitemap.xml"])
    schema.assertValid(doc)
    assert [u.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") for u in doc] == ["ru", "en", "zh-tw", "de"]


def test_at_most_a_thousand_urls_newest_first(schema):
    stories = [at(-n / 100, n) for n in range(1, 1201)]
    doc = etree.fromstring(crawler(stories)["news-sitemap.xml"])
    schema.assertValid(doc)
    assert len(doc) == news_sitemap.MAX_URLS
    assert doc[0].findtext(f"{SM}loc").endswith("/a1/") and doc[-1].findtext(f"{SM}loc").endswith("/a1000/")


def test_robots_txt_names_both_sitemaps_and_an_empty_site_has_no_news_sitemap():
    files = crawler([at(0, 1)])
    assert files["robots.txt"].decode().splitlines()[-2:] == [f"Sitemap: {BASE}sitemap.xml",
                                                            f"Sitemap: {BASE}news-sitemap.xml"]
    empty = crawler([])
    assert "news-sitemap.xml" not in empty and b"news-sitemap" not in empty["robots.txt"]


def test_the_schema_catches_what_google_refuses(schema):
    good = crawler([at(0, 1)])["news-sitemap.xml"]
    for bad in (good.replace(b"<news:language>en</news:language>", b"<news:language>english</news:language>"),
                good.replace(b"<news:title>Title 1</news:title>", b""),
                good.replace(b"2026-12-01T00:00:00+00:00", b"1 December 2026")):
        assert not schema.validate(etree.fromstring(bad))


def test_the_same_articles_give_the_same_bytes_whatever_the_clock_and_order(monkeypatch):
    stories = [at(0, 1), at(-5, 2)]
    first = crawler(stories)["news-sitemap.xml"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100-01-01: the two days are the newest article's
    assert crawler(list(reversed(stories)))["news-sitemap.xml"] == first
    assert "news-sitemap.xml" in sitemap.robots_txt(Urls(BASE), ("news-sitemap.xml",)).decode()
