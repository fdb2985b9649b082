"""The one place where every URL and every output path is made.

A *route* is a path relative to the site root, as it appears after the base
URL: ``""`` (home), ``"page/2/"``, ``"articles/<slug>/"``, ``"feed.xml"``.
Pages link with :meth:`Urls.path` (root-relative, with the base URL's
sub-path, e.g. ``/repo/articles/x/``); feeds, sitemaps and canonical links use
:meth:`Urls.absolute`. :func:`output_path` maps a route to the file written.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from site_builder.config.formats import FEED_KINDS

ARTICLES = "articles/"
TAGS = "tags/"
ARCHIVE = "archive/"
FEEDS = "feeds/"
ASSETS = "assets/"
AUTHORS = "authors/"
SECTIONS = "sections/"

#: Hosts that name the machine itself: never in a published URL or id.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})


def local_host(host: str) -> bool:
    """True when ``host`` names the machine itself (``localhost``, ``x.localhost``, a loopback address)."""
    host = host.strip("[]").rstrip(".").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost")



FEED_FILES = {k.key: k.file for k in FEED_KINDS}
FEED_TYPES = {k.key: k.media_type for k in FEED_KINDS}
FEED_LABELS = {k.key: k.label for k in FEED_KINDS}


@dataclass(frozen=True)
class Urls:
    """URLs under one base URL, e.g. ``https://user.github.io/repo/``."""

    base_url: str  # absolute, ends with "/"

    @property
    def base_path(self) -> str:
        """The sub-path the site lives under: ``/`` or ``/repo/``."""
        return urlsplit(self.base_url).path or "/"

    def path(self, route: str) -> str:
        """Root-relative URL of a route, for links inside pages."""
        return self.base_path + route

    def absolute(self, route: str) -> str:
        """Absolute URL of a route, for feeds, sitemaps and canonical links."""
        return self.base_url + route

    def resolve(self, href: str, page_route: str = "") -> str:
        """An href found in content made absolute, as seen from the page at ``page_route``."""
        return urljoin(self.absolute(page_route), href)


def home(page: int = 1) -> str:
    return "" if page == 1 else f"page/{page}/"


def article(slug: str) -> str:
    return f"{ARTICLES}{slug}/"


def tags_index() -> str:
    return TAGS


def tag(slug: str, page: int = 1) -> str:
    return f"{TAGS}{slug}/" if page == 1 else f"{TAGS}{slug}/page/{page}/"


def author(slug: str, page: int = 1) -> str:
    return f"{AUTHORS}{slug}/" if page == 1 else f"{AUTHORS}{slug}/page/{page}/"


def tag_page(slug: str, kind: str = "") -> str:
    """Where a tag links: a tag naming the article's section to that section's page, any other to its tag page."""
    return section(slug) if kind == "sections" else tag(slug)


def section(slug: str, page: int = 1) -> str:
    return f"{SECTIONS}{slug}/" if page == 1 else f"{SECTIONS}{slug}/page/{page}/"


def listing(folder: str, slug: str, page: int = 1) -> str:
    """Page ``page`` of the list of a tag, author or section (``folder`` is TAGS, AUTHORS or SECTIONS)."""
    return {TAGS: tag, AUTHORS: author, SECTIONS: section}[folder](slug, page)


def archive_index() -> str:
    return ARCHIVE


def archive_month(year: int, month: int) -> str:
    return f"{ARCHIVE}{year:04d}/{month:02d}/"


def feed(kind: str, tag_slug: str | None = None, folder: str = TAGS) -> str:
    """Route of a subscription feed: ``feed.xml``, ``atom.xml``, ``feed.json``, or a tag's (author's, section's) own."""
    name = FEED_FILES[kind]
    return name if tag_slug is None else f"{folder}{tag_slug}/{name}"


def feeds_catalog() -> str:
    return FEEDS


def opml() -> str:
    return f"{FEEDS}feeds.opml"


def asset(name: str) -> str:
    return f"{ASSETS}{name}"


def sitemap() -> str:
    return "sitemap.xml"


def sitemap_part(number: int) -> str:
    """One file of a sitemap too big for one (see ``sitemap.py``), numbered from 1."""
    return f"sitemap-{number}.xml"


def news_sitemap() -> str:
    """The Google News sitemap (see ``crawl/news_sitemap.py``)."""
    return "news-sitemap.xml"


def robots() -> str:
    return "robots.txt"


def search() -> str:
    return "search/"


def search_index() -> str:
    """The folder of the Pagefind index (see ``pages/search.py``)."""
    return "pagefind/"


def not_found() -> str:
    return "404.html"


def output_path(route: str) -> str:
    """The file (relative to the output folder) that serves ``route``."""
    if route == "" or route.endswith("/"):
        return route + "index.html"
    return route


# --- Feed archives (RFC 5005): routes owned by the feeds (feeds_archive.py) ---

def feed_archive(kind: str, year: int, month: int, tag_slug: str | None = None) -> str:
    """Route of one month's archive feed: ``archive/2024/03/atom.xml`` or ``tags/<slug>/archive/2024/03/atom.xml``."""
    prefix = "" if tag_slug is None else f"{TAGS}{tag_slug}/"
    return f"{prefix}{ARCHIVE}{year:04d}/{month:02d}/{FEED_FILES[kind]}"
