"""Nothing changed? Then do nothing: the whole-build short cut.

After a successful build, ``.cache/build-<output>.pickle`` records a
*signature* of every input — this package's code, the config as parsed (base
URL included), the path of the output folder, and the name, size and
modification time of every file under ``content/``, ``templates/`` and
``static/`` — plus the size and mtime of every file the build left in the
output folder, and the moment the next future-dated article comes due.

A later build whose signature is the same, whose output folder still holds
exactly those files untouched, and for which no future article has come due,
has nothing to do and returns the recorded report. Anything else — one
changed byte in an input (a new mtime), a file touched within the last two
seconds (it may have changed within one clock tick: git's "racy" rule), a
stray or edited file in the output — makes it an ordinary build, which is
itself incremental.
"""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.base import records
from site_builder.memo import fingerprint
from site_builder.memo.cache import RACY_NS
from site_builder.config.layout import BUILD_INPUTS, SitePaths
from site_builder.config.options import Config
from site_builder.writing.output import listing, posix_prefix
from site_builder.model.outputs import Listing



@dataclass(frozen=True)
class Record:
    signature: str
    valid_from_ns: int | None  # the newest published article's date: before it, that article is "future"
    valid_until_ns: int | None  # when the earliest future-dated article comes due
    outputs: dict[str, tuple[int, int]]  # path -> (size, mtime_ns)
    report: Any  # the BuildReport of the build that wrote it


def signature(site_dir: Path, config: Config, output_dir: Path) -> str | None:
    """The hash of every input of a build, or None when a file is too new to trust its mtime."""
    h = hashlib.sha256()
    h.update(fingerprint.code_fingerprint().encode())
    h.update(fingerprint.of(config).encode())
    h.update(str(output_dir.absolute()).encode())
    racy_after = time.time_ns() - RACY_NS
    for folder in BUILD_INPUTS:
        root = str(site_dir / folder)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            prefix = f"{folder}/{posix_prefix(dirpath, root)}"
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    return None
                if stat.st_mtime_ns >= racy_after:
                    return None
                h.update(f"{prefix}{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _path(site_dir: Path, output_dir: Path) -> Path:
    return SitePaths.of(site_dir, output_dir).record("build")


def load(site_dir: Path, output_dir: Path) -> Record | None:
    return records.load(_path(site_dir, output_dir), Record)


def still_valid(record: Record | None, sig: str | None, now_ns: int, output_dir: Path) -> bool:
    """True when nothing that the recorded build read or wrote has changed."""
    if record is None or sig is None or record.signature != sig:
        return False
    if record.valid_until_ns is not None and now_ns >= record.valid_until_ns:
        return False
    if record.valid_from_ns is not None and now_ns < record.valid_from_ns:
        return False
    return listing(output_dir) == record.outputs


def save(site_dir: Path, output_dir: Path, sig: str | None, window: tuple[int | None, int | None], report: Any,
         outputs: Listing) -> None:
    """Record a successful build (nothing is recorded when the inputs were too new to sign)."""
    path = _path(site_dir, output_dir)
    if sig is None:
        path.unlink(missing_ok=True)
        return
    record = Record(sig, window[0], window[1], outputs, report)
    records.save(path, record)
