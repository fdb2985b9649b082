"""What goes into the ``<head>`` of each page: titles, feed links, OpenGraph, JSON-LD.

Pages describe themselves with a :class:`PageMeta` value built here in
Python; ``base.html`` only prints it. JSON-LD is made with :func:`json.dumps`
and made safe for a ``<script>`` element by escaping ``<``, ``>`` and ``&``.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from site_builder.model import urls as routes
from site_builder.config.options import Config
from site_builder.model.article import Article, Tag
from site_builder.pages.environment import iso_time
from site_builder.model.urls import Urls

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class FeedLink:
    """One subscription feed: its format, human title, media type and route."""

    kind: str  # "rss", "atom" or "json"
    label: str  # "RSS", "Atom", "JSON Feed"
    title: str  # e.g. "News: Kazakhstan (Atom)"
    type: str  # media type for <link rel="alternate">
    route: str
    href: str  # root-relative link
    url: str  # absolute address, to copy into a feed reader


@dataclass(frozen=True)
class PageMeta:
    """Everything ``base.html`` prints in the head of one page."""

    title: str  # the page's own name, for og:title
    head_title: str  # the <title>
    description: str
    route: str
    canonical: str  # absolute URL of the page
    section: str = ""  # nav item marked aria-current: home, tags, archive, feeds
    og_type: str = "website"
    alternates: tuple[FeedLink, ...] = ()
    prev_href: str | None = None  # root-relative links for rel=prev/next
    next_href: str | None = None
    published: dt.datetime | None = None
    modified: dt.datetime | None = None
    keywords: tuple[str, ...] = ()
    json_ld: Markup | None = None
    noindex: bool = False
    language: str = ""  # the page's own language (an article's), when not the site's


def feed_links(config: Config, urls: Urls, tag: Tag | None = None, folder: str = routes.TAGS) -> tuple[FeedLink, ...]:
    """The three feeds of the whole site, or of one tag (author, section: ``folder``)."""
    owner = config.title if tag is None else f"{config.title}: {tag.name}"
    links = []
    for kind, label in routes.FEED_LABELS.items():
        route = routes.feed(kind, None if tag is None else tag.slug, folder)
        links.append(FeedLink(kind, label, f"{owner} ({label})", routes.FEED_TYPES[kind], route,
                              urls.path(route), urls.absolute(route)))
    return tuple(links)


def page_meta(config: Config, urls: Urls, name: str, description: str, route: str, **more: Any) -> PageMeta:
    """Head of a page with the usual title, canonical URL and the site's feeds."""
    more.setdefault("alternates", feed_links(config, urls))
    return PageMeta(title=name, head_title=head_title(config, name), description=description or config.description,
                    route=route, canonical=urls.absolute(route), **more)


def listing_links(listing: Any, urls: Urls) -> dict[str, str | None]:
    """rel=prev/next links of one page of a list."""
    return {
        "prev_href": None if listing.prev_route is None else urls.path(listing.prev_route),
        "next_href": None if listing.next_route is None else urls.path(listing.next_route),
    }


def head_title(config: Config, title: str) -> str:
    """The ``<title>``: the page's name, then the site's (or the site's alone)."""
    return config.title if not title or title == config.title else f"{title} – {config.title}"


def script_json(data: Any) -> Markup:
    """``data`` as JSON that can sit inside ``<script>`` without ending or confusing it."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_ESCAPES))


def news_article(article: Article, config: Config, urls: Urls) -> dict[str, Any]:
    """The schema.org ``NewsArticle`` describing one article page.

    No ``description`` nor ``mainEntityOfPage``: the page's meta description and canonical link say them
    already (neither is among Google's properties for articles), and every byte is paid 100,000 times."""
    canonical = urls.absolute(routes.article(article.slug))
    tz = config.tz
    publisher = {"@type": "Organization", "name": config.title, "url": urls.absolute(routes.home())}
    author = article_author(article, config, publisher)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": iso_time(article.date, tz),
        "dateModified": iso_time(article.modified, tz),
        "author": author,
        "publisher": publisher,
        "url": canonical,
        "inLanguage": article.language or config.language,
        "keywords": list(keywords_of(article)),
    }
    if article.place:
        data["dateline"] = article.place
    if article.agency:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.agency}
    if article.section:
        data["articleSection"] = article.section
    return data


def keywords_of(article: Article) -> tuple[str, ...]:
    """An article's tags, then its ``keywords`` (free keyphrases: search and meta, never pages)."""
    seen: dict[str, str] = {}
    for word in [t.name for t in article.tags] + [w for w in article.keywords if w.strip()]:
        seen.setdefault(word.casefold(), word)  # ``trade`` after the tag ``Trade`` says nothing new
    return tuple(seen.values())


def article_author(article: Article, config: Config, publisher: dict[str, Any]) -> Any:
    """The JSON-LD ``author``: the bylines as people, else the configured author, the agency, the site."""
    if article.authors:
        return [{"@type": "Person", "name": name} for name in article.authors]
    if config.author.name:
        return {"@type": "Person", "name": config.author.name}
    if article.agency:
        return {"@type": "Organization", "name": article.agency}
    return publisher


def article_meta(article: Article, config: Config, urls: Urls, site_feeds: tuple[FeedLink, ...]) -> PageMeta:
    """Head of an article page: og:type article, publication times, NewsArticle JSON-LD."""
    return page_meta(
        config, urls, article.title, article.summary, routes.article(article.slug),
        og_type="article",
        alternates=site_feeds,
        published=article.date,
        modified=article.updated,
        keywords=keywords_of(article),
        json_ld=script_json(news_article(article, config, urls)),
        language=article.language,
    )
