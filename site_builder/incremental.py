"""Render only what changed: the outputs manifest.

Every :class:`~site_builder.output.Job` gets a fingerprint: the hash of its
values together with the build's *salt* (this package's code, the site's
templates and the config). ``.cache/outputs-<output folder>.pickle`` records,
for each output path, the fingerprint it was rendered from and the size and
modification time of the file written. When the fingerprint is the same and
the file in the output folder is still the one written (same size and
mtime), the file is kept as it is; anything else is rendered again. Stale
output is therefore impossible as long as a job's bytes depend only on its
values and the salt, which is how ``pages.py`` and ``feeds.py`` make jobs.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2

from site_builder import atomic, fingerprint, parallel
from site_builder.cache import CACHE_DIR
from site_builder.errors import Problem, SiteError
from site_builder.output import Job, KeptFile, OutputFile

Entry = tuple[str, int, int]  # fingerprint, size, mtime_ns


@dataclass(frozen=True)
class Manifest:
    path: Path
    entries: dict[str, Entry]


@dataclass(frozen=True)
class Plan:
    """Every output of a build: what is kept, what was rendered, and the fingerprints."""

    files: tuple[OutputFile | KeptFile, ...]
    fingerprints: dict[str, str]
    rendered: int
    kept: int
    reasons: dict[str, str]  # why each rendered output was rendered


def load(site_dir: Path, output_dir: Path) -> Manifest:
    """The manifest of the output folder; empty when missing or unreadable."""
    name = hashlib.sha256(str(output_dir.absolute()).encode()).hexdigest()[:12]
    path = site_dir / CACHE_DIR / f"outputs-{name}.pickle"
    try:
        entries = pickle.loads(path.read_bytes())
        if not isinstance(entries, dict):
            entries = {}
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        entries = {}
    return Manifest(path, entries)


def plan(items: Iterable[OutputFile | Job], manifest: Manifest, output_dir: Path, salt: str,
         progress: parallel.Progress | None = None) -> Plan:
    """Keep every job whose fingerprint and file are unchanged; render the rest on every core."""
    files: list[OutputFile | KeptFile | None] = []
    todo: list[Job] = []
    slots: list[int] = []
    fingerprints: dict[str, str] = {}
    hasher = fingerprint.Fingerprinter()
    root = str(output_dir)
    for item in items:
        if isinstance(item, OutputFile):
            files.append(item)
            continue
        fp = hasher.of(salt, item.values)
        fingerprints[item.path] = fp
        if _unchanged(manifest.entries.get(item.path), fp, os.path.join(root, item.path)):
            files.append(KeptFile(item.path))
        else:
            slots.append(len(files))
            files.append(None)
            todo.append(item)
    for slot, rendered in zip(slots, parallel.map_inherited(run_job, todo, progress=progress)):
        files[slot] = rendered
    reasons = {job.path: _reason(manifest.entries.get(job.path)) for job in todo}
    return Plan(tuple(f for f in files if f is not None), fingerprints, len(todo), len(fingerprints) - len(todo), reasons)


def _reason(entry: Entry | None) -> str:
    return "new output" if entry is None else "its inputs, the templates, the config or the code changed, or the file was touched"


def run_job(job: Job) -> OutputFile:
    """Render one job; template errors become located problems (which survive the trip between processes)."""
    try:
        return job.run()
    except jinja2.TemplateError as exc:
        raise SiteError([template_problem(exc)]) from None


def template_problem(exc: jinja2.TemplateError) -> Problem:
    """Where in which template an error happened: from the exception, else from the traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(exc.filename or f"templates/{exc.name}", exc.lineno or 0, f"template: {exc.message}")
    where = ("templates", 0)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".xsl")):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return Problem(where[0], where[1], f"template: {exc}")


def _unchanged(entry: Entry | None, fp: str, path: str) -> bool:
    if entry is None or entry[0] != fp:
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == entry[1:]


def save(manifest: Manifest, fingerprints: dict[str, str], output_dir: Path) -> None:
    """Record what the output folder now holds (after the swap)."""
    entries: dict[str, Entry] = {}
    root = str(output_dir)
    for path, fp in fingerprints.items():
        try:
            stat = os.stat(os.path.join(root, path))
        except OSError:
            continue
        entries[path] = (fp, stat.st_size, stat.st_mtime_ns)
    if entries == manifest.entries:
        return
    atomic.write_bytes(manifest.path, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))


def salt(*parts: str) -> str:
    return fingerprint.of(fingerprint.code_fingerprint(), *parts)

