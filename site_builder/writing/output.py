"""Write a built site: stage it beside the output folder, then swap it in atomically.

The new site is assembled in ``.<output>.spare`` next to the output folder:
files whose bytes did not change are hard links to the current output's
(so they keep their mtime), the rest are new files. Only then is the spare
folder exchanged with ``output/`` in one atomic ``renameat2(RENAME_EXCHANGE)``
(two renames where the OS lacks it). A build that fails or is killed before
the swap leaves ``output/`` untouched: it is always the old site or the new.

After the swap the spare folder holds the previous site, and the next build
assembles its site there again, touching only what differs (instead of
re-linking and deleting tens of thousands of files every build). As a stage
opens, a background process mirrors the output into the spare (folders and
hard links) while the build reads its articles, so even the build after a
clean one finds most of its files in place. Nothing in
the spare folder is trusted: before the swap every file in it is the very
file (same inode) the output has, or bytes just written, and nothing else
is left in it. Worker processes place the files they render themselves
(:class:`Stage`). A lock file serialises builds into the same folder.

The one exception to "old site or new" is :func:`replace_live`, which the
dev loop uses to show an edited article's page before its full build.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from site_builder.base import parallel
from site_builder.model.outputs import KeptFile, Listing, OutputFile, UnsafePath, WriteReport, safe_relative

T = TypeVar("T")


def write_site(files: Iterable[OutputFile | KeptFile], output_dir: Path) -> WriteReport:
    """Write ``files`` as the new content of ``output_dir``, atomically."""
    files = list(files)
    with staging(output_dir) as stage:
        stage.prepare(f.path for f in files)
        written = sum(stage.place(f) for f in stage.unplaced(files))
        return stage.finish(written)


def replace_live(files: Iterable[OutputFile], output_dir: Path) -> tuple[str, ...]:
    """Replace single files of the live output folder, each atomically (a temporary file renamed over it).

    Only the dev loop does this, to show an edited page before the full build
    (which then swaps in the complete site as usual): the folder is briefly a
    mix of the old site and the new page. The new file never shares an inode
    with the spare folder, which keeps the previous site intact.
    """
    output_dir = output_dir.absolute()
    done: list[str] = []
    if not output_dir.is_dir() or output_dir.is_symlink():
        return ()
    with _locked(output_dir):
        for f in files:
            target = os.path.join(str(output_dir), safe_relative(f.path))
            folder = os.path.dirname(target)
            if os.path.islink(folder) or (os.path.lexists(folder) and not os.path.isdir(folder)):
                continue  # something odd in the way: leave it to the full build
            os.makedirs(folder, exist_ok=True)
            temporary = f"{target}.{os.getpid()}.preview"
            with open(temporary, "wb") as handle:
                handle.write(f.data)
            os.replace(temporary, target)
            done.append(f.path)
    return tuple(done)


@contextlib.contextmanager
def staging(output_dir: Path) -> Iterator["Stage"]:
    """A :class:`Stage` for the next content of ``output_dir``, with the output lock held throughout.

    The stage opens at once: a background process walks both folders and
    mirrors the output into the spare folder (:func:`mirror`) while the
    caller reads and models the site; the stage waits for it at first use.
    The lock is not released before that process is done.
    """
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with _locked(output_dir):
        spare = output_dir.with_name(f".{output_dir.name}.spare")
        if spare.is_symlink() or (spare.exists() and not spare.is_dir()):
            spare.unlink()
        spare.mkdir(exist_ok=True)
        if output_dir.is_dir() and not output_dir.is_symlink():
            scans = parallel.in_background(mirror, str(output_dir), str(spare))
        else:  # nothing to mirror (a first build): the spare alone is walked, here
            scans = parallel.done((scan(str(output_dir)), scan(str(spare))))
        try:
            yield Stage(str(output_dir), str(spare), scans)
        finally:
            with contextlib.suppress(Exception):
                scans()  # never leave a process writing the spare once the lock is released


def mirror(output_root: str, spare_root: str) -> tuple["Scan", "Scan"]:
    """Walk both folders and make the spare hold the output's folders and files (hard links to them)
    wherever nothing else is in the way; the scans of the output and of the spare as it is afterwards.

    Files whose bytes are kept then cost nothing when the site is staged, and
    a build right after a clean one does not make ten thousand folders on its
    critical path. What is in the way (a file where a folder belongs, or the
    reverse) is left to :meth:`Stage.prepare` and :meth:`Stage.place`.
    """
    output, spare = scan(output_root), scan(spare_root)
    blocked: set[str] = set()
    for folder in sorted(output.folders - spare.folders, key=lambda f: f.count("/")):
        if folder.rpartition("/")[0] in blocked or folder in spare.files:
            blocked.add(folder)
            continue
        try:
            os.mkdir(os.path.join(spare_root, folder))
            spare.folders.add(folder)
        except OSError:
            blocked.add(folder)
    for path, found in output.files.items():
        had = spare.files.get(path)
        if had is not None and had[2] == found[2] or path in spare.folders or path.rpartition("/")[0] in blocked:
            continue
        target = os.path.join(spare_root, path)
        try:
            if had is not None:
                os.unlink(target)
                del spare.files[path]
            os.link(os.path.join(output_root, path), target)
        except OSError:
            continue  # left as scanned (or gone): placing the file deals with it
        spare.files[path] = found
    return output, spare


@dataclass(frozen=True)
class Scan:
    """What a folder holds, from one walk: every file (or link) with its size, mtime and inode; every sub-folder."""

    files: dict[str, tuple[int, int, int]]  # posix path -> (size, mtime_ns, inode)
    folders: set[str]

    @property
    def listing(self) -> Listing:
        return {path: (size, mtime) for path, (size, mtime, _inode) in self.files.items()}


def scan(root: str) -> Scan:
    """One walk of ``root`` (an empty scan when it is no folder)."""
    files: dict[str, tuple[int, int, int]] = {}
    folders: set[str] = set()

    def visit(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(rel)
                    visit(entry.path, rel + "/")
                else:
                    info = entry.stat(follow_symlinks=False)
                    files[rel] = (info.st_size, info.st_mtime_ns, info.st_ino)

    if os.path.isdir(root) and not os.path.islink(root):
        visit(root, "")
    return Scan(files, folders)


class Stage:
    """The spare folder being made into the next site, file by file, then swapped in.

    Both folders are walked once, by the background :func:`mirror` that
    starts as the stage opens (with the output lock held, nothing else writes
    them); the first use of the walks waits for it. :meth:`prepare` declares every path
    (checked, unique) and clears the way for its folders; :meth:`place` then
    puts one file in place and may run in any process (forked workers place
    what they render, so rendered bytes never travel back or pile up in
    memory); a kept file the spare already shares with the output (the same
    inode) costs nothing. :meth:`finish` removes what is not wanted and
    swaps, or does nothing when the site did not change.
    """

    def __init__(self, output_root: str, spare_root: str, scans: Callable[[], tuple[Scan, Scan]]) -> None:
        self.output_root = output_root
        self.spare_root = spare_root
        self._scans = scans  # (output, spare): the walk of both folders, awaited at first use
        self.wanted: set[str] = set()
        self.placing: set[str] = set()  # paths handed out to be placed (their files are new or re-linked)
        self.final: Listing = {}  # what the output folder holds once finished

    @functools.cached_property
    def output(self) -> Scan:
        """The live site as the build starts."""
        return self._scans()[0]

    @functools.cached_property
    def spare(self) -> Scan:
        """The spare folder as mirrored (never trusted: checked file by file)."""
        return self._scans()[1]

    @functools.cached_property
    def current(self) -> Listing:
        """The live site as the build starts: path -> (size, mtime_ns)."""
        return self.output.listing

    def prepare(self, paths: Iterable[str]) -> None:
        self._scans()  # the mirror must be done before anything else touches the spare
        made: set[str] = {""}
        for path in paths:
            safe_relative(path)
            if path in self.wanted:
                raise UnsafePath(f"two outputs want the same file: {path}")
            self.wanted.add(path)
            self._clear_way(path.rpartition("/")[0], made)

    def _clear_way(self, folder: str, done: set[str]) -> None:
        """Remove any file or link in the spare where ``folder`` or a folder above it belongs."""
        if folder in done:
            return
        self._clear_way(folder.rpartition("/")[0], done)
        done.add(folder)
        if folder in self.spare.files:
            os.unlink(os.path.join(self.spare_root, folder))
            del self.spare.files[folder]

    def unplaced(self, files: Iterable[T]) -> list[T]:
        """The files (or jobs) of ``files`` still to be placed: all but the kept files already in place.

        Only these may be passed to :meth:`place`; the final listing stats them afresh.
        """
        todo = [f for f in files if not (isinstance(f, KeptFile) and self.shares(f.path))]
        self.placing.update(f.path for f in todo)
        return todo

    def place(self, f: OutputFile | KeptFile) -> bool:
        """Put ``f`` in the spare folder; True when its bytes are new (False: a link to the current file)."""
        if isinstance(f, KeptFile) and self.shares(f.path):
            return False
        current, target = os.path.join(self.output_root, f.path), os.path.join(self.spare_root, f.path)
        folder = os.path.dirname(target)
        if not os.path.isdir(folder):
            os.makedirs(folder, exist_ok=True)  # prepare() removed anything else in the way
        if isinstance(f, KeptFile) or _same_bytes(current, f.data):
            _link_same(current, target)
            return False
        _write_new(target, f.data)
        return True

    def shares(self, path: str) -> bool:
        """True when the spare's file at ``path`` is the very file (inode) the output has there."""
        live, spare = self.output.files.get(path), self.spare.files.get(path)
        return live is not None and spare is not None and live[2] == spare[2]

    def finish(self, written: int) -> WriteReport:
        """Make the spare folder hold exactly the prepared files and swap it in (unless nothing changed).

        Afterwards :attr:`final` lists what the output folder holds.
        """
        output_dir = Path(self.output_root)
        current = self.current
        removed = len(current.keys() - self.wanted)
        unchanged = len(self.wanted) - written
        if written == 0 and removed == 0 and output_dir.is_dir() and not output_dir.is_symlink():
            self.final = current
            return WriteReport(0, unchanged, 0)
        self._prune()
        self.final = self._listing(current)
        _swap(Path(self.spare_root), output_dir)
        return WriteReport(written, unchanged, removed)

    def _prune(self) -> None:
        """Remove from the spare every file not wanted and every folder no wanted file is in."""
        for path in self.spare.files.keys() - self.wanted:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self.spare_root, path))
        needed = {folder for path in self.wanted for folder in _folders_above(path)}
        for folder in sorted(self.spare.folders - needed - self.wanted, key=lambda f: f.count("/")):
            shutil.rmtree(os.path.join(self.spare_root, folder), ignore_errors=True)

    def _listing(self, current: Listing) -> Listing:
        """The spare's files once placed: files left in place as the output listed them, the others stat'ed."""
        final: Listing = {}
        for path in self.wanted:
            if path not in self.placing:
                final[path] = current[path]
            else:
                info = os.lstat(os.path.join(self.spare_root, path))
                final[path] = (info.st_size, info.st_mtime_ns)
        return final


def _folders_above(path: str) -> Iterator[str]:
    """Every folder that contains ``path`` (posix, relative), innermost first."""
    folder = path.rpartition("/")[0]
    while folder:
        yield folder
        folder = folder.rpartition("/")[0]


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


def posix_prefix(dirpath: str, root: str) -> str:
    """The posix path of ``dirpath`` (a folder os.walk found below ``root``) relative to it, plus "/"; "" for root."""
    rel = dirpath[len(root):].lstrip(os.sep)
    return rel.replace(os.sep, "/") + "/" if rel else ""


def listing(root: Path) -> Listing | None:
    """Every file (and link) below ``root`` with its size and mtime; None when there is no such folder."""
    if not root.is_dir() or root.is_symlink():
        return None
    return scan(str(root)).listing


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
