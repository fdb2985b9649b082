"""Pickled records: what the build remembers between runs, written atomically, read forgivingly.

A record that is missing, truncated, from another version of the code or of
another type reads as ``None``: a memory is only ever an optimisation, so a bad
one means "start afresh", never an error.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any, TypeVar

from site_builder.base import atomic

T = TypeVar("T")

#: What unpickling a stale or damaged file can raise.
_UNREADABLE = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, IndexError, TypeError,
               ValueError, KeyError)


def load(path: Path, kind: type[T]) -> T | None:
    """The record in ``path`` when it is readable and a ``kind``, else None."""
    try:
        value = pickle.loads(path.read_bytes())
    except _UNREADABLE:
        return None
    return value if isinstance(value, kind) else None


def save(path: Path, value: Any) -> None:
    """Write ``value`` to ``path`` atomically."""
    atomic.write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
