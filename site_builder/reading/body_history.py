"""Body edits are updates: when an article's body changed after it was first committed and its
front matter names no ``updated``, feeds still mark it updated, at the commit that changed the body.

From git history only, so every full clone and CI build gives the same answer and a build of
unchanged content stays byte-identical:

* one ``git log`` over ``content/`` lists the commits that touched each page;
* for a page touched by two or more commits, ``git cat-file --batch`` reads its text at each,
  and the newest commit whose body (the text after the front matter, whitespace-trimmed)
  differs from the one before it is the page's update;
* edits not committed yet, front matter edits (tags, a typo in the title) and pages outside a
  repository change nothing.

The answer depends only on ``HEAD``: it is cached in ``.cache/body-history.pickle`` under HEAD's
commit id, so a build without a new commit costs one ``git rev-parse``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path

from site_builder.base import records
from site_builder.base.git import git_output
from site_builder.base.errors import SiteError
from site_builder.config.layout import SitePaths, cache_folder
from site_builder.reading import frontmatter

_CACHE_NAME = "body-history.pickle"


def body_updates(site_dir: Path) -> dict[str, dt.datetime]:
    """Page path below ``content/`` (posix) -> UTC time of the last commit that changed its body,
    for pages whose body changed after their first commit; {} outside a git repository."""
    content = SitePaths.of(site_dir).content
    if not content.is_dir():
        return {}
    answer = (git_output(content, "rev-parse", "HEAD", "--show-toplevel") or "").split("\n")
    if len(answer) < 2 or not answer[0] or not answer[1]:
        return {}  # not in a repository, or no commit yet
    head, top = answer[0].strip(), answer[1].strip()
    cached = _load(site_dir, head)
    if cached is not None:
        return cached
    found = _from_history(content, Path(top).resolve())
    _save(site_dir, head, found)
    return found


def with_body_updates(articles: list, site_dir: Path) -> list:
    """``articles`` with ``updated`` set from :func:`body_updates` where their front matter names none."""
    found = body_updates(site_dir)
    return [dataclasses.replace(a, updated=found[a.source])
            if a.updated is None and a.source in found and found[a.source] > a.date else a for a in articles]


def _from_history(content: Path, top: Path) -> dict[str, dt.datetime]:
    log = git_output(content, "-c", "core.quotePath=false", "log", "--no-renames", "--format=%x01%H %ct",
               "--name-only", "--", ".")
    if log is None:
        return {}
    touched: dict[str, list[tuple[str, int]]] = {}  # repo path -> [(commit, time)], newest first
    commit, seconds = "", 0
    for line in log.splitlines():
        if line.startswith("\x01"):
            commit, stamp = line[1:].split(" ")
            seconds = int(stamp)
        elif line.endswith(".md"):
            touched.setdefault(line, []).append((commit, seconds))
    prefix = content.resolve().relative_to(top).as_posix()
    out: dict[str, dt.datetime] = {}
    for path, commits in touched.items():
        if len(commits) < 2:
            continue
        bodies = _bodies(top, [f"{c}:{path}" for c, _ in commits])
        for (_, when), body, before in zip(commits, bodies, bodies[1:]):
            if body is not None and before is not None and body != before:
                out[path[len(prefix) + 1:] if prefix != "." else path] = dt.datetime.fromtimestamp(when, dt.timezone.utc)
                break
    return out


def _bodies(top: Path, specs: list[str]) -> list[str | None]:
    """The body of each ``commit:path`` (None where the file did not exist), through one ``git cat-file``."""
    try:
        done = subprocess.run(["git", "cat-file", "--batch"], cwd=top, input=("\n".join(specs) + "\n").encode(),
                              capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return [None] * len(specs)
    data, out, at = done.stdout, [], 0
    for _ in specs:
        end = data.index(b"\n", at)
        header = data[at:end].split(b" ")
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            out.append(None)
            continue
        size = int(header[2])
        out.append(body_text(data[at:at + size].decode("utf-8", "replace")))
        at += size + 1
    return out


def body_text(page: str) -> str:
    """A page's body: the text after its front matter (split as the reader splits it), whitespace-trimmed;
    the whole page when its front matter is not closed."""
    try:
        _, body, _, _ = frontmatter.split(page.replace("\r\n", "\n"), "")
    except SiteError:
        return page.strip()
    return body.strip()


@dataclasses.dataclass(frozen=True)
class _Remembered:
    """The answer of :func:`body_updates` for one ``HEAD``."""

    head: str
    updates: dict[str, dt.datetime]


def _record(site_dir: Path) -> Path:
    return SitePaths.of(site_dir).cache / _CACHE_NAME


def _load(site_dir: Path, head: str) -> dict[str, dt.datetime] | None:
    found = records.load(_record(site_dir), _Remembered)
    return dict(found.updates) if found is not None and found.head == head else None


def _save(site_dir: Path, head: str, found: dict[str, dt.datetime]) -> None:
    try:
        cache_folder(SitePaths.of(site_dir).cache)
        records.save(_record(site_dir), _Remembered(head, dict(sorted(found.items()))))
    except OSError:
        pass
