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
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import __version__, atomic, fingerprint, markup
from site_builder.model import Article

CACHE_DIR = ".cache"


def cache_key(timezone: str) -> str:
    """A short hash of everything besides a file's bytes that decides how it is read."""
    parts = [__version__, markup.VERSION, fingerprint.code_fingerprint(), timezone]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


#: A file whose mtime is this close to (or after) the moment the cache was written is read
#: again even when its size and mtime match: it may have changed within one clock tick
#: (the "racy" rule git uses for its index).
RACY_NS = 2_000_000_000

Entry = tuple[str, int, int, Article]  # sha256 of bytes, size, mtime_ns (taken before reading), article


@dataclass(frozen=True)
class ArticleCache:
    """Articles from earlier builds, and the stat of each file seen by this build.

    ``fresh`` trusts a file's size and modification time (like make, rsync and
    git) only when that time is safely older than the cache itself; otherwise
    the bytes are read and ``get`` matches them by SHA-256.
    """

    path: Path
    entries: dict[str, Entry]
    written_ns: int = 0
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)  # this build: rel -> (size, mtime_ns)

    def fresh(self, rel: str, size: int, mtime_ns: int) -> Article | None:
        entry = self.entries.get(rel)
        if entry and entry[1] == size and entry[2] == mtime_ns and mtime_ns < self.written_ns - RACY_NS:
            return entry[3]
        return None

    def get(self, rel: str, digest: str) -> Article | None:
        entry = self.entries.get(rel)
        return entry[3] if entry and entry[0] == digest else None


def load(site_dir: Path, timezone: str) -> ArticleCache:
    """The cache for this site and key; empty when missing, unreadable or made by other code."""
    path = site_dir / CACHE_DIR / f"articles-{cache_key(timezone)}.pickle"
    try:
        with path.open("rb") as f:
            data = pickle.load(f)
        entries, written_ns = data["entries"], int(data["written_ns"])
        if not isinstance(entries, dict):
            raise TypeError("entries")
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError, KeyError):
        entries, written_ns = {}, 0
    return ArticleCache(path, entries, written_ns)


def save(cache: ArticleCache, articles: list[Article]) -> None:
    """Replace the cache with exactly ``articles`` (atomically); other caches of this site are removed."""
    entries = {a.source: (a.digest, *cache.seen.get(a.source, (-1, -1)), a) for a in articles}
    if entries.keys() == cache.entries.keys() and all(cache.entries[k][:3] == v[:3] for k, v in entries.items()):
        return
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    _ignore_file(cache.path.parent)
    record = {"written_ns": time.time_ns(), "entries": entries}
    atomic.write_bytes(cache.path, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    for old in cache.path.parent.glob("articles-*.pickle"):
        if old != cache.path:
            old.unlink(missing_ok=True)


def _ignore_file(folder: Path) -> None:
    """A .gitignore inside the cache so it is never committed, whatever the repo's own ignores."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("*\n")
