"""Subscription feeds and the other machine-readable outputs of a site.

:func:`render_feeds` yields, for the whole site and for every tag, an RSS
2.0, an Atom 1.0 and a JSON Feed 1.1 file, plus ``sitemap.xml``,
``robots.txt``, ``.nojekyll``, the OPML list of feeds and the XSL stylesheet
that makes RSS and Atom readable in a browser; and the RFC 5005 monthly
archive feeds (see ``feeds_archive.py``). Every feed is a
:class:`~site_builder.output.Job` whose values are its ``FeedMeta`` and its
articles: nothing else (but config and URLs, in the build's salt) is read.

Rules every feed follows (see ``feeds_xml.py`` and ``feeds_json.py``):

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
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping
from html import unescape
from urllib.parse import quote, urlsplit

import nh3

from site_builder import feeds_archive, markup
from site_builder import urls as routes
from site_builder.config import Config
from site_builder.language import article_language
from site_builder.model import Article, Site, Tag
from site_builder.output import Job, OutputFile
from site_builder.urls import Urls

#: ``updated`` of an Atom feed with no entries (Atom requires one; the clock is never used).
EMPTY_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
#: Date part of the ``tag:`` URI feed ids (RFC 4151); fixed so ids never change.
FEED_ID_DATE = "2026"
#: Name of the XSL stylesheet asset referenced by RSS and Atom.
STYLESHEET = "feed.xsl"
KINDS = ("rss", "atom", "json")

# Characters XML 1.0 cannot carry (C0 controls except tab/LF/CR, surrogates, U+FFFE/U+FFFF),
# plus DEL and the C1 controls, which XML allows but readers choke on.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_URL_ATTRIBUTES = {"href", "src", "cite"}
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
#: A URL attribute's value as the sanitiser writes attributes (always double-quoted).
_URL_VALUE = re.compile(r'\s(?:href|src|cite)="([^"]*)"')


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return _ILLEGAL.sub("", text)


@dataclass(frozen=True)
class FeedItem:
    """One article as every feed shows it: texts cleaned, URLs absolute, dates in UTC."""

    id: str
    title: str
    url: str
    published: dt.datetime
    modified: dt.datetime
    summary: str  # plain text, may be empty
    content_html: str  # full content with absolute URLs; empty in summary-only feeds
    tags: tuple[str, ...]
    language: str = ""  # the article's language when it is not the site's (Atom xml:lang, JSON Feed language)


@dataclass(frozen=True)
class Rendered:
    """A feed document, and how to measure the bytes each of its items takes in it (for the size budget).

    Measuring serialises every item again, so it is only done for a feed over its budget.
    """

    data: bytes
    measure: Callable[[], tuple[int, ...]]

    @property
    def item_sizes(self) -> tuple[int, ...]:
        return self.measure()


@dataclass(frozen=True)
class FeedMeta:
    """What one feed (the site's or a tag's) says about itself, in every format."""

    key: str  # "site" or "tags/<slug>": names the feed in ids
    title: str
    description: str
    language: str
    home_url: str  # the HTML page the feed mirrors
    urls: dict  # kind -> absolute URL of the feed file
    atom_id: str
    author_name: str
    author_email: str
    hub: str
    stylesheet: str  # root-relative URL of the XSL stylesheet
    links: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)  # rel -> kind -> URL (RFC 5005)
    archive: bool = False  # an RFC 5005 archive document (<fh:archive/>)

    def url(self, kind: str) -> str:
        return self.urls[kind]


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC, whole seconds: the one form every feed prints."""
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0)


def render_feeds(site: Site, config: Config, urls: Urls) -> Iterator[OutputFile | Job]:
    """Every feed and archive feed of the site, the sitemap, robots.txt, .nojekyll, the OPML and the stylesheet."""
    from site_builder import feeds_opml, feeds_xml, sitemap

    item_of = _item_maker(config, urls)
    budget = config.feeds.size_budget_kb * 1024
    sources: list[tuple[Tag | None, tuple[Article, ...]]] = [(None, site.articles)]
    sources += [(group.tag, group.articles) for group in site.tags]
    month_of = feeds_archive.month_index(site)
    for tag, articles in sources:
        yield from feed_jobs(tag, articles, month_of, config, urls, item_of, budget)
    yield from sitemap.sitemap_jobs(site, config, urls)
    yield Job(routes.output_path(routes.robots()), lambda v: sitemap.robots_txt(urls), {})
    yield OutputFile(".nojekyll", b"")
    yield Job(routes.output_path(routes.opml()), lambda v: feeds_opml.opml(v["site"], config, urls), {"site": site})
    yield OutputFile(routes.output_path(routes.asset(STYLESHEET)), feeds_xml.stylesheet())


def feed_jobs(tag: Tag | None, articles: tuple[Article, ...], month_of, config: Config, urls: Urls,
              item_of: Callable[[Article], FeedItem], budget: int) -> Iterator[Job]:
    """The subscription feeds of the site (``tag`` None) or of one tag, then their monthly archives."""
    slug = tag.slug if tag else None
    meta = feed_meta(config, urls, tag)
    months = ()
    if feeds_archive.has_archive(tag, articles, config.feeds.limit, config.feeds.tag_archives):
        months = feeds_archive.archive_months(articles, month_of)
        meta = dataclasses.replace(meta, links=feeds_archive.subscription_links(urls, months, tag))
    chosen = articles[: config.feeds.limit]
    for kind in KINDS:
        render = functools.partial(_feed_bytes, kind, item_of, budget)
        yield Job(routes.output_path(routes.feed(kind, slug)), render, {"meta": meta, "articles": chosen})
    for month, archive_meta in feeds_archive.archive_metas(meta, urls, months, tag):
        for kind in KINDS:
            render = functools.partial(_feed_bytes, kind, item_of, None)
            yield Job(routes.output_path(routes.feed_archive(kind, month.year, month.month, slug)), render,
                      {"meta": archive_meta, "articles": month.articles})


def _feed_bytes(kind: str, item_of: Callable[[Article], FeedItem], budget: int | None, values: Mapping[str, Any]) -> bytes:
    """One feed document of ``values["articles"]``: within ``budget`` bytes, or complete when it is None."""
    from site_builder import feeds_json, feeds_xml

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


def feed_meta(config: Config, urls: Urls, tag: Tag | None) -> FeedMeta:
    """The self-description of the site feed (``tag`` None) or of one tag's feed."""
    slug = tag.slug if tag else None
    key = "site" if tag is None else f"tags/{tag.slug}"
    feed_urls = {kind: urls.absolute(routes.feed(kind, slug)) for kind in KINDS}
    site_title = xml_text(config.title)
    return FeedMeta(
        key=key,
        title=site_title if tag is None else f"{site_title} — {xml_text(tag.name)}",
        description=xml_text(config.description if tag is None else f"{config.title}: articles tagged {tag.name}"),
        language=config.language,
        home_url=urls.absolute(routes.home() if tag is None else routes.tag(tag.slug)),
        urls=feed_urls,
        atom_id=feed_id(config, key, feed_urls["atom"]),
        author_name=xml_text(config.author.name or config.title),
        author_email=xml_text(config.author.email),
        hub=config.feeds.websub_hub,
        stylesheet=urls.path(routes.asset(STYLESHEET)),
    )


def feed_id(config: Config, key: str, atom_url: str) -> str:
    """The Atom feed id: a ``tag:`` URI when ``[feeds] id_authority`` is set, else the feed's URL."""
    authority = config.feeds.id_authority.strip()
    if not authority:
        return atom_url
    return f"tag:{authority},{FEED_ID_DATE}:feeds/{quote(key, safe='/')}"


def _item_maker(config: Config, urls: Urls) -> Callable[[Article], FeedItem]:
    """A function from article to feed item that remembers its answers (for this render only)."""
    made: dict[str, FeedItem] = {}

    def item_of(article: Article) -> FeedItem:
        item = made.get(article.id)
        if item is None:
            item = made[article.id] = feed_item(article, config, urls)
        return item

    return item_of


def feed_item(article: Article, config: Config, urls: Urls) -> FeedItem:
    """``article`` as feeds show it."""
    route = routes.article(article.slug)
    return FeedItem(
        id=xml_text(article.id),
        title=xml_text(article.title),
        url=urls.absolute(route),
        published=utc(article.date),
        modified=utc(article.modified),
        summary=xml_text(article.summary),
        content_html=content_html(article.html, urls, route) if config.feeds.full_content else "",
        tags=tuple(xml_text(t.name) for t in article.tags),
        language=_own_language(article, config),
    )


def _own_language(article: Article, config: Config) -> str:
    """The article's language when it differs from the site's, else ''."""
    language = article_language(article.extra, config.language)
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
