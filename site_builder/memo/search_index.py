"""The search index, made again only when the searchable records changed.

``.cache/search-<output folder>.pickle`` holds, for each part of the index
(a year: see ``pages/search.py``), the fingerprint of the last records indexed
(their text, this package's code and Pagefind's version) and the canonical
index files made from them. A part whose records have that fingerprint reuses
its files without running Pagefind; the stage then finds their bytes unchanged
and keeps the files in the output as they are. Any change to an article's
searchable text, meta, filters or language makes a new index of its year
(Pagefind has no incremental update), so the index is never stale.
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from site_builder.base import records as stored
from site_builder.config.layout import SitePaths
from site_builder.memo.fingerprint import code_fingerprint
from site_builder.pages import search


def index_files(found: tuple[search.Record, ...], site_dir: Path, output_dir: Path | None) -> dict[str, dict[str, bytes]]:
    """The index files of every part of ``found`` (part → files): a part whose records are the same as last
    time is remembered, any other is made (and remembered).

    Raises :class:`~site_builder.pages.search.SearchUnavailable` when Pagefind is needed and cannot run.
    """
    path = SitePaths.of(site_dir, output_dir).record("search")
    remembered = stored.load(path, dict) or {}
    made: dict[str, tuple[str, dict[str, bytes]]] = {}
    for name, records in search.parts(found).items():
        key = fingerprint(records)
        old = remembered.get(name)
        made[name] = old if isinstance(old, tuple) and len(old) == 2 and old[0] == key else (key, search.index_files(records))
    if made != remembered:
        stored.save(path, made)
    return {name: files for name, (_, files) in made.items()}


def fingerprint(found: tuple[search.Record, ...]) -> str:
    """What decides the index: the records, this package's code and the version of Pagefind that indexes them."""
    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "none"
    text = f"{version}\0{code_fingerprint()}\0{search.fingerprint_text(found)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
