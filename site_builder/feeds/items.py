"""The shared vocabulary of the feed formats: an item, a feed's self-description, a rendered document.

Every format module (``xml_feeds``, ``json_feed``) turns a :class:`FeedMeta` and
:class:`FeedItem` s into a :class:`Rendered`; the rules they all follow are in
``render.py``'s docs.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Callable, Mapping

from site_builder.base.text import without_controls

#: ``updated`` of an Atom feed with no entries (Atom requires one; the clock is never used).
EMPTY_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
#: Name of the XSL stylesheet asset referenced by RSS and Atom.
STYLESHEET = "feed.xsl"

def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot carry (nor readers bear: see ``base.text.CONTROL``)."""
    return without_controls(text)


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
    authors: tuple[str, ...] = ()  # the item's own bylines (its authors, else its agency); empty: the feed's author
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
    author_configured: bool = False  # [author] is set: it is every byline-less item's author (else the feed's alone)
    complete: bool = False  # it holds every entry of the feed (<fh:complete/>): the only archive month

    def url(self, kind: str) -> str:
        return self.urls[kind]


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC, whole seconds: the one form every feed prints."""
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0)


