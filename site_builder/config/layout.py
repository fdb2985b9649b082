"""Which files are inputs: the names editors and tools leave around are not.

Shared by the build (``static/`` copying, ``content/`` reading) and the
watcher, so a file the watcher ignores is never published by a build.
"""
from __future__ import annotations

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
