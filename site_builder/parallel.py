"""Run independent pieces of work on every core, in order, deterministically.

Work is cut into chunks and handed to a pool of forked processes (the
immutable inputs are inherited, not copied through pipes); results come back
in input order, so the output never depends on scheduling. Small jobs, or
platforms without ``fork``, run in this process.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more than it saves.
MIN_PARALLEL = 64


def workers() -> int:
    """Worker processes to use: SITE_BUILDER_JOBS, or the cores this process may run on."""
    configured = os.environ.get("SITE_BUILDER_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def map_chunks(function: Callable[[Sequence[T]], list[R]], items: Sequence[T], jobs: int | None = None) -> list[R]:
    """``function`` applied to chunks of ``items``, results concatenated in input order."""
    jobs = jobs or workers()
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        return function(items)
    size = max(8, -(-len(items) // (jobs * 4)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results: list[R] = []
        for part in pool.map(function, chunks):
            results.extend(part)
    return results
