"""Write a built site: stage it in a fresh folder, then swap it in atomically.

A build writes every file into ``<output>.staging-<pid>`` next to the output
folder, hard-linking files whose bytes did not change from the current
output (so unchanged files keep their mtime), and only then renames the
staging folder over ``output/``. A build that fails or is killed before the
swap leaves the previous ``output/`` untouched; the swap itself is two
renames, so ``output/`` is always either the old site or the new one.
"""
from __future__ import annotations

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
    p = PurePosixPath(path)
    if p.is_absolute() or not p.parts or any(part in ("..", ".", "") for part in p.parts) or "\\" in path or "\x00" in path:
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return p


def write_site(files: Iterable[OutputFile | KeptFile], output_dir: Path) -> WriteReport:
    """Write ``files`` as the new content of ``output_dir``, atomically."""
    output_dir = output_dir.absolute()
    files = list(files)
    if _already_current(files, output_dir):
        return WriteReport(0, len(files), 0)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = output_dir.with_name(f".{output_dir.name}.staging-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    written = unchanged = 0
    seen: set[str] = set()
    try:
        for f in files:
            rel = safe_relative(f.path)
            key = rel.as_posix()
            if key in seen:
                raise UnsafePath(f"two outputs want the same file: {key}")
            seen.add(key)
            target = staging.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(f, KeptFile):
                _keep(output_dir.joinpath(*rel.parts), target)
                unchanged += 1
            elif _reuse(output_dir.joinpath(*rel.parts), target, f.data):
                unchanged += 1
            else:
                target.write_bytes(f.data)
                written += 1
        removed = _count_removed(output_dir, seen)
        _swap(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(written, unchanged, removed)


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


def _reuse(old: Path, target: Path, data: bytes) -> bool:
    """Hard-link the old file into the staging folder when its bytes are the same."""
    try:
        if old.is_symlink() or not old.is_file() or old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
        return True
    except OSError:
        return False


def _keep(old: Path, target: Path) -> None:
    """Hard-link (or copy) a kept file of the current output into the staging folder."""
    try:
        os.link(old, target)
    except OSError:
        shutil.copy2(old, target)


def _count_removed(output_dir: Path, kept: set[str]) -> int:
    if not output_dir.is_dir():
        return 0
    return sum(1 for p in output_dir.rglob("*") if p.is_file() and p.relative_to(output_dir).as_posix() not in kept)


def _swap(staging: Path, output_dir: Path) -> None:
    """Replace ``output_dir`` by ``staging``: one atomic exchange where the OS has it."""
    if output_dir.is_dir() and not output_dir.is_symlink() and _exchange(staging, output_dir):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old site
        return
    old = output_dir.with_name(f".{output_dir.name}.old-{os.getpid()}")
    if output_dir.exists() or output_dir.is_symlink():
        os.replace(output_dir, old)
    os.replace(staging, output_dir)
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
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
