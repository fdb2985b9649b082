"""The immutable site model: articles, tags, archives and pages of lists.

``reader.py`` makes :class:`Article` values; :func:`site_builder.model.grouping.make_site`
groups them into a :class:`Site`. Renderers (``pages.py``, ``feeds.py``) only
read these values; nothing in the model changes after it is made.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping


class FrozenMap(dict):
    """A read-only dict that pickles (MappingProxyType does not): for extra front matter."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("FrozenMap is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self):
        return (FrozenMap, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(repr(sorted(self.items(), key=lambda item: item[0])))


#: Front matter lists naming the kind of an article's tags (its ``section`` is a key of its own); the tags
#: index shows sections first, then these kinds, then tags no list names.
TAG_KINDS = ("subjects", "places", "people", "organisations")


@dataclass(frozen=True)
class Tag:
    """A tag as shown to readers, with the slug of its pages and feeds."""

    name: str
    slug: str
    kind: str = ""  # sections / subjects / places / people / organisations, from the articles' front matter
    linked: bool = True  # False below ``[tags] min_articles``: shown as text, no page and no feeds

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Article:
    """One published article, read from ``content/<source>``."""

    source: str  # path below content/, posix, e.g. "kazakhstan-afghanistan.md"
    slug: str
    id: str  # permanent feed entry id (front matter `id`, or derived from source + date)
    title: str
    date: dt.datetime  # timezone-aware
    updated: dt.datetime | None
    summary: str  # plain text
    lede: str  # plain text, may be empty
    tags: tuple[Tag, ...]
    html: str  # rendered body, links relative to the site as written
    place: str = ""
    agency: str = ""
    dateline: str = ""
    draft: bool = False
    digest: str = ""  # sha256 of the source bytes: the content fingerprint
    extra: Mapping[str, Any] = field(default_factory=FrozenMap)
    # --- Story data the importer records (issues 14, 15); hand-written articles may carry it too. ---
    received: dt.datetime | None = None  # when the copy reached the site
    authors: tuple[str, ...] = ()  # bylines, in order
    credits: str = ""  # "Reporting by ...; Editing by ..."
    advisory: str = ""  # what the latest version changed, e.g. "Adds analyst comment"
    language: str = ""  # BCP 47 tag of this article; empty: the site's language
    section: str = ""  # one of the site's sections, e.g. "World"
    keywords: tuple[str, ...] = ()  # free keyphrases: for meta, search and related stories, never pages
    tag_kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, tag names): place, person, subject...

    @property
    def modified(self) -> dt.datetime:
        """When the article last changed: ``updated`` if given, else ``date``."""
        return self.updated or self.date

    @property
    def withdrawn(self) -> bool:
        """True when a kill notice withdrew the story (front matter ``withdrawn: true``): it keeps its page,
        which says so, but leaves every list, tag page, feed and the sitemap."""
        return self.extra.get("withdrawn") is True

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by id so equal dates still order the same way every build."""
        return (-self.date.timestamp(), self.id)


@dataclass(frozen=True)
class Listing:
    """One page of a paginated list of articles (home, a tag, an archive month)."""

    articles: tuple[Article, ...]
    number: int  # 1-based
    count: int  # number of pages in the list
    route: str  # route of this page
    prev_route: str | None
    next_route: str | None


@dataclass(frozen=True)
class TagGroup:
    """A tag with all its articles, newest first."""

    tag: Tag
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Month:
    """Articles of one calendar month (in the site time zone), newest first."""

    year: int
    month: int
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Site:
    """Everything the renderers need: config-independent groupings of the articles."""

    articles: tuple[Article, ...]  # newest first
    tags: tuple[TagGroup, ...]  # by tag name, case-insensitive
    months: tuple[Month, ...]  # newest first
    authors: tuple[TagGroup, ...] = ()  # bylines with a page of their own (enough articles), by name
    sections: tuple[TagGroup, ...] = ()  # the sections articles are filed in, by name
    withdrawn: tuple[Article, ...] = ()  # withdrawn stories: a page each, in no list or feed

    @property
    def newest(self) -> dt.datetime | None:
        """The newest modification time of any article: the feeds' and sitemap's `updated`."""
        return max((a.modified for a in self.articles), default=None)

