"""What the render stage hands to the write stage: files, kept files and jobs, by their path below the output folder."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping


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


#: Files below a folder: posix path -> (size, mtime in ns).
Listing = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


class UnsafePath(ValueError):
    """An output path that would leave the output folder."""


def safe_relative(path: str) -> str:
    """``path`` itself when it is a relative posix path that stays inside the output folder, else UnsafePath."""
    if not path or path[0] == "/" or "\\" in path or "\x00" in path or any(part in ("..", ".", "") for part in path.split("/")):
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return path


def materialise(item: OutputFile | Job) -> OutputFile:
    """The file an output item stands for, rendering a job (for tests and tools that want bytes)."""
    return item.run() if isinstance(item, Job) else item
