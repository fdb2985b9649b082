"""The persistent build cache in ``<site>/.cache/`` (git-ignored, safe to delete).

It maps each content file to the :class:`~site_builder.model.article.Article` read
from it, keyed by the file's path *and* the SHA-256 of its bytes, in a file
whose name carries every other ingredient that can change a parsed article:
the hash of this package's own files, the versions of the libraries it
renders with (see :mod:`site_builder.memo.fingerprint`), and the site time zone. Any change to any of them
selects another cache, so a stale entry cannot be used.

The cache is a folder of :data:`SHARDS` pickles, each file's entry in the
shard its path hashes to: a build rewrites only the shards whose entries
changed, so editing one article rewrites one small file, not the whole cache.
"""
from __future__ import annotations

import hashlib
import shutil
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import __version__
from site_builder.base import records
from site_builder.config.layout import SitePaths, cache_folder
from site_builder.memo import fingerprint
from site_builder.reading import markup
from site_builder.model.article import Article



def cache_key(timezone: str) -> str:
    """A short hash of everything besides a file's bytes that decides how it is read."""
    parts = [__version__, markup.VERSION, fingerprint.code_fingerprint(), timezone]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


#: A file whose mtime is this close to (or after) the moment the cache was written is read
#: again even when its size and mtime match: it may have changed within one clock tick
#: (the "racy" rule git uses for its index).
RACY_NS = 2_000_000_000

Entry = tuple[str, int, int, Article]  # sha256 of bytes, size, mtime_ns (taken before reading), article


#: Number of files the cache is split into.
SHARDS = 64


def shard_of(rel: str) -> int:
    """The shard a content file's entry lives in (stable across runs and machines)."""
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % SHARDS


@dataclass(frozen=True)
class ArticleCache:
    """Articles from earlier builds, and the stat of each file seen by this build.

    ``fresh`` trusts a file's size and modification time (like make, rsync and
    git) only when that time is safely older than the shard that holds it;
    otherwise the bytes are read and ``get`` matches them by SHA-256.
    """

    path: Path  # the folder of shards
    shards: dict[int, dict[str, Entry]]
    written_ns: dict[int, int]  # shard -> when it was written
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)  # this build: rel -> (size, mtime_ns)

    def fresh(self, rel: str, size: int, mtime_ns: int) -> Article | None:
        shard = shard_of(rel)
        entry = self.shards.get(shard, {}).get(rel)
        if entry and entry[1] == size and entry[2] == mtime_ns and mtime_ns < self.written_ns.get(shard, 0) - RACY_NS:
            return entry[3]
        return None

    def knows(self, rel: str) -> bool:
        """True when an earlier build read the file at ``rel`` (its bytes may have changed since)."""
        return rel in self.shards.get(shard_of(rel), {})

    def get(self, rel: str, digest: str) -> Article | None:
        entry = self.shards.get(shard_of(rel), {}).get(rel)
        return entry[3] if entry and entry[0] == digest else None


def load(site_dir: Path, timezone: str) -> ArticleCache:
    """The cache for this site and key; empty (shard by shard) when missing, unreadable or made by other code."""
    path = SitePaths.of(site_dir).cache / f"articles-{cache_key(timezone)}"
    shards: dict[int, dict[str, Entry]] = {}
    written: dict[int, int] = {}
    for shard in range(SHARDS):
        data = records.load(path / f"{shard:02d}.pickle", dict)
        entries, written_ns = (data or {}).get("entries"), (data or {}).get("written_ns")
        if not isinstance(entries, dict) or not isinstance(written_ns, int):
            continue
        shards[shard], written[shard] = entries, written_ns
    return ArticleCache(path, shards, written)


def save(cache: ArticleCache, articles: list[Article]) -> None:
    """Make the cache hold exactly ``articles`` (each changed shard replaced atomically); other caches of
    this site are removed."""
    wanted: dict[int, dict[str, Entry]] = {}
    for a in articles:
        wanted.setdefault(shard_of(a.source), {})[a.source] = (a.digest, *cache.seen.get(a.source, (-1, -1)), a)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache_folder(cache.path.parent)
    cache.path.mkdir(exist_ok=True)
    now = time.time_ns()
    for shard in range(SHARDS):
        entries, old = wanted.get(shard, {}), cache.shards.get(shard)
        shard_path = cache.path / f"{shard:02d}.pickle"
        if old is not None and entries.keys() == old.keys() and all(old[k][:3] == v[:3] for k, v in entries.items()):
            continue
        if not entries:
            shard_path.unlink(missing_ok=True)
            continue
        record = {"written_ns": now, "entries": entries}
        records.save(shard_path, record)
    for other in cache.path.parent.glob("articles-*"):
        if other == cache.path:
            continue
        if other.is_dir() and not other.is_symlink():
            shutil.rmtree(other, ignore_errors=True)
        else:
            other.unlink(missing_ok=True)


