"""Permanent ids: the one place article and feed ids are minted (RFC 4151 ``tag:`` URIs) or derived.

An id is written once and never changes: feed readers use it to tell a new
story from an updated one, so it survives new titles, slugs and base URLs.

* An imported or new article gets ``tag:<authority>,<YYYY-MM-DD>:<slug>``
  (:func:`article_id`), written into its front matter. The authority must be
  the site's own: while it is a placeholder (``base_url`` still
  ``https://example.org/``, or a local address, and no ``[feeds]
  id_authority``), the id is a domain-free ``urn:uuid:`` instead, name-based
  on the seed's SHA-256 (or on the new article's date and slug), so no id is
  ever tied for ever to a domain the site does not own.
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
from site_builder.model import urls

#: Namespace of the name-based UUIDs of articles without an ``id``.
ID_NAMESPACE = uuid.UUID("6f1c1c52-8d0e-4f44-9a55-3e0f6f3b2a10")
#: Date part of feed ids; fixed so ids never change.
FEED_ID_DATE = "2026"
#: Domains reserved for examples (RFC 2606): the placeholder base URL is on one of them.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


def authority(config: Config) -> str:
    """The ``tag:`` URI authority: ``[feeds] id_authority`` or the base URL's host."""
    return config.feeds.id_authority or (urlsplit(config.base_url).hostname or "example.org")


def placeholder(host: str) -> bool:
    """True when ``host`` (or the domain of an e-mail address) is an example domain or a local address."""
    host = host.rpartition("@")[2].strip("[]").rstrip(".").lower()
    return urls.local_host(host) or any(host == d or host.endswith("." + d) for d in EXAMPLE_DOMAINS)


def article_id(config: Config, day: dt.date, slug: str, digest: str = "") -> str:
    """The id minted for a new article published on ``day`` under ``slug``.

    ``tag:<authority>,<day>:<slug>`` on the site's own authority; while that is a
    placeholder, ``urn:uuid:`` named by ``digest`` (a seed's SHA-256), else by day and slug.
    """
    if not placeholder(authority(config)):
        return f"tag:{authority(config)},{day.isoformat()}:{slug}"
    name = f"seed-sha256:{digest}" if digest else f"new:{day.isoformat()}:{slug}"
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, name)}"


def placeholder_id(article_id: str) -> bool:
    """True when an id was minted on a placeholder authority (``tag:example.org,…``, ``http://localhost/…``)."""
    if article_id.startswith("tag:"):
        return placeholder(article_id[4:].partition(",")[0])
    parts = urlsplit(article_id)
    return parts.scheme in ("http", "https") and placeholder(parts.hostname or "")


def derived_id(rel: str) -> str:
    """The id of an article whose front matter has none, from its path below ``content/``."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, rel)}"


def feed_id(authority: str, key: str) -> str:
    """The Atom id of the feed named ``key`` (``site``, ``tags/<slug>``)."""
    return f"tag:{authority},{FEED_ID_DATE}:feeds/{quote(key, safe='/')}"
