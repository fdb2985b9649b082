"""Write a built site: stage it beside the output folder, then swap it in atomically.

The new site is assembled in ``.<output>.spare`` next to the output folder:
files whose bytes did not change are hard links to the current output's
(so they keep their mtime), the rest are new files. Only then is the spare
folder exchanged with ``output/`` in one atomic ``renameat2(RENAME_EXCHANGE)``
(two renames where the OS lacks it). A build that fails or is killed before
the swap leaves ``output/`` untouched: it is always the old site or the new.

After the swap the spare folder holds the previous site, and the next build
assembles its site there again, touching only what differs (instead of
re-linking and deleting tens of thousands of files every build). Nothing in
the spare folder is trusted: every file is checked against what it should
be before the swap. A lock file serialises builds into the same folder.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Mapping


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path below the output folder (posix) and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class KeptFile:
    """A file whose inputs did not change: the current output's copy is kept as it is."""

    path: str


@dataclass(frozen=True)
class Job:
    """An output to render only when its inputs changed.

    ``render(values)`` must depend on nothing but ``values`` and what the
    build fingerprints for every job (code, templates, config): the
    fingerprint of ``values`` decides whether the file is rendered again.
    """

    path: str
    render: Callable[[Mapping[str, Any]], bytes]
    values: Mapping[str, Any]

    def run(self) -> OutputFile:
        return OutputFile(self.path, self.render(self.values))


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


class UnsafePath(ValueError):
    """An output path that would leave the output folder."""


def safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that stays inside the output folder, or UnsafePath."""
    parts = path.split("/")
    if not path or path.startswith("/") or any(part in ("..", ".", "") for part in parts) or "\\" in path or "\x00" in path:
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return PurePosixPath(path)


def write_site(files: Iterable[OutputFile | KeptFile], output_dir: Path) -> WriteReport:
    """Write ``files`` as the new content of ``output_dir``, atomically."""
    output_dir = output_dir.absolute()
    files = list(files)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with _locked(output_dir):
        if _already_current(files, output_dir):
            return WriteReport(0, len(files), 0)
        spare = output_dir.with_name(f".{output_dir.name}.spare")
        if spare.is_symlink() or (spare.exists() and not spare.is_dir()):
            spare.unlink()
        spare.mkdir(exist_ok=True)
        written, unchanged, wanted = _assemble(files, output_dir, spare)
        _prune(spare, wanted)
        removed = _count_removed(output_dir, wanted)
        _swap(spare, output_dir)
    return WriteReport(written, unchanged, removed)


def _assemble(files: list[OutputFile | KeptFile], output_dir: Path, spare: Path) -> tuple[int, int, set[str]]:
    """Make ``spare`` hold every file (links to unchanged current files, new files for the rest)."""
    written = unchanged = 0
    wanted: set[str] = set()
    made_dirs: set[str] = set()
    out_root, spare_root = str(output_dir), str(spare)
    for f in files:
        key = f.path
        safe_relative(key)
        if key in wanted:
            raise UnsafePath(f"two outputs want the same file: {key}")
        wanted.add(key)
        current, target = os.path.join(out_root, key), os.path.join(spare_root, key)
        parent = os.path.dirname(target)
        if parent not in made_dirs:
            _make_dir(parent, spare_root)
            made_dirs.add(parent)
        if isinstance(f, KeptFile) or _same_bytes(current, f.data):
            _link_same(current, target)
            unchanged += 1
        else:
            _write_new(target, f.data)
            written += 1
    return written, unchanged, wanted


def _make_dir(path: str, root: str) -> None:
    """``path`` as a real directory inside ``root`` (a file or link in the way is removed)."""
    if os.path.isdir(path) and not os.path.islink(path):
        return
    parts = os.path.relpath(path, root).split(os.sep)
    current = root
    for part in parts:
        current = os.path.join(current, part)
        if os.path.islink(current) or (os.path.exists(current) and not os.path.isdir(current)):
            os.unlink(current)
        if not os.path.isdir(current):
            os.mkdir(current)


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.path.islink(path) or os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as f:
            return f.read() == data
    except OSError:
        return False


def _link_same(current: str, target: str) -> None:
    """Make ``target`` the very file ``current`` is (a hard link), unless it already is."""
    try:
        if os.path.samestat(os.lstat(current), os.lstat(target)):
            return
    except OSError:
        pass
    _remove(target)
    try:
        os.link(current, target)
    except OSError:
        shutil.copy2(current, target)


def _write_new(target: str, data: bytes) -> None:
    """A new file at ``target`` (never writing through a link shared with the live site)."""
    _remove(target)
    with open(target, "wb") as f:
        f.write(data)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def _prune(root: Path, wanted: set[str]) -> None:
    """Remove from ``root`` every file not in ``wanted``, and the directories that leaves empty."""
    base = str(root)
    emptied: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(base):
        rel = os.path.relpath(dirpath, base)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in filenames:
            if prefix + name not in wanted:
                os.unlink(os.path.join(dirpath, name))
                emptied.add(dirpath)
        for name in list(dirnames):
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                os.unlink(path)
                dirnames.remove(name)
    for dirpath in sorted(emptied, key=len, reverse=True):
        while dirpath != base:
            try:
                os.rmdir(dirpath)  # only succeeds when empty
            except OSError:
                break
            dirpath = os.path.dirname(dirpath)


@contextlib.contextmanager
def _locked(output_dir: Path):
    """An exclusive lock for writing ``output_dir`` (held by one build at a time)."""
    lock = output_dir.with_name(f".{output_dir.name}.lock")
    with open(lock, "a") as handle:
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        yield


def _already_current(files: list[OutputFile | KeptFile], output_dir: Path) -> bool:
    """True when the output folder already holds exactly these files with these bytes (nothing to swap)."""
    if not output_dir.is_dir() or output_dir.is_symlink():
        return False
    root = str(output_dir)
    wanted: set[str] = set()
    for f in files:
        try:
            rel = safe_relative(f.path).as_posix()
        except UnsafePath:
            return False
        wanted.add(rel)
        path = os.path.join(root, rel)
        if isinstance(f, OutputFile):
            if not os.path.isfile(path) or os.path.getsize(path) != len(f.data) or Path(path).read_bytes() != f.data:
                return False
        elif not os.path.isfile(path):
            return False
    if len(wanted) != len(files):
        return False
    return _files_below(root) == wanted


def _files_below(root: str) -> set[str]:
    """Paths (posix, relative) of every non-directory entry below ``root``."""
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in filenames)
        found.update(prefix + name for name in dirnames if os.path.islink(os.path.join(dirpath, name)))
    return found


def _count_removed(output_dir: Path, kept: set[str]) -> int:
    if not output_dir.is_dir():
        return 0
    return len(_files_below(str(output_dir)) - kept)


def _swap(spare: Path, output_dir: Path) -> None:
    """Exchange ``spare`` and ``output_dir`` atomically where the OS can; afterwards ``spare``
    holds the previous site (or nothing)."""
    if output_dir.is_dir() and not output_dir.is_symlink() and _exchange(spare, output_dir):
        return
    old = output_dir.with_name(f".{output_dir.name}.old-{os.getpid()}")
    if output_dir.exists() or output_dir.is_symlink():
        os.replace(output_dir, old)
    os.replace(spare, output_dir)
    if old.is_dir() and not old.is_symlink():
        os.replace(old, spare)
    elif old.exists() or old.is_symlink():
        old.unlink()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc = _libc()
    if libc is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


@functools.cache
def _libc():
    if sys.platform != "linux":
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.renameat2  # noqa: B018 - probe that the symbol exists
    except (OSError, AttributeError):
        return None
    libc.renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return libc


def materialise(item: OutputFile | Job) -> OutputFile:
    """The file an output item stands for, rendering a job (for tests and tools that want bytes)."""
    return item.run() if isinstance(item, Job) else item
