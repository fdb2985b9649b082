"""The search index, made again only when the searchable records changed.

``.cache/search-<output folder>.pickle`` holds the fingerprint of the last
records indexed (their text, this package's code and Pagefind's version) and the canonical index
files made from them. A build whose records have that fingerprint reuses the
files without running Pagefind; the stage then finds their bytes unchanged and
keeps the files in the output as they are. Any change to any article's
searchable text, meta, filters or language makes a new index of the whole
site (Pagefind has no incremental update), so the index is never stale.
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from site_builder.base import records as stored
from site_builder.config.layout import SitePaths
from site_builder.memo.fingerprint import code_fingerprint
from site_builder.pages import search


def index_files(found: tuple[search.Record, ...], site_dir: Path, output_dir: Path | None) -> dict[str, bytes]:
    """The index files of ``found``: remembered when the records are the same, else made (and remembered).

    Raises :class:`~site_builder.pages.search.SearchUnavailable` when Pagefind is needed and cannot run.
    """
    path = SitePaths.of(site_dir, output_dir).record("search")
    key = fingerprint(found)
    remembered = stored.load(path, tuple)
    if remembered and len(remembered) == 2 and remembered[0] == key:
        return remembered[1]
    files = search.index_files(found)
    stored.save(path, (key, files))
    return files


def fingerprint(found: tuple[search.Record, ...]) -> str:
    """What decides the index: the records, this package's code and the version of Pagefind that indexes them."""
    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "none"
    text = f"{version}\0{code_fingerprint()}\0{search.fingerprint_text(found)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
