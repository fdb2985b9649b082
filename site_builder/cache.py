"""The persistent build cache in ``<site>/.cache/`` (git-ignored, safe to delete).

It maps each content file to the :class:`~site_builder.model.Article` read
from it, keyed by the file's path *and* the SHA-256 of its bytes, in a file
whose name carries every other ingredient that can change a parsed article:
the hash of this package's own files, the versions of the libraries it
renders with (see :mod:`site_builder.fingerprint`), and the site time zone. Any change to any of them
selects another cache file, so a stale entry cannot be used.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from site_builder import __version__, fingerprint, markup
from site_builder.model import Article

CACHE_DIR = ".cache"


def cache_key(timezone: str) -> str:
    """A short hash of everything besides a file's bytes that decides how it is read."""
    parts = [__version__, markup.VERSION, fingerprint.code_fingerprint(), timezone]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ArticleCache:
    """Articles from earlier builds: ``{source path: (sha256 of bytes, Article)}``."""

    path: Path
    entries: dict[str, tuple[str, Article]]

    def get(self, rel: str, digest: str) -> Article | None:
        entry = self.entries.get(rel)
        return entry[1] if entry and entry[0] == digest else None


def load(site_dir: Path, timezone: str) -> ArticleCache:
    """The cache for this site and key; empty when missing, unreadable or made by other code."""
    path = site_dir / CACHE_DIR / f"articles-{cache_key(timezone)}.pickle"
    try:
        with path.open("rb") as f:
            entries = pickle.load(f)
        if not isinstance(entries, dict):
            entries = {}
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        entries = {}
    return ArticleCache(path, entries)


def save(cache: ArticleCache, articles: list[Article]) -> None:
    """Replace the cache with exactly ``articles`` (atomically); other caches of this site are removed."""
    entries = {a.source: (a.digest, a) for a in articles}
    if entries.keys() == cache.entries.keys() and all(cache.entries[k][0] == v[0] for k, v in entries.items()):
        return
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    _ignore_file(cache.path.parent)
    fd, tmp = tempfile.mkstemp(dir=cache.path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache.path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in cache.path.parent.glob("articles-*.pickle"):
        if old != cache.path:
            old.unlink(missing_ok=True)


def _ignore_file(folder: Path) -> None:
    """A .gitignore inside the cache so it is never committed, whatever the repo's own ignores."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("*\n")
