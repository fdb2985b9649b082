"""Render only what changed: the outputs manifest.

Every :class:`~site_builder.model.outputs.Job` gets a fingerprint: the hash of its
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

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2

from site_builder.base import records
from site_builder.memo import fingerprint
from site_builder.base import parallel
from site_builder.config.layout import SitePaths
from site_builder.base.errors import Problem, SiteError
from site_builder.writing.output import Stage
from site_builder.model.outputs import Job, KeptFile, Listing, OutputFile

Entry = tuple[str, int, int]  # fingerprint, size, mtime_ns


@dataclass(frozen=True)
class Manifest:
    path: Path
    entries: dict[str, Entry]


@dataclass(frozen=True)
class Plan:
    """Every output of a build, placed in the stage: what was kept, what was rendered, and the fingerprints."""

    paths: tuple[str, ...]
    written: int  # files whose bytes are new (the rest are links to the current output's files)
    fingerprints: dict[str, str]
    rendered: int
    kept: int
    reasons: dict[str, str]  # why each rendered output was rendered


def load(site_dir: Path, output_dir: Path) -> Manifest:
    """The manifest of the output folder; empty when missing or unreadable."""
    path = SitePaths.of(site_dir, output_dir).record("outputs")
    return Manifest(path, records.load(path, dict) or {})


def plan(items: Iterable[OutputFile | Job], manifest: Manifest, stage: Stage, salt: str,
         progress: parallel.Progress | None = None) -> Plan:
    """Keep every job whose fingerprint and file are unchanged; render the rest on every core.

    Every output ends up placed in ``stage``: the workers place what they render
    themselves, so rendered bytes never travel back to this process.
    """
    items = list(items)
    hasher = fingerprint.Fingerprinter()
    # Every fingerprint first: the stage's walk of the output folder may still be under way meanwhile.
    fingerprints = {item.path: hasher.of(salt, item.values) for item in items if isinstance(item, Job)}
    ready: list[OutputFile | KeptFile] = []
    todo: list[Job] = []
    for item in items:
        if isinstance(item, OutputFile):
            ready.append(item)
        elif _unchanged(manifest.entries.get(item.path), fingerprints[item.path], stage.current.get(item.path)):
            ready.append(KeptFile(item.path))
        else:
            todo.append(item)
    paths = [item.path for item in items]
    stage.prepare(paths)
    # A kept file the spare already shares with the output (same inode) is in place already (the stage
    # mirrored the output into the spare); the rest are placed on every core with the jobs.
    written = sum(parallel.map_inherited(functools.partial(place, stage), stage.unplaced([*todo, *ready]),
                                         progress=progress))
    reasons = {job.path: _reason(manifest.entries.get(job.path)) for job in todo}
    return Plan(tuple(paths), written, fingerprints, len(todo), len(fingerprints) - len(todo), reasons)


def _reason(entry: Entry | None) -> str:
    return "new output" if entry is None else "its inputs, the templates, the config or the code changed, or the file was touched"


def place(stage: Stage, item: Job | OutputFile | KeptFile) -> bool:
    """Put ``item`` into ``stage``, rendering it first when it is a job; True when its bytes are new."""
    return stage.place(run_job(item) if isinstance(item, Job) else item)


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


def _unchanged(entry: Entry | None, fp: str, found: tuple[int, int] | None) -> bool:
    """True when the output was rendered from ``fp`` and the file ``found`` (size, mtime) is the one written."""
    return entry is not None and entry[0] == fp and found == entry[1:]


def save(manifest: Manifest, fingerprints: dict[str, str], outputs: Listing) -> None:
    """Record what the output folder now holds (``outputs``, after the swap) and what each file was rendered from."""
    entries: dict[str, Entry] = {path: (fp, *outputs[path]) for path, fp in fingerprints.items() if path in outputs}
    if entries == manifest.entries:
        return
    records.save(manifest.path, entries)


def salt(*parts: str) -> str:
    return fingerprint.of(fingerprint.code_fingerprint(), *parts)

