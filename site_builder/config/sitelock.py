"""One writer at a time: the lock on a site's ``content/`` and caches.

Importing seeds reads ``content/`` to learn which seeds already have a page,
then writes the new pages; two imports interleaved would each mint a page
and a permanent id for the same new seed. So :func:`site_lock` is held by
every import and every build (``watch`` and ``serve`` take it for each
rebuild): an exclusive ``flock`` on ``<site>/.cache/site.lock``, released by
the kernel when the process ends, however it ends.

A second process waits for the first, telling the caller once through
``on_wait`` (the CLI prints it), and gives up after ``timeout`` seconds
(``SITE_BUILDER_LOCK_TIMEOUT``, default 600) with a :class:`SiteError`.
Within one process the lock is re-entrant: a build that imports holds it once.
"""
from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

from site_builder.config.layout import SitePaths, cache_folder
from site_builder.base.errors import Problem, SiteError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; the lock is then per process only
    fcntl = None  # type: ignore[assignment]

DEFAULT_TIMEOUT = 600.0
_POLL = 0.05
_held: dict[str, int] = {}  # lock path -> depth, in this process
_guard = threading.RLock()


def lock_path(site_dir: Path) -> Path:
    """Where the site's lock lives."""
    return SitePaths.of(site_dir).lock


def timeout_from_env() -> float:
    """Seconds to wait for another process: ``SITE_BUILDER_LOCK_TIMEOUT`` or the default."""
    try:
        return max(0.0, float(os.environ.get("SITE_BUILDER_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextlib.contextmanager
def site_lock(site_dir: Path, on_wait: Callable[[str], None] | None = None,
              timeout: float | None = None) -> Iterator[None]:
    """Hold the site's lock for the block (waiting for another process that holds it)."""
    path = lock_path(Path(site_dir).absolute())
    key = str(path)
    with _guard:  # one thread of this process at a time; re-entrant for the thread that holds it
        if _held.get(key):
            _held[key] += 1
            try:
                yield
            finally:
                _held[key] -= 1
            return
        cache_folder(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _acquire(fd, path, on_wait, timeout_from_env() if timeout is None else timeout)
            _held[key] = 1
            try:
                yield
            finally:
                _held.pop(key, None)
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _acquire(fd: int, path: Path, on_wait: Callable[[str], None] | None, timeout: float) -> None:
    """Take the flock on ``fd``, waiting up to ``timeout`` seconds; SiteError after that."""
    if fcntl is None:  # pragma: no cover
        return
    started = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if not told:
                told = True
                if on_wait is not None:
                    on_wait(f"waiting for {holder(path)} to finish with this site (lock {path.name})")
            if time.monotonic() - started >= timeout:
                raise SiteError([Problem(f"{path.parent.name}/{path.name}", 0,
                                         f"{holder(path)} has been working on this site for more than {timeout:.0f} s",
                                         hint="wait for it to finish or stop it; SITE_BUILDER_LOCK_TIMEOUT sets the wait")]) from None
            time.sleep(_POLL)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


def holder(path: Path) -> str:
    """'another site-builder (pid N)' from the lock file, as far as it says."""
    try:
        pid = path.read_text().strip()
    except OSError:
        pid = ""
    return f"another site-builder (pid {pid})" if pid.isdigit() else "another site-builder"
