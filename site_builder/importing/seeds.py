"""Seeds -> pages: import every ``seeds/**/*.txt`` of a site into ``content/<slug>.md``.

The side-effect layer around the pure :func:`site_builder.importing.wire.parse_seed`.

* Idempotent: an unchanged seed leaves its page byte-identical and unwritten.
  Each page records ``seed_digest``, the sha256 of the seed's bytes; a seed
  whose bytes match the page's record is not even parsed again, so neither a
  new reference date ("today") nor a newer tagger rewrites an imported page.
* Hand edits are safe: each page stores ``import_digest``, the sha256 of the
  page text with the ``import_digest`` line left out. A page whose digest no
  longer matches was edited by hand and is never overwritten (``kept_edited``);
  with ``force=True`` it is first copied to ``<name>.md.bak`` beside it
  (``backups``), then overwritten.
* ``id`` (``tag:<authority>,<YYYY-MM-DD>:<slug>``, or ``urn:uuid:`` of the seed's digest
  while the base URL is a placeholder: see model/ids.py) and the slug are minted at
  the first import and read back from the page whose ``seed:`` names the seed
  ever after (a changed title keeps its URL and feed id).
* Slugs come from the title (ASCII, at most 80 characters, cut at a word
  boundary); a title shared by several seeds gets ``-<6 hex of the seed path's
  sha256>`` on every one of them, so slugs do not depend on import order.
* ``received`` (the seed's arrival, see :mod:`site_builder.importing.arrival`) is
  recorded at the first import and read back from the page ever after; the
  date rule works from it (fresh copy takes its year and time of day).
* Writes are atomic (temporary file in the same folder, then ``os.replace``).
* Deleting a seed never deletes its page: once imported, ``content/`` is the
  human layer and its pages are the site's content (delete the page by hand
  to unpublish it). The page's ``seed:`` line then names a missing file, which
  is harmless; restoring the seed re-links it by that line.
* Bad seeds become :class:`Problem` values and the other seeds still import:
  empty, binary (NUL bytes), or with a title and no body are errors (skipped,
  in ``problems``); a seed larger than 5 MB is skipped with a warning;
  non-UTF-8 text is decoded as cp1252 with a warning; a BOM is stripped, CRLF
  normalised, XML-illegal control characters removed with a warning; a page
  edited by hand and not overwritten is a warning too (all in ``warnings``).
* One import at a time per site: the site's lock is held for the whole run.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from site_builder.base import atomic
from site_builder.reading import frontmatter
from site_builder.reading.body_history import body_text
from site_builder.config.options import Config
from site_builder.base.errors import Problem, SiteError, errors_of, warning, warnings_of
from site_builder.config.sitelock import site_lock
from site_builder.importing.arrival import git_arrivals, git_last_changes
from site_builder.base import clock
from site_builder.importing.tagging import TAG_KINDS
from site_builder.importing.wire import Draft, parse_seed
from site_builder.importing.stories import BODY_KEY, Lineage, lineage_of, recorded_arrival, version_targets
from site_builder.importing.versions import version_rank
from site_builder.model import ids, slugs
from site_builder.config.layout import SitePaths

MAX_BYTES = 5 * 1024 * 1024
DIGEST_KEY = "import_digest"
SEED_DIGEST_KEY = "seed_digest"


@dataclass(frozen=True)
class ImportReport:
    """What one import run did, page paths relative to the site folder."""

    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept_edited: tuple[str, ...] = ()
    backups: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()  # errors: seeds that could not be imported (skipped)
    warnings: tuple[Problem, ...] = ()  # said, never failing: cp1252, removed characters, kept hand edits, too large
    versions: tuple[str, ...] = ()  # seeds imported as a later version of a page (updated in place)
    withdrawn: tuple[str, ...] = ()  # pages a STORY WITHDRAWN / KILL notice unpublished


@dataclass(frozen=True)
class _Seed:
    path: Path
    display: str
    draft: Draft
    digest: str  # sha256 of the seed's bytes
    received: dt.datetime  # the seed's arrival (UTC)


def read_seed(path: Path, display: str) -> tuple[str, list[Problem]]:
    """The text of a seed file; SiteError for files that cannot be articles."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SiteError([warning(display, 0, f"seed is {size // 1024} KB, more than the {MAX_BYTES // 1048576} MB limit; skipped",
                                 hint="split it into articles of less than 5 MB each")])
    data = path.read_bytes()
    if not data.strip():
        raise SiteError([Problem(display, 0, "empty seed file; skipped", hint="write a title line, a blank line, then the article")])
    if b"\x00" in data:
        raise SiteError([Problem(display, 0, "binary file (NUL bytes), not text; skipped")])
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        return text, [warning(display, line, "not UTF-8; read as Windows-1252 (cp1252)", hint="save the seed as UTF-8")]


def page_digest(text: str) -> str:
    """sha256 of a page's text without its ``import_digest`` line."""
    kept = "".join(ln for ln in text.splitlines(keepends=True) if not ln.startswith(f"{DIGEST_KEY}:"))
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


def _seeds(site_dir: Path, only: Sequence[Path] | None) -> list[Path]:
    root = SitePaths.of(site_dir).seeds
    paths = sorted(root.glob("**/*.txt")) if root.is_dir() else []
    if only is not None:
        wanted = {Path(p).resolve() for p in only}
        paths = [p for p in paths if p.resolve() in wanted]
    return paths


def arrivals(site_dir: Path, paths: list[Path], known: dict[str, tuple[Path, dict]],
             now: dt.datetime) -> dict[Path, dt.datetime]:
    """Seed path -> its arrival: as recorded by its page, else when git first saw it, else ``now``."""
    out: dict[Path, dt.datetime] = {}
    for path in paths:
        page = known.get(path.relative_to(site_dir).as_posix())
        recorded = recorded_arrival(page[1]) if page else None
        if recorded is not None:
            out[path] = recorded
    from_git = git_arrivals([p for p in paths if p not in out])
    for path in paths:
        out.setdefault(path, from_git.get(path.resolve(), now))
    return out


def _parse_all(site_dir: Path, config: Config, paths: list[Path], received: dict[Path, dt.datetime]
               ) -> tuple[list[_Seed], list[Problem]]:
    reference = config.import_.reference_date
    seeds, problems = [], []
    root = site_dir.resolve()
    for path in paths:
        display = path.relative_to(site_dir).as_posix()
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            problems.append(Problem(display, 0, f"symbolic link to {path.resolve()} leads outside the site; not imported"))
            continue
        try:
            text, warnings = read_seed(path, display)
            draft = parse_seed(text, path=display, reference_date=reference, tags=config.tags,
                               arrival=received[path].astimezone(config.tz))
        except SiteError as error:
            problems.extend(error.problems)
            continue
        problems.extend(warnings)
        problems.extend(draft.warnings)
        seeds.append(_Seed(path, display, draft, seed_digest(path), received[path]))
    return seeds, problems


def _slugs(seeds: list[_Seed], site_dir: Path) -> dict[str, str]:
    """Seed display path -> slug, with hash suffixes for titles shared by several seeds."""
    all_titles: dict[str, int] = {}
    for seed in seeds:
        all_titles[slugs.article_slug(seed.draft.title)] = all_titles.get(slugs.article_slug(seed.draft.title), 0) + 1
    out = {}
    for seed in seeds:
        slug = slugs.article_slug(seed.draft.title)
        if all_titles[slug] > 1:
            slug = slugs.with_suffix(slug, seed.display)
        out[seed.display] = slug
    return out


def seed_digest(path: Path) -> str:
    """sha256 of a seed file's bytes ('' when it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def page_text(draft: Draft, slug: str, article_id: str, seed: str, digest: str = "",
              received: dt.datetime | None = None, lineage: Lineage = Lineage()) -> str:
    """The whole page for ``draft``, digest included."""
    meta: dict[str, object] = {"title": draft.title}
    if draft.lede:
        meta["lede"] = draft.lede
    meta.update(summary=draft.summary, date=lineage.date or draft.moment or draft.date,
                date_source=lineage.date_source or draft.date_source)
    if lineage.updated is not None:
        meta["updated"] = lineage.updated
    if (lineage.received or received) is not None:
        meta["received"] = lineage.received or received
    if draft.dateline:
        meta.update(dateline=draft.dateline, place=draft.place)
    if draft.agency:
        meta["agency"] = draft.agency
    meta["language"] = draft.language
    if draft.authors:
        meta["authors"] = list(draft.authors)
    if draft.credits:
        meta["credits"] = draft.credits
    if draft.advisory:
        meta["advisory"] = draft.advisory
    if lineage.withdrawn or draft.withdrawn:
        meta["withdrawn"] = True
    if draft.section:
        meta["section"] = draft.section
    meta["tags"] = list(draft.tags)
    for kind in TAG_KINDS:
        named = [tag for tag, k in draft.tag_kinds if k == kind]
        if named:
            meta[kind] = named
    if draft.keywords:
        meta["keywords"] = list(draft.keywords)
    meta.update(slug=slug, id=article_id, seed=seed)
    if lineage.versions:
        meta["versions"] = list(lineage.versions)
    if digest:
        meta[SEED_DIGEST_KEY] = digest
    body = draft.markdown_body()
    meta[DIGEST_KEY] = page_digest(frontmatter.dump(meta, body))
    return frontmatter.dump(meta, body)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace``."""
    atomic.write_text(path, text)


def _existing(path: Path) -> tuple[str | None, dict]:
    """(text, front matter) of an existing page, or (None, {}) when there is none.

    A page that cannot be read or decoded (the build reports it) gives ("", {}) or its text with
    replacement characters and no front matter: like a hand edit, it is never overwritten.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, {}
    except OSError:
        return "", {}
    text = data.decode("utf-8", "replace")
    try:
        return text, dict(frontmatter.parse(text, path.name).meta)
    except SiteError:
        return text, {}


def import_seeds(site_dir: Path, config: Config, *, force: bool = False,
                 only: Sequence[Path] | None = None, now: dt.datetime | None = None, on_wait=None) -> ImportReport:
    """Import the site's seeds into ``content/``; see the module docstring for the rules.

    ``now`` is the arrival of seeds that git does not date (default: SOURCE_DATE_EPOCH or the clock). Holds the site's lock
    (:mod:`site_builder.config.sitelock`) from reading ``content/`` to the last write, so that two imports at
    once never mint two pages for one seed; ``on_wait`` is told when it waits.
    """
    with site_lock(site_dir, on_wait):
        return _import_seeds(site_dir, config, force, only, now)


def _import_seeds(site_dir: Path, config: Config, force: bool, only: Sequence[Path] | None,
                  now: dt.datetime | None) -> ImportReport:
    moment = (now or clock.now()).astimezone(dt.timezone.utc).replace(microsecond=0)
    known = pages_by_seed(site_dir)
    unchanged: list[str] = []
    todo: list[Path] = []
    for path in _seeds(site_dir, only):
        display = path.relative_to(site_dir).as_posix()
        page = known.get(display)
        if page and (page[1].get("seed") != display  # an earlier version of a story a later one replaced
                     or (not force and page[1].get(SEED_DIGEST_KEY) == seed_digest(path))):
            unchanged.append(page[0].relative_to(site_dir).as_posix())
        else:
            todo.append(path)
    received = arrivals(site_dir, todo, known, moment)
    changes = git_last_changes([p for p in todo if p.relative_to(site_dir).as_posix() in known])
    seeds, problems = _parse_all(site_dir, config, todo, received)
    seeds.sort(key=lambda seed: (seed.received, version_rank(seed.draft.wire_prefixes, seed.draft.withdrawn),
                                 seed.display))  # versions after the story they update
    targets = version_targets([(seed.display, seed.draft) for seed in seeds], known)
    slug_of = _slugs([seed for seed in seeds if seed.display not in targets], site_dir)
    written, kept, backups, versions, withdrawn = [], [], [], [], []
    made: dict[str, Path] = {}  # seed -> its page, for versions imported in the same run
    for seed in seeds:
        target = targets.get(seed.display)
        if target is None and seed.draft.withdrawn:
            problems.append(warning(seed.display, 1, "kill notice for a story that is not on the site; not imported"))
            continue
        if isinstance(target, str) and target not in made:
            continue  # the story it updates was not imported (kept or failed): nothing to update
        page = (made[target] if isinstance(target, str) else target) if target is not None else \
            known[seed.display][0] if seed.display in known else _free_page(site_dir, slug_of[seed.display], seed.display)
        made[seed.display] = page
        slug = page.stem
        rel = page.relative_to(site_dir).as_posix()
        old_text, old_meta = _existing(page)
        article_id = str(old_meta.get("id") or ids.article_id(config, seed.draft.date, slug, seed.digest))
        changed_at = changes.get(seed.path.resolve(), moment)
        draft, lineage = seed.draft, lineage_of(old_meta, body_text(old_text or ""), seed.draft, seed.received, target is not None,
                                            changed_at)
        if draft.withdrawn and old_meta.get("title"):
            draft = dataclasses.replace(draft, title=str(old_meta["title"]))
        new_text = page_text(draft, slug, article_id, seed.display, seed.digest, seed.received, lineage)
        if old_text == new_text:
            unchanged.append(rel)
            continue
        if old_text is not None and old_meta.get(DIGEST_KEY) != page_digest(old_text):
            if not force:
                kept.append(rel)
                problems.append(warning(rel, 0, "edited by hand since import; not overwritten",
                                        hint=f"the seed {seed.display} changed; use 'site-builder import --force' to replace "
                                             "the page (a backup is kept)"))
                continue
            backup = page.with_name(page.name + ".bak")
            write_atomic(backup, old_text)
            backups.append(backup.relative_to(site_dir).as_posix())
        write_atomic(page, new_text)
        written.append(rel)
        if target is not None:
            (withdrawn if draft.withdrawn else versions).append(seed.display)
    return ImportReport(tuple(dict.fromkeys(written)), tuple(sorted(set(unchanged))), tuple(dict.fromkeys(kept)),
                        tuple(backups), errors_of(sorted(problems)), warnings_of(sorted(problems)), tuple(versions),
                        tuple(withdrawn))


def _free_page(site_dir: Path, slug: str, seed: str) -> Path:
    """``content/<slug>.md`` for a new seed, with a hash suffix when another page already has that name."""
    page = SitePaths.of(site_dir).content / f"{slug}.md"
    if page.exists():
        page = SitePaths.of(site_dir).content / f"{slugs.with_suffix(slug, seed)}.md"
    return page




def pages_by_seed(site_dir: Path) -> dict[str, tuple[Path, dict]]:
    """Seed path -> (the page imported from it, its front matter and body), from the ``seed:`` key of every
    page and its ``versions:`` (the seeds of earlier versions of the story)."""
    found: dict[str, tuple[Path, dict]] = {}
    for page in sorted(SitePaths.of(site_dir).content.glob("*.md")):
        text, meta = _existing(page)
        if isinstance(meta.get("seed"), str) and meta.get(DIGEST_KEY):
            meta[BODY_KEY] = body_text(text or "")
            found.setdefault(meta["seed"], (page, meta))
            for earlier in meta.get("versions") or ():
                if isinstance(earlier, str):
                    found.setdefault(earlier, (page, meta))
    return found


def explain_seeds(site_dir: Path, config: Config,
                  only: Sequence[Path] | None = None) -> tuple[list[tuple[str, list[str]]], list[Problem]]:
    """(seed path, explanation lines) for each seed (``import --explain``), and the seeds' problems; writes nothing."""
    from site_builder.importing.tagging.explain import explanation

    paths = list(_seeds(site_dir, only))
    seeds, problems = _parse_all(site_dir, config, paths, arrivals(site_dir, paths, pages_by_seed(site_dir), clock.now()))
    explained = [(seed.display, explanation(seed.draft.tagging)) for seed in seeds if seed.draft.tagging is not None]
    return explained, problems
