"""The site's layout: every path of a site, and which files in it are inputs.

:class:`SitePaths` is the one place the folders of a site are named (as
Zola's ``Site`` owns every path): ``seeds/``, ``content/``, ``templates/``,
``static/``, ``.cache/``, ``site.toml`` and the default ``output/``. The
inputs a build reads and the dev loop watches are declared here too, and so
are the scratch files editors leave around, shared by the build (``static/``
copying, ``content/`` reading) and the watcher, so a file the watcher ignores
is never published by a build.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from site_builder.config.options import CONFIG_NAME

#: Folders whose files a build reads (with ``site.toml``): a change in them means a new build.
BUILD_INPUTS = ("content", "templates", "static")
#: Folders the importer reads before a build.
IMPORT_INPUTS = ("seeds",)
#: Everything the dev loop watches, besides ``site.toml``.
WATCHED = (*IMPORT_INPUTS, *BUILD_INPUTS)


@dataclass(frozen=True)
class SitePaths:
    """The paths of one site, from its folder (``--site``) and its output folder (``--output``)."""

    root: Path
    output: Path
    config: Path
    seeds: Path
    content: Path
    templates: Path
    static: Path
    cache: Path  # the build's memory (safe to delete)
    lock: Path  # held by every import and build (config/sitelock.py)

    @classmethod
    def of(cls, site_dir: Path, output_dir: Path | None = None) -> "SitePaths":
        return cls(root=site_dir, output=output_dir or site_dir / "output", config=site_dir / CONFIG_NAME,
                   seeds=site_dir / "seeds", content=site_dir / "content", templates=site_dir / "templates",
                   static=site_dir / "static", cache=site_dir / ".cache",
                   lock=site_dir / ".cache" / "site.lock")

    def record(self, kind: str) -> Path:
        """The build's record of ``kind`` for this output folder (builds into two folders keep two)."""
        name = hashlib.sha256(str(self.output.absolute()).encode()).hexdigest()[:12]
        return self.cache / f"{kind}-{name}.pickle"


def cache_folder(folder: Path) -> Path:
    """``folder`` (the site's cache) made, with a ``.gitignore`` inside so it is never committed."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("*\n")
    return folder


SCRATCH_NAMES = frozenset({"4913"})  # vim's write-permission probe
SCRATCH_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".swpx", ".tmp", ".bak", ".orig", ".part", ".crdownload",
                    "___jb_tmp___", "___jb_old___")
PUBLISHED_HIDDEN = frozenset({".nojekyll", ".well-known"})  # hidden names that static/ still publishes


def is_scratch(name: str, in_static: bool = False) -> bool:
    """Hidden, swap, lock, backup and temporary files that editors and tools leave around."""
    if name.startswith("."):
        return not (in_static and name in PUBLISHED_HIDDEN)
    if name.startswith("#") and name.endswith("#"):  # Emacs auto-save
        return True
    return name in SCRATCH_NAMES or name.endswith(SCRATCH_SUFFIXES)
