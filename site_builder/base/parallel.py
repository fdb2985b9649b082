"""Run independent pieces of work on every core, in order, deterministically.

Work is cut into chunks and handed to a pool of forked processes (the
immutable inputs are inherited, not copied through pipes); results come back
in input order, so the output never depends on scheduling. Small jobs, or
platforms without ``fork``, run in this process.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more than it saves.
MIN_PARALLEL = 64
#: Chunks per worker: enough that one slow stretch of work (the feeds, say) cannot leave the other
#: workers idle at the end, few enough that handing chunks out costs nothing noticeable.
CHUNKS_PER_WORKER = 16


def workers() -> int:
    """Worker processes to use: SITE_BUILDER_JOBS, or the cores this process may run on."""
    configured = os.environ.get("SITE_BUILDER_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


Progress = Callable[[int, int], None]  # (items done, items in all)


def chunk_size(count: int, jobs: int) -> int:
    """Items per chunk for ``count`` items on ``jobs`` workers."""
    return max(1, -(-count // (jobs * CHUNKS_PER_WORKER)))


def map_chunks(function: Callable[[Sequence[T]], list[R]], items: Sequence[T], jobs: int | None = None,
               progress: Progress | None = None) -> list[R]:
    """``function`` applied to chunks of ``items``, results concatenated in input order."""
    jobs = jobs or workers()
    size = chunk_size(len(items), jobs)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        return _collect(map(function, chunks), len(items), progress)
    context = multiprocessing.get_context("fork")
    with _frozen(), ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_die_with_parent) as pool:
        return _collect(pool.map(function, chunks), len(items), progress)


def _collect(parts, total: int, progress: Progress | None) -> list:
    """Concatenate chunk results in order, reporting progress after each chunk."""
    results: list = []
    for part in parts:
        results.extend(part)
        if progress is not None:
            progress(len(results), total)
    return results


# Set only inside forked worker processes, by the pool initializer: the
# function and items of one map_inherited call. The parent never writes it.
_INHERITED: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _install(function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _INHERITED
    _die_with_parent()
    _INHERITED = (function, items)


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """This process's objects set aside from garbage collection while workers are forked (the gc docs'
    advice): a worker's collections then never walk the inherited objects, so never copy their pages."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies (even by SIGKILL), so none is orphaned.

    Also turns the garbage collector on (a build pauses it in the parent process).
    """
    gc.enable()
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def _run_range(bounds: tuple[int, int]) -> list[Any]:
    assert _INHERITED is not None, "worker started without its work"
    function, items = _INHERITED
    return [function(items[i]) for i in range(*bounds)]


def map_inherited(function: Callable[[T], R], items: Sequence[T], jobs: int | None = None,
                  progress: Progress | None = None) -> list[R]:
    """``[function(item) for item in items]`` on every core, for functions and items that cannot be pickled.

    Workers are forked with ``function`` and ``items`` already in memory; only
    index ranges go to them and only results come back.
    """
    jobs = jobs or workers()
    size = chunk_size(len(items), jobs)
    ranges = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    if jobs <= 1 or len(items) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        return _collect(([function(items[i]) for i in range(*r)] for r in ranges), len(items), progress)
    context = multiprocessing.get_context("fork")
    with _frozen(), ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_install,
                                        initargs=(function, items)) as pool:
        return _collect(pool.map(_run_range, ranges), len(items), progress)


def in_background(function: Callable[..., R], *args: Any) -> Callable[[], R]:
    """Start ``function(*args)`` in a forked process now; the callable returned waits for its result.

    For work that can overlap the caller's own. ``function`` and ``args`` are
    inherited by the forked process, not copied through a pipe; the result
    must pickle. Without ``fork`` the work runs at the first call instead.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return functools.cache(functools.partial(function, *args))
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=_install, initargs=(functools.partial(function, *args), ()))
    with _frozen():
        future = pool.submit(_run_installed)  # the process is forked here
    pool.shutdown(wait=False)  # the worker exits once its one task is done
    return future.result


def _run_installed() -> Any:
    assert _INHERITED is not None, "worker started without its work"
    return _INHERITED[0]()


def done(result: R) -> Callable[[], R]:
    """A callable with the same shape as :func:`in_background`'s, for a result already at hand."""
    return lambda: result
