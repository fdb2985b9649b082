"""When a seed reached the site (its *arrival*), for the year rule and the time of fresh copy.

* A seed tracked by git arrived when the commit that first added it at its
  path was made (the committer time): the same on every full clone and in CI.
* Otherwise (not in a repository, not committed yet, no ``git``) it arrives
  at the import itself.

The importer records the arrival in the page's front matter (``received``)
once, at the first import, and reads it back ever after: it is never derived
again. In a shallow clone (``actions/checkout`` fetches one commit unless told
``fetch-depth: 0``) the oldest commits present are cut off from their parents
and seem to add every file; a seed added in such a commit has no trusted git
time and arrives at the import.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Iterable

_GIT_TIMEOUT = 60


def now_utc() -> dt.datetime:
    """The clock, in UTC, to the second (front matter needs no microseconds)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def git_arrivals(paths: Iterable[Path]) -> dict[Path, dt.datetime]:
    """Resolved seed path -> UTC time of the commit that first added it, for the seeds git tracks.

    One ``git log`` over the seeds' common folder; seeds outside a repository,
    never committed, or added in a shallow clone's boundary commit are left out.
    """
    wanted = [p.resolve() for p in paths]
    if not wanted:
        return {}
    folder = Path(os.path.commonpath([str(p.parent) for p in wanted]))
    top = git_output(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return {}
    root = Path(top.strip()).resolve()
    shallow = _shallow_commits(folder)
    log = git_output(folder, "-c", "core.quotePath=false", "log", "--no-renames", "--diff-filter=A",
               "--format=%x01%H %ct", "--name-only", "--", ".")
    if log is None:
        return {}
    added: dict[Path, dt.datetime | None] = {}
    commit_time: dt.datetime | None = None
    for line in log.splitlines():
        if line.startswith("\x01"):
            commit, seconds = line[1:].split(" ")
            commit_time = None if commit in shallow else dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc)
        elif line.strip():
            added[root / line] = commit_time  # newest first: the oldest addition is written last and wins
    return {p: added[p] for p in wanted if added.get(p) is not None}  # type: ignore[misc]


def _shallow_commits(folder: Path) -> frozenset[str]:
    """The boundary commits of a shallow clone (empty for a full one)."""
    path = git_output(folder, "rev-parse", "--git-path", "shallow")
    if path is None:
        return frozenset()
    file = Path(path.strip())
    file = file if file.is_absolute() else folder / file
    try:
        return frozenset(file.read_text("ascii").split())
    except OSError:
        return frozenset()


def git_output(folder: Path, *args: str) -> str | None:
    """``git`` output run in ``folder``; None when git is missing or fails (not a repository)."""
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=_GIT_TIMEOUT,
                              encoding="utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
