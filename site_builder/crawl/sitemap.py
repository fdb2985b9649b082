"""``sitemap.xml`` and ``robots.txt`` for search engines.

The sitemap lists every page the site publishes, with absolute URLs and a
``lastmod`` taken from the articles (never the clock): an article's
``modified``; for a list page, the newest ``modified`` of the whole list it
pages through (a new article shifts every page of its list).

The protocol allows 50,000 URLs per file: a bigger site's ``sitemap.xml``
is a sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml``... each holding
the next 50,000 pages in the same stable order.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from lxml import etree

from site_builder.model import urls as routes
from site_builder.config.options import Config
from site_builder.model.article import Article, Site
from site_builder.model.outputs import Job
from site_builder.model.grouping import list_pages
from site_builder.model.urls import Urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: URLs one sitemap file may list (the sitemap protocol's limit).
MAX_URLS = 50_000


def crawler_files(site: Site, config: Config, urls: Urls, news: tuple[Job, ...] = ()) -> Iterator[Job]:
    """The sitemap (or sitemap index and parts), the ``news`` sitemap jobs (``news_sitemap.py``) and
    ``robots.txt``, which points crawlers at them all."""
    yield from sitemap_jobs(site, config, urls)
    yield from news
    more = tuple(job.path for job in news)
    yield Job(routes.output_path(routes.robots()), lambda v: robots_txt(urls, v["more"]), {"more": more})


def sitemap_jobs(site: Site, config: Config, urls: Urls) -> Iterator[Job]:
    """``sitemap.xml``, or a sitemap index and its numbered parts when the site has more than MAX_URLS pages.

    A sitemap's values are the (route, lastmod) pairs it lists, not the site:
    editing an article's text changes neither, so the sitemap is kept.
    """
    path = routes.output_path(routes.sitemap())
    entries = tuple(pages(site, config))
    if len(entries) <= MAX_URLS:
        yield Job(path, lambda v: sitemap_xml(v["entries"], urls), {"entries": entries})
        return
    parts = -(-len(entries) // MAX_URLS)
    yield Job(path, lambda v: sitemap_index(v["parts"], urls), {"parts": parts})
    for number in range(1, parts + 1):
        chunk = entries[(number - 1) * MAX_URLS : number * MAX_URLS]
        yield Job(routes.output_path(routes.sitemap_part(number)), lambda v: sitemap_xml(v["entries"], urls),
                  {"entries": chunk})


def sitemap_index(parts: int, urls: Urls) -> bytes:
    """A sitemap index of the numbered sitemap files."""
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for number in range(1, parts + 1):
        entry = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(routes.sitemap_part(number))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sitemap_xml(entries: Iterable[tuple[str, dt.datetime | None]], urls: Urls) -> bytes:
    """The sitemap of ``entries`` (route, lastmod), in their order."""
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for route, lastmod in entries:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(route)
        if lastmod is not None:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = w3c_time(lastmod)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def pages(site: Site, config: Config) -> Iterator[tuple[str, dt.datetime | None]]:
    """(route, lastmod) of every HTML page: home pages, articles, tags, authors, sections, archives, the feed
    catalog and the search page (no lastmod: it shows what readers ask)."""
    newest = site.newest
    yield from _listing(site.articles, config, routes.home)
    for article in site.articles:
        yield routes.article(article.slug), article.modified
    yield routes.tags_index(), newest
    for group in site.tags:
        yield from _listing(group.articles, config, lambda n, slug=group.tag.slug: routes.tag(slug, n))
    for folder, groups in ((routes.AUTHORS, site.authors), (routes.SECTIONS, site.sections)):
        for group in groups:
            yield from _listing(group.articles, config,
                                lambda n, slug=group.tag.slug, folder=folder: routes.listing(folder, slug, n))
    yield routes.archive_index(), newest
    for month in site.months:
        yield routes.archive_month(month.year, month.month), _newest(month.articles)
    yield routes.feeds_catalog(), newest
    if config.search.enabled:
        yield routes.search(), None


def robots_txt(urls: Urls, more: tuple[str, ...] = ()) -> bytes:
    """Allow every crawler everywhere; point them at the sitemap and the ``more`` sitemaps (routes)."""
    lines = ["User-agent: *", "Allow: /", "", *(f"Sitemap: {urls.absolute(r)}" for r in (routes.sitemap(), *more)), ""]
    return "\n".join(lines).encode("utf-8")


def _listing(articles: tuple[Article, ...], config: Config, route_of) -> Iterator[tuple[str, dt.datetime | None]]:
    newest = _newest(articles)
    for listing in list_pages(articles, config, route_of):
        yield listing.route, newest


def _newest(articles: tuple[Article, ...]) -> dt.datetime | None:
    return max((a.modified for a in articles), default=None)


def w3c_time(moment: dt.datetime) -> str:
    """W3C Datetime (as sitemaps want), in UTC, whole seconds."""
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()
