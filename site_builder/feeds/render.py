"""Subscription feeds: the jobs that render every feed of a site.

:func:`render_feeds` yields, for the whole site and for every tag, an RSS
2.0, an Atom 1.0 and a JSON Feed 1.1 file, and the RFC 5005 monthly
archive feeds (see ``archive.py``). The OPML list of feeds and the XSL
stylesheet are documents of their own (``opml.py``, ``stylesheet.py``) that
the build emits. Every feed is a
:class:`~site_builder.model.outputs.Job` whose values are its ``FeedMeta`` and its
articles: nothing else (but config and URLs, in the build's salt) is read.

Rules every feed follows (see ``xml_feeds.py`` and ``json_feed.py``):

* Items carry the full HTML or the summary as ``feed_jobs`` says (the site's
  feed full, tags' and archives' summaries by default: README, Fitting on GitHub Pages).
* Items are newest first, at most ``[feeds] limit``, then the oldest are
  dropped until the file fits ``[feeds] size_budget_kb`` (one item is always
  kept, however large).
* Every date comes from the articles, never from the clock: an item's
  ``updated`` is ``Article.modified``; a feed's ``updated`` / ``lastBuildDate``
  is the newest ``modified`` among its items. An empty Atom feed says
  :data:`EMPTY_UPDATED` (1970-01-01T00:00:00Z); an empty RSS feed has no
  ``lastBuildDate``.
* Item ids are ``Article.id`` (Atom ``id``, RSS ``guid isPermaLink="false"``,
  JSON Feed ``id``), never URLs, so they survive base URL and slug changes.
* The Atom feed id is ``tag:<[feeds] id_authority>,<FEED_ID_DATE>:feeds/site``
  (or ``.../tags/<slug>``) when an authority is configured, else the
  feed's absolute URL (which then changes with ``base_url``).
* Content HTML is sanitised again and every URL in it made absolute against
  the article's own URL (``#anchors`` point at the article page); text is
  stripped of characters XML cannot carry.

Per-article work (sanitising, absolutising) is done once per
:func:`render_feeds` call, however many feeds an article appears in.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any, Callable, Iterator, Mapping
from html import unescape
from urllib.parse import urlsplit

import nh3

from site_builder.feeds import archive as feeds_archive
from site_builder.feeds import json_feed as feeds_json
from site_builder.feeds import xml_feeds as feeds_xml
from site_builder.reading import markup
from site_builder.model import urls as routes
from site_builder.config.options import Config
from site_builder.model.article import Article, Site, Tag
from site_builder.model.outputs import Job
from site_builder.model import ids
from site_builder.config.formats import KINDS
from site_builder.model.urls import Urls
from site_builder.feeds.items import STYLESHEET, FeedItem, FeedMeta, Rendered, utc, xml_text

_URL_ATTRIBUTES = {"href", "src", "cite"}
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
#: A URL attribute's value as the sanitiser writes attributes (always double-quoted).
_URL_VALUE = re.compile(r'\s(?:href|src|cite)="([^"]*)"')


def render_feeds(site: Site, config: Config, urls: Urls) -> Iterator[Job]:
    """Every subscription feed of the site and of its tags, in every format, and their monthly archives."""
    item_of = _item_maker(config, urls)
    budget = config.feeds.size_budget_kb * 1024
    sources: list[tuple[Tag | None, tuple[Article, ...]]] = [(None, site.articles)]
    sources += [(group.tag, group.articles) for group in site.tags]
    month_of = feeds_archive.month_index(site)
    for tag, articles in sources:
        yield from feed_jobs(tag, articles, month_of, config, urls, item_of, budget)
    for folder, groups in ((routes.AUTHORS, site.authors), (routes.SECTIONS, site.sections)):
        for group in groups:  # subscription feeds only: archives are the site's and the tags'
            yield from feed_jobs(group.tag, group.articles, month_of, config, urls, item_of, budget, folder)


def feed_jobs(tag: Tag | None, articles: tuple[Article, ...], month_of, config: Config, urls: Urls,
              item_of: Callable[..., FeedItem], budget: int, folder: str = routes.TAGS) -> Iterator[Job]:
    """The subscription feeds of the site (``tag`` None) or of one tag (author, section: ``folder``),
    then their monthly archives (the site's and tags' only, in ``[feeds] archive_formats``).

    Items carry the article's full HTML in the site's and sections' feeds (``[feeds] full_content``), in
    tags' and authors' only with ``[feeds] tag_full_content``, in archives only with
    ``[feeds] archive_full_content``; else the summary and the link."""
    slug = tag.slug if tag else None
    meta = feed_meta(config, urls, tag, folder)
    months = ()
    if folder == routes.TAGS and feeds_archive.has_archive(tag, articles, config.feeds.limit, config.feeds.tag_archives):
        months = feeds_archive.archive_months(articles, month_of)
        links = feeds_archive.subscription_links(urls, months, tag, config.feeds.archive_formats)
        meta = dataclasses.replace(meta, links=links)
    chosen = articles[: config.feeds.limit]
    full = config.feeds.full_content and (tag is None or folder == routes.SECTIONS or config.feeds.tag_full_content)
    for kind in KINDS:
        render = functools.partial(_feed_bytes, kind, functools.partial(item_of, full=full), budget)
        yield Job(routes.output_path(routes.feed(kind, slug, folder)), render, {"meta": meta, "articles": chosen})
    archived = functools.partial(item_of, full=config.feeds.full_content and config.feeds.archive_full_content)
    for month, archive_meta in feeds_archive.archive_metas(meta, urls, months, tag, config.feeds.archive_formats):
        for kind in config.feeds.archive_formats:
            render = functools.partial(_feed_bytes, kind, archived, None)
            yield Job(routes.output_path(routes.feed_archive(kind, month.year, month.month, slug)), render,
                      {"meta": archive_meta, "articles": month.articles})


def _feed_bytes(kind: str, item_of: Callable[[Article], FeedItem], budget: int | None, values: Mapping[str, Any]) -> bytes:
    """One feed document of ``values["articles"]``: within ``budget`` bytes, or complete when it is None."""
    render = {"rss": feeds_xml.rss, "atom": feeds_xml.atom, "json": feeds_json.json_feed}[kind]
    items = tuple(item_of(a) for a in values["articles"])
    if budget is None:
        return render(values["meta"], items).data
    return fit(lambda some: render(values["meta"], some), items, budget)


def fit(render: Callable[[tuple[FeedItem, ...]], "Rendered"], items: tuple[FeedItem, ...], budget: int) -> bytes:
    """The feed of the most (newest) items whose bytes fit ``budget``; at least one item.

    The first render measures each item, which predicts how many fit; the
    prediction is then checked (and lowered while still too big), so an
    oversized feed usually costs two renders.
    """
    first = render(items)
    if len(first.data) <= budget or len(items) <= 1:
        return first.data
    sizes = first.item_sizes
    total = len(first.data) - sum(sizes)
    count = 0
    for size in sizes:
        if total + size > budget:
            break
        total, count = total + size, count + 1
    count = max(1, min(count, len(items) - 1))
    while True:
        data = render(items[:count]).data
        if len(data) <= budget or count == 1:
            return data
        count -= 1


#: How a feed's description names the articles of a tag, author or section.
_GATHERED = {routes.TAGS: "articles tagged {}", routes.AUTHORS: "articles by {}", routes.SECTIONS: "{}"}


def feed_meta(config: Config, urls: Urls, tag: Tag | None, folder: str = routes.TAGS) -> FeedMeta:
    """The self-description of the site feed (``tag`` None) or of one tag's (author's, section's: ``folder``) feed."""
    slug = tag.slug if tag else None
    key = "site" if tag is None else f"{folder}{tag.slug}"
    feed_urls = {kind: urls.absolute(routes.feed(kind, slug, folder)) for kind in KINDS}
    site_title = xml_text(config.title)
    gathered = "" if tag is None else _GATHERED[folder].format(tag.name)
    return FeedMeta(
        key=key,
        title=site_title if tag is None else f"{site_title} — {xml_text(tag.name)}",
        description=xml_text(config.description if tag is None else f"{config.title}: {gathered}"),
        language=config.language,
        home_url=urls.absolute(routes.home() if tag is None else routes.listing(folder, tag.slug)),
        urls=feed_urls,
        atom_id=feed_id(config, key, feed_urls["atom"]),
        author_name=xml_text(config.author.name or config.title),
        author_email=xml_text(config.author.email),
        author_configured=bool(config.author.name or config.author.email),
        hub=config.feeds.websub_hub,
        stylesheet=urls.path(routes.asset(STYLESHEET)),
    )


def feed_id(config: Config, key: str, atom_url: str) -> str:
    """The Atom feed id: a ``tag:`` URI when ``[feeds] id_authority`` is set, else the feed's URL."""
    authority = config.feeds.id_authority.strip()
    if not authority:
        return atom_url
    return ids.feed_id(authority, key)


def _item_maker(config: Config, urls: Urls) -> Callable[..., FeedItem]:
    """A function from (article, full) to feed item that remembers its answers (for this render only)."""
    made: dict[tuple[str, bool], FeedItem] = {}

    def item_of(article: Article, full: bool) -> FeedItem:
        item = made.get((article.id, full))
        if item is None:
            item = made[(article.id, full)] = feed_item(article, config, urls, full)
        return item

    return item_of


def feed_item(article: Article, config: Config, urls: Urls, full: bool = True) -> FeedItem:
    """``article`` as feeds show it: with its full HTML when ``full`` (else its summary and link only)."""
    route = routes.article(article.slug)
    return FeedItem(
        id=xml_text(article.id),
        title=xml_text(article.title),
        url=urls.absolute(route),
        published=utc(article.date),
        modified=utc(article.modified),
        summary=xml_text(article.summary),
        content_html=content_html(article.html, urls, route) if full else "",
        tags=tuple(xml_text(t.name) for t in article.tags),
        authors=bylines(article),
        language=_own_language(article, config),
    )


def bylines(article: Article) -> tuple[str, ...]:
    """Who an item is by: its authors, else its agency, else nobody of its own (the feed's author stands)."""
    names = article.authors or ((article.agency,) if article.agency else ())
    return tuple(n for n in (xml_text(name) for name in names) if n)


def _own_language(article: Article, config: Config) -> str:
    """The article's language when it differs from the site's, else ''."""
    language = article.language or config.language
    return "" if language == config.language else language


def content_html(html: str, urls: Urls, page_route: str) -> str:
    """Article HTML made safe for feeds: sanitised again, every URL absolute, XML-legal.

    ``html`` is the article's HTML, already sanitised by the same policy when
    it was read: when every URL in it is absolute already, it is that HTML
    (the common case for wire copy; the sanitiser's second pass would change
    nothing, which the tests check).
    """
    if _absolute_already(html, urls, page_route):
        return xml_text(html)

    def absolute(element: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES:
            return value
        resolved = urls.resolve(value.strip(), page_route)
        return resolved if urlsplit(resolved).scheme.lower() in _SAFE_SCHEMES else None

    cleaned = nh3.clean(
        xml_text(html),
        tags=markup.ALLOWED_TAGS,  # the site's one sanitising policy
        attributes=markup.ALLOWED_ATTRIBUTES,
        url_schemes=markup.URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties=markup.STYLE_PROPERTIES,
        attribute_filter=absolute,
    )
    return xml_text(cleaned)


def _absolute_already(html: str, urls: Urls, page_route: str) -> bool:
    """True when every URL attribute in ``html`` is absolute with a safe scheme and would be left as it is."""
    for match in _URL_VALUE.finditer(html):
        value = unescape(match.group(1))
        if urls.resolve(value.strip(), page_route) != value or urlsplit(value).scheme.lower() not in _SAFE_SCHEMES:
            return False
    return True
