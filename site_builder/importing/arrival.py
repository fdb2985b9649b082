"""When a seed reached the site (its *arrival*), for the year rule and the time of fresh copy;
and when a seed last changed, for the ``updated`` time of its page.

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
from pathlib import Path
from typing import Iterable

from site_builder.base.git import git_output



def now_utc() -> dt.datetime:
    """The clock, in UTC, to the second (front matter needs no microseconds)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def git_arrivals(paths: Iterable[Path]) -> dict[Path, dt.datetime]:
    """Resolved seed path -> UTC time of the commit that first added it, for the seeds git tracks.

    One ``git log`` over the seeds' common folder; seeds outside a repository,
    never committed, or added in a shallow clone's boundary commit are left out.
    """
    return _commit_times(paths, first_added=True)


def git_last_changes(paths: Iterable[Path]) -> dict[Path, dt.datetime]:
    """Resolved seed path -> UTC time of the last commit that changed it, for seeds git tracks whose
    file is as committed (a seed edited since, or last changed in a shallow clone's boundary commit, is
    left out: its change is dated by the import)."""
    return _commit_times(paths, first_added=False)


def _commit_times(paths: Iterable[Path], first_added: bool) -> dict[Path, dt.datetime]:
    wanted = [p.resolve() for p in paths]
    if not wanted:
        return {}
    folder = Path(os.path.commonpath([str(p.parent) for p in wanted]))
    top = git_output(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return {}
    root = Path(top.strip()).resolve()
    shallow = _shallow_commits(folder)
    log = git_output(folder, "-c", "core.quotePath=false", "log", "--no-renames",
                     *(["--diff-filter=A"] if first_added else []), "--format=%x01%H %ct", "--name-only", "--", ".")
    if log is None:
        return {}
    times: dict[Path, dt.datetime | None] = {}
    commit_time: dt.datetime | None = None
    for line in log.splitlines():
        if line.startswith("\x01"):
            commit, seconds = line[1:].split(" ")
            commit_time = None if commit in shallow else dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc)
        elif line.strip() and first_added:
            times[root / line] = commit_time  # newest first: the oldest addition is written last and wins
        elif line.strip():
            times.setdefault(root / line, commit_time)  # newest first: the last change is met first
    if not first_added:
        for path in _dirty(folder, root):
            times.pop(path, None)
    return {p: times[p] for p in wanted if times.get(p) is not None}  # type: ignore[misc]


def _dirty(folder: Path, root: Path) -> list[Path]:
    """Files below ``folder`` that differ from what is committed (``git status``)."""
    status = git_output(folder, "status", "--porcelain", "-z", "--untracked-files=no", "--", ".")
    return [root / entry[3:] for entry in (status or "").split("\0") if len(entry) > 3]


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
