"""Safe, stable slugs for article and tag URLs: the one slug policy of the site.

A slug is lowercase ASCII letters, digits and hyphens, at most
:data:`MAX_LENGTH` characters, never empty, never ``.``/``..``, never a name
that Windows refuses (``con``, ``nul`` ...). Text with nothing to transliterate
(emoji, symbols) gets a short hash so no tag is ever dropped. Two things that
would share a slug are told apart by :func:`with_suffix` (a short hash of
what they are), never by the order in which they were seen.
"""
from __future__ import annotations

import functools
import hashlib
import re

from slugify import slugify as _slugify

MAX_LENGTH = 80
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
#: Article file names that would read as one of the site's own folders or pages.
_ARTICLE_RESERVED = _WINDOWS_RESERVED | {"index", "tags", "page", "feed", "assets", "static"}
_VALID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def short_hash(text: str, length: int = 6) -> str:
    """A short, stable hex digest of ``text``."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


@functools.lru_cache(maxsize=8192)
def slugify(text: str, fallback_prefix: str = "item") -> str:
    """A URL- and file-system-safe slug for ``text``; deterministic (so its answers are remembered)."""
    slug = _slugify(text, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
    if not slug:
        slug = f"{fallback_prefix}-{short_hash(text)}"
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-{fallback_prefix}"
    return slug


def article_slug(title: str) -> str:
    """The slug of a new article (``content/<slug>.md``, ``articles/<slug>/``) titled ``title``."""
    slug = slugify(title, "article")
    return f"{slug}-article" if slug in _ARTICLE_RESERVED else slug


def with_suffix(slug: str, key: str) -> str:
    """``slug`` told apart from others of the same name by a short hash of ``key`` (what it names),
    shortened at a hyphen first when the whole would pass :data:`MAX_LENGTH`."""
    suffix = f"-{short_hash(key)}"
    room = MAX_LENGTH - len(suffix)
    if len(slug) > room:
        slug = slug[:room].rsplit("-", 1)[0] if "-" in slug[:room] else slug[:room]
    return slug.rstrip("-") + suffix


def is_valid(slug: str) -> bool:
    """True when ``slug`` is safe to use as one path segment as it is."""
    return bool(_VALID.match(slug)) and len(slug) <= MAX_LENGTH and slug not in _WINDOWS_RESERVED
