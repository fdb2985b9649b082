"""Watch a site's inputs and rebuild on every change, forever.

:class:`Watcher` observes ``seeds/``, ``content/``, ``templates/``,
``static/`` and ``site.toml`` with watchdog (inotify, or polling with
``poll=True``), never the output folder, hidden files or editor scratch files
(vim's ``.swp`` and ``4913`` probe, ``~`` backups, Emacs ``.#`` locks,
JetBrains ``___jb_tmp___``). Bursts of events are debounced into one build:
a build starts after a quiet period, or at the latest ``max_wait`` seconds
after the first event of a burst.

Every rebuild runs the whole pipeline (import, then build), so the output is
always what a clean build of the same inputs gives. Before it, the pages of
edited articles are written straight away (:func:`build.preview`; an
article's page depends on nothing but the article), so the page being
edited is up to date in milliseconds while lists and feeds follow. Seeds are imported with
the site's own configuration (never the dev server's local base URL), and a
fingerprint of the inputs skips the rebuild that the importer's own writes to
``content/`` would otherwise trigger.

Nothing here prints. Each build's outcome goes to the ``on_result`` callback
as a :class:`WatchResult`; a failed build (a :class:`SiteError`, or even a
bug) is a result too, and the loop carries on with the last good output
left in place.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

import jinja2
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from site_builder import build as build_mod
from site_builder.config.options import CONFIG_NAME, Config
from site_builder.base.errors import Problem, SiteError, errors_of, warnings_of
from site_builder.memo.fingerprint import files_fingerprint
from site_builder.pages.render import TEMPLATES
from site_builder.pages.environment import make_environment
from site_builder.config.layout import is_scratch
from site_builder.config.layout import WATCHED, SitePaths

WATCHED_DIRS = WATCHED
CHANGE_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed", "attrib"})

Fingerprint = tuple[tuple[str, int, int, int, int], ...]


@dataclass(frozen=True)
class WatchResult:
    """The outcome of one build: the report, or the problems that stopped it."""

    generation: int  # 1 for the first build, then one more for each build
    ok: bool  # published (perhaps without the files in ``problems``); False: a site-wide problem kept the last output
    problems: tuple[Problem, ...] = ()  # errors: the files left out, or what stopped the build
    warnings: tuple[Problem, ...] = ()
    report: build_mod.BuildReport | None = None
    changed: tuple[str, ...] = ()  # site-relative paths whose change started this build
    seconds: float = 0.0
    base_url: str | None = None  # the base URL the site was built with (None: site.toml's)


@dataclass(frozen=True)
class Preview:
    """Pages written ahead of a build: the edited articles' own pages (see :func:`build.preview`)."""

    paths: tuple[str, ...]  # output paths written
    changed: tuple[str, ...]  # the site-relative inputs whose change started the build
    seconds: float  # from the start of the rebuild to the pages being written


def is_input(rel: str | PurePosixPath) -> bool:
    """Whether a site-relative path is a watched input (or a folder that may hold some)."""
    parts = PurePosixPath(rel).parts
    if parts == (CONFIG_NAME,):
        return True
    if not parts or parts[0] not in WATCHED_DIRS:
        return False
    return not any(is_scratch(part, parts[0] == "static") for part in parts[1:])


def changed_inputs(event: FileSystemEvent, site_dir: Path) -> tuple[str, ...]:
    """The watched inputs an event touches, as site-relative posix paths (often none)."""
    if event.event_type not in CHANGE_EVENTS or (event.is_directory and event.event_type in ("modified", "closed", "attrib")):
        return ()
    paths = [event.src_path, getattr(event, "dest_path", "") or ""]
    found = []
    for raw in paths:
        if not raw:
            continue
        path = Path(os.fsdecode(raw))
        try:
            rel = path.relative_to(site_dir)
        except ValueError:
            continue
        if is_input(rel.as_posix()):
            found.append(rel.as_posix())
    return tuple(found)


def fingerprint(site_dir: Path) -> Fingerprint:
    """Name, size, inode and times of every watched input: equal fingerprints, equal inputs."""
    entries = []
    for top in (CONFIG_NAME, *WATCHED_DIRS):
        root = site_dir / top
        if root.is_file():
            entries.append(_entry(root, top))
        for folder, dirs, files in os.walk(root):
            base = PurePosixPath(Path(folder).relative_to(site_dir).as_posix())
            dirs[:] = sorted(d for d in dirs if is_input(base / d))
            entries.extend(_entry(Path(folder, name), (base / name).as_posix()) for name in sorted(files) if is_input(base / name))
    return tuple(e for e in entries if e is not None)


def _entry(path: Path, rel: str) -> tuple[str, int, int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class _Pending:
    """Changed paths waiting for a build, with the timing that debounces them."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._paths: set[str] = set()
        self._first = self._last = 0.0
        self._closed = False
        self.building = False

    def add(self, paths: Iterable[str]) -> None:
        with self._cond:
            now = time.monotonic()
            if not self._paths:
                self._first = now
            self._paths.update(paths)
            self._last = now
            self._cond.notify_all()

    def take(self, quiet: float, max_wait: float) -> tuple[str, ...] | None:
        """Block until a burst is over; the paths it changed, or None once closed."""
        with self._cond:
            self.building = False
            self._cond.notify_all()
            while not self._closed:
                if not self._paths:
                    self._cond.wait()
                    continue
                now = time.monotonic()
                due = min(self._last + quiet, self._first + max_wait)
                if now >= due:
                    taken, self._paths = tuple(sorted(self._paths)), set()
                    self.building = True
                    return taken
                self._cond.wait(due - now)
            return None

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is pending or building; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._paths or self.building:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class _Handler(FileSystemEventHandler):
    def __init__(self, site_dir: Path, pending: _Pending) -> None:
        self._site_dir = site_dir
        self._pending = pending

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = changed_inputs(event, self._site_dir)
        if paths:
            self._pending.add(paths)


class Watcher:
    """Build a site, then rebuild it after every change until :meth:`stop`.

    ``on_result`` is called (from the watcher's thread) with each build's
    :class:`WatchResult`. ``output_dir`` and ``base_url_for`` (the base URL
    to build with, given the site's config) make dev builds; by default the
    site is built into ``output/`` with the address in ``site.toml``.
    """

    def __init__(self, site_dir: Path, on_result: Callable[[WatchResult], None], *, output_dir: Path | None = None,
                 base_url_for: Callable[[Config], str] | None = None, poll: bool = False,
                 quiet: float = 0.15, max_wait: float = 1.5, poll_interval: float = 0.5,
                 on_preview: Callable[[Preview], None] | None = None,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.output_dir = output_dir
        self._on_result = on_result
        self._on_preview = on_preview
        self._on_wait = on_wait  # told when another process holds the site's lock
        self._env: tuple[str, jinja2.Environment] | None = None  # (templates fingerprint, environment)
        self._base_url_for = base_url_for
        self._quiet, self._max_wait = quiet, max_wait
        self._pending = _Pending()
        self._handler = _Handler(self.site_dir, self._pending)
        self._observer = PollingObserver(timeout=poll_interval) if poll else Observer()
        self._watches: dict[str, tuple[object, int]] = {}
        self._last_inputs: Fingerprint | None = None
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    @property
    def generation(self) -> int:
        """How many builds have finished (good or bad)."""
        return self._generation

    def start(self) -> WatchResult:
        """Start watching, run the first build (in this thread) and return its result."""
        if not self.site_dir.is_dir():
            raise SiteError([Problem(str(self.site_dir), 0, "site folder does not exist")])
        self._observer.schedule(self._handler, str(self.site_dir), recursive=False)
        self._ensure_watches()
        self._observer.start()
        first = self._rebuild(())
        try:
            self._environment()
        except jinja2.TemplateError:
            pass  # the builds report template errors
        self._thread = threading.Thread(target=self._loop, name="site-builder-watch", daemon=True)
        self._thread.start()
        return first  # type: ignore[return-value]  # the first build is never skipped

    def run_forever(self) -> None:
        """Block until :meth:`stop` (or Ctrl-C, which stops the watcher and is re-raised)."""
        block_until(self._stopped, self.stop)

    def stop(self) -> None:
        """Stop watching and building; waits for a build in progress to finish."""
        self._stopped.set()
        self._pending.close()
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=120)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until no change is waiting and no build is running (for tests and tools)."""
        return self._pending.wait_idle(timeout)

    def __enter__(self) -> "Watcher":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _loop(self) -> None:
        while True:
            changed = self._pending.take(self._quiet, self._max_wait)
            if changed is None:
                return
            self._ensure_watches()
            self._rebuild(changed)

    def _ensure_watches(self) -> None:
        """Watch each input folder that exists (again, if it was deleted and made anew)."""
        for name in WATCHED_DIRS:
            path = self.site_dir / name
            try:
                inode = path.stat().st_ino if path.is_dir() and not path.is_symlink() else 0
            except OSError:
                inode = 0
            old = self._watches.get(name)
            if old is not None and old[1] == inode:
                continue
            if old is not None:
                self._unschedule(old[0])
                del self._watches[name]
            if inode:
                self._watches[name] = (self._observer.schedule(self._handler, str(path), recursive=True), inode)

    def _unschedule(self, watch: object) -> None:
        try:
            self._observer.unschedule(watch)  # type: ignore[arg-type]
        except (KeyError, OSError):
            pass

    def _rebuild(self, changed: tuple[str, ...]) -> WatchResult | None:
        """Run the build pipeline once (import, then build); report the result (None when the inputs did not change)."""
        started = time.perf_counter()
        base_url = None
        if changed and self._last_inputs is not None and fingerprint(self.site_dir) == self._last_inputs:
            return None  # the last build's own import wrote these files: nothing to preview, nothing to build
        self._last_inputs, previous = None, self._last_inputs  # stays None when config or import fails: rebuild next time
        try:
            config = build_mod.load_config(self.site_dir, None)
            base_url = self._base_url_for(config) if self._base_url_for else None
            if changed:
                self._preview(base_url, changed, started)
            report = build_mod.build(build_mod.BuildOptions(self.site_dir, self.output_dir, base_url, on_wait=self._on_wait,
                                                            proceed=lambda: self._inputs_changed(changed, previous)))
            if report is None:
                return None
            return self._report(WatchResult(0, True, report.problems, report.warnings, report, changed, 0.0, base_url),
                                started)
        except SiteError as exc:
            return self._report(WatchResult(0, False, errors_of(exc.problems), warnings_of(exc.problems), changed=changed,
                                            base_url=base_url), started)
        except Exception as exc:  # noqa: BLE001 - a bug in one build must not end the watch
            self._last_inputs = None
            problem = Problem("site-builder", 0, f"internal error: {type(exc).__name__}: {exc}",
                              hint="this is a bug in site-builder; the watcher keeps running")
            return self._report(WatchResult(0, False, (problem,), changed=changed, base_url=base_url), started)

    def _inputs_changed(self, changed: tuple[str, ...], previous: Fingerprint | None) -> bool:
        """After the import: False when a change set off nothing new (the importer's own writes to content/)."""
        self._last_inputs = fingerprint(self.site_dir)
        return not changed or self._last_inputs != previous

    def _preview(self, base_url: str | None, changed: tuple[str, ...], started: float) -> None:
        """Write the edited articles' own pages at once, before the full build brings the rest up to date."""
        written = build_mod.preview(self.site_dir, self.output_dir, base_url, changed, env=self._environment())
        if written and self._on_preview is not None:
            try:
                self._on_preview(Preview(written, changed, time.perf_counter() - started))
            except Exception:  # noqa: BLE001 - a failing listener must not end the watch
                pass

    def _environment(self) -> jinja2.Environment:
        """The page environment of the current templates, kept while they stay the same."""
        key = files_fingerprint(SitePaths.of(self.site_dir).templates)
        if self._env is None or self._env[0] != key:
            env = make_environment(self.site_dir)
            for name in TEMPLATES:  # compiled now, not on the first save
                env.get_template(name)
            self._env = (key, env)
        return self._env[1]

    def _report(self, result: WatchResult, started: float) -> WatchResult:
        self._generation += 1
        final = WatchResult(self._generation, result.ok, result.problems, result.warnings, result.report,
                            result.changed, time.perf_counter() - started, result.base_url)
        try:
            self._on_result(final)
        except Exception:  # noqa: BLE001 - a failing listener must not end the watch
            pass
        return final


def block_until(stopped: threading.Event, stop: Callable[[], None]) -> None:
    """Wait for ``stopped``; on Ctrl-C call ``stop`` first, then re-raise."""
    try:
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        stop()
        raise


def summary(result: WatchResult) -> str:
    """One line describing a good build, for the command line."""
    report = result.report
    if report is None:
        return f"build {result.generation} failed"
    w = report.write
    cause = "first build" if not result.changed else ", ".join(result.changed[:3])
    if len(result.changed) > 3:
        cause += f" and {len(result.changed) - 3} more"
    return (f"built {report.articles} articles, {report.tags} tags in {result.seconds:.2f}s: {w.written} files written, "
            f"{w.unchanged} unchanged, {w.removed} removed ({cause})")
