"""Permanent ids: the one place article and feed ids are minted (RFC 4151 ``tag:`` URIs) or derived.

An id is written once and never changes: feed readers use it to tell a new
story from an updated one, so it survives new titles, slugs and base URLs.

* An imported or new article gets ``tag:<authority>,<YYYY-MM-DD>:<slug>``
  (:func:`article_id`), written into its front matter.
* An article whose front matter has no ``id`` gets a name-based UUID of its
  file's path (:func:`derived_id`): stable while the file keeps its name.
* A feed's Atom id is ``tag:<authority>,<FEED_ID_DATE>:feeds/<key>``
  (:func:`feed_id`), with ``key`` ``site`` or ``tags/<slug>``.
"""
from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import quote, urlsplit

from site_builder.config.options import Config

#: Namespace of the name-based UUIDs of articles without an ``id``.
ID_NAMESPACE = uuid.UUID("6f1c1c52-8d0e-4f44-9a55-3e0f6f3b2a10")
#: Date part of feed ids; fixed so ids never change.
FEED_ID_DATE = "2026"


def authority(config: Config) -> str:
    """The ``tag:`` URI authority: ``[feeds] id_authority`` or the base URL's host."""
    return config.feeds.id_authority or (urlsplit(config.base_url).hostname or "example.org")


def article_id(config: Config, day: dt.date, slug: str) -> str:
    """The id minted for a new article published on ``day`` under ``slug``."""
    return f"tag:{authority(config)},{day.isoformat()}:{slug}"


def derived_id(rel: str) -> str:
    """The id of an article whose front matter has none, from its path below ``content/``."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, rel)}"


def feed_id(authority: str, key: str) -> str:
    """The Atom id of the feed named ``key`` (``site``, ``tags/<slug>``)."""
    return f"tag:{authority},{FEED_ID_DATE}:feeds/{quote(key, safe='/')}"
