"""The feed formats a site publishes: the one place they are spelled (key, name, file, media type).

``[feeds] archive_formats`` names them by key; :mod:`site_builder.model.urls` makes their routes.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedKind:
    """One feed format the site publishes: its key, the name readers know it by, its file and media type."""

    key: str
    label: str
    file: str
    media_type: str


#: The feed formats, in the order pages list them.
FEED_KINDS = (
    FeedKind("rss", "RSS", "feed.xml", "application/rss+xml"),
    FeedKind("atom", "Atom", "atom.xml", "application/atom+xml"),
    FeedKind("json", "JSON Feed", "feed.json", "application/feed+json"),
)
KINDS = tuple(k.key for k in FEED_KINDS)
