"""``news-sitemap.xml``: the Google News sitemap of the latest articles.

Google News reads a sitemap of the articles published in the last two days,
each with ``news:publication`` (the site's name and the article's language),
``news:publication_date`` and ``news:title``, at most 1,000 of them. "The last
two days" is counted back from the newest article, never from the clock, so
the same articles always give the same file. A site with no articles has no
news sitemap (the protocol wants at least one ``<url>``), and ``robots.txt``
names it only when it exists.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Iterator

from lxml import etree

from site_builder.base.text import without_controls
from site_builder.config.options import Config
from site_builder.crawl.sitemap import SITEMAP_NS, w3c_time
from site_builder.model import urls as routes
from site_builder.model.article import Article, Site
from site_builder.model.outputs import Job
from site_builder.model.urls import Urls

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
#: Articles published this long before the newest one are listed.
WINDOW = dt.timedelta(hours=48)
#: URLs a news sitemap may list (Google's limit).
MAX_URLS = 1_000


@dataclass(frozen=True)
class NewsEntry:
    """What the news sitemap says of one article."""

    route: str
    title: str
    published: dt.datetime
    language: str


def news_jobs(site: Site, config: Config, urls: Urls) -> Iterator[Job]:
    """The news sitemap, when the site has articles; its values are its entries alone."""
    entries = tuple(news_entries(site.articles, config))
    if entries:
        yield Job(routes.output_path(routes.news_sitemap()), lambda v: news_sitemap_xml(v["entries"], v["name"], urls),
                  {"entries": entries, "name": without_controls(config.title)})


def news_entries(articles: Iterable[Article], config: Config) -> Iterator[NewsEntry]:
    """The articles of the 48 hours before the newest one (``articles`` newest first), at most MAX_URLS."""
    articles = list(articles)
    if not articles:
        return
    since = max(a.date for a in articles) - WINDOW
    recent = sorted((a for a in articles if a.date >= since), key=lambda a: a.sort_key)[:MAX_URLS]
    for article in recent:
        yield NewsEntry(routes.article(article.slug), without_controls(article.title), article.date,
                        news_language(article.language or config.language))


def news_language(tag: str) -> str:
    """The language as Google News wants it: an ISO 639 code (``en`` for ``en-GB``), but ``zh-cn``/``zh-tw``."""
    lowered = tag.lower()
    if lowered.startswith("zh-") and lowered in ("zh-cn", "zh-tw", "zh-hans", "zh-hant"):
        return {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}.get(lowered, lowered)
    return lowered.split("-")[0]


def news_sitemap_xml(entries: Iterable[NewsEntry], name: str, urls: Urls) -> bytes:
    """The news sitemap of ``entries``, in their order."""
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for entry in entries:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urls.absolute(entry.route)
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = name
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = entry.language
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = w3c_time(entry.published)
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = entry.title
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

