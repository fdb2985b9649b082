"""Seeds -> pages: import every ``seeds/**/*.txt`` of a site into ``content/<slug>.md``.

The side-effect layer around the pure :func:`site_builder.importer.parse_seed`.

* Idempotent: an unchanged seed leaves its page byte-identical and unwritten.
  Each page records ``seed_digest``, the sha256 of the seed's bytes; a seed
  whose bytes match the page's record is not even parsed again, so neither a
  new reference date ("today") nor a newer tagger rewrites an imported page.
* Hand edits are safe: each page stores ``import_digest``, the sha256 of the
  page text with the ``import_digest`` line left out. A page whose digest no
  longer matches was edited by hand and is never overwritten (``kept_edited``);
  with ``force=True`` it is first copied to ``<name>.md.bak`` beside it
  (``backups``), then overwritten.
* ``id`` (``tag:<authority>,<YYYY-MM-DD>:<slug>``) and the slug are minted at
  the first import and read back from the page whose ``seed:`` names the seed
  ever after (a changed title keeps its URL and feed id).
* Slugs come from the title (ASCII, at most 80 characters, cut at a word
  boundary); a title shared by several seeds gets ``-<6 hex of the seed path's
  sha256>`` on every one of them, so slugs do not depend on import order.
* Writes are atomic (temporary file in the same folder, then ``os.replace``).
* Deleting a seed never deletes its page: once imported, ``content/`` is the
  human layer and its pages are the site's content (delete the page by hand
  to unpublish it). The page's ``seed:`` line then names a missing file, which
  is harmless; restoring the seed re-links it by that line.
* Bad seeds become :class:`Problem` values and the other seeds still import:
  empty, binary (NUL bytes), larger than 5 MB, or with a title and no body are
  errors (skipped); non-UTF-8 text is decoded as cp1252 with a warning;
  a BOM is stripped, CRLF normalised, XML-illegal control characters removed
  with a warning. Any problem in the report should make the CLI exit non-zero.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit

from slugify import slugify

from site_builder import atomic, frontmatter
from site_builder.config import Config
from site_builder.errors import Problem, SiteError
from site_builder.importer import Draft, parse_seed
from site_builder.tagging import TAG_KINDS

MAX_BYTES = 5 * 1024 * 1024
SLUG_LENGTH = 80
DIGEST_KEY = "import_digest"
SEED_DIGEST_KEY = "seed_digest"
_RESERVED = frozenset({"con", "prn", "aux", "nul", "index", "tags", "page", "feed", "assets", "static"}
                      | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)})


@dataclass(frozen=True)
class ImportReport:
    """What one import run did, page paths relative to the site folder."""

    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept_edited: tuple[str, ...] = ()
    backups: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _Seed:
    path: Path
    display: str
    draft: Draft
    digest: str  # sha256 of the seed's bytes


def read_seed(path: Path, display: str) -> tuple[str, list[Problem]]:
    """The text of a seed file; SiteError for files that cannot be articles."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SiteError([Problem(display, 0, f"seed is {size // 1024} KB, more than the {MAX_BYTES // 1048576} MB limit; skipped")])
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
        return text, [Problem(display, line, "not UTF-8; read as Windows-1252 (cp1252)", hint="save the seed as UTF-8")]


def page_digest(text: str) -> str:
    """sha256 of a page's text without its ``import_digest`` line."""
    kept = "".join(ln for ln in text.splitlines(keepends=True) if not ln.startswith(f"{DIGEST_KEY}:"))
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


def base_slug(title: str) -> str:
    """A path-safe ASCII slug for ``title`` (never empty, reserved or dotted)."""
    slug = slugify(title, max_length=SLUG_LENGTH, word_boundary=True, save_order=True) or "article"
    slug = re.sub(r"[^a-z0-9-]+", "-", slug).strip("-") or "article"
    return f"{slug}-article" if slug in _RESERVED else slug


def authority(config: Config) -> str:
    """The tag: URI authority: ``feeds.id_authority`` or the base URL's host."""
    return config.feeds.id_authority or (urlsplit(config.base_url).hostname or "example.org")


def _seeds(site_dir: Path, only: Sequence[Path] | None) -> list[Path]:
    root = site_dir / "seeds"
    paths = sorted(root.glob("**/*.txt")) if root.is_dir() else []
    if only is not None:
        wanted = {Path(p).resolve() for p in only}
        paths = [p for p in paths if p.resolve() in wanted]
    return paths


def _parse_all(site_dir: Path, config: Config, paths: list[Path]) -> tuple[list[_Seed], list[Problem]]:
    reference = config.import_.reference_date or dt.date.today()
    seeds, problems = [], []
    root = site_dir.resolve()
    for path in paths:
        display = path.relative_to(site_dir).as_posix()
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            problems.append(Problem(display, 0, f"symbolic link to {path.resolve()} leads outside the site; not imported"))
            continue
        try:
            text, warnings = read_seed(path, display)
            draft = parse_seed(text, path=display, reference_date=reference, tags=config.tags)
        except SiteError as error:
            problems.extend(error.problems)
            continue
        problems.extend(warnings)
        problems.extend(draft.warnings)
        seeds.append(_Seed(path, display, draft, seed_digest(path)))
    return seeds, problems


def _slugs(seeds: list[_Seed], site_dir: Path) -> dict[str, str]:
    """Seed display path -> slug, with hash suffixes for titles shared by several seeds."""
    all_titles: dict[str, int] = {}
    for seed in seeds:
        all_titles[base_slug(seed.draft.title)] = all_titles.get(base_slug(seed.draft.title), 0) + 1
    out = {}
    for seed in seeds:
        slug = base_slug(seed.draft.title)
        if all_titles[slug] > 1:
            slug = f"{slug}-{hashlib.sha256(seed.display.encode()).hexdigest()[:6]}"
        out[seed.display] = slug
    return out


def seed_digest(path: Path) -> str:
    """sha256 of a seed file's bytes ('' when it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def page_text(draft: Draft, slug: str, article_id: str, seed: str, digest: str = "") -> str:
    """The whole page for ``draft``, digest included."""
    meta: dict[str, object] = {"title": draft.title}
    if draft.lede:
        meta["lede"] = draft.lede
    meta.update(summary=draft.summary, date=draft.date, date_source=draft.date_source)
    if draft.dateline:
        meta.update(dateline=draft.dateline, place=draft.place)
    if draft.agency:
        meta["agency"] = draft.agency
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
    if digest:
        meta[SEED_DIGEST_KEY] = digest
    body = draft.markdown_body()
    meta[DIGEST_KEY] = page_digest(frontmatter.dump(meta, body))
    return frontmatter.dump(meta, body)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace``."""
    atomic.write_text(path, text)


def _existing(path: Path) -> tuple[str | None, dict]:
    """(text, front matter) of an existing page, or (None, {})."""
    if not path.exists():
        return None, {}
    text = path.read_text("utf-8")
    try:
        return text, dict(frontmatter.parse(text, path.name).meta)
    except SiteError:
        return text, {}


def import_seeds(site_dir: Path, config: Config, *, force: bool = False,
                 only: Sequence[Path] | None = None) -> ImportReport:
    """Import the site's seeds into ``content/``; see the module docstring for the rules."""
    known = pages_by_seed(site_dir)
    unchanged: list[str] = []
    todo: list[Path] = []
    for path in _seeds(site_dir, only):
        display = path.relative_to(site_dir).as_posix()
        page = known.get(display)
        if page and not force and page[1].get(SEED_DIGEST_KEY) == seed_digest(path):
            unchanged.append(page[0].relative_to(site_dir).as_posix())
        else:
            todo.append(path)
    seeds, problems = _parse_all(site_dir, config, todo)
    slugs = _slugs(seeds, site_dir)
    written, kept, backups = [], [], []
    for seed in seeds:
        page = known[seed.display][0] if seed.display in known else _free_page(site_dir, slugs[seed.display], seed.display)
        slug = page.stem
        rel = page.relative_to(site_dir).as_posix()
        old_text, old_meta = _existing(page)
        article_id = str(old_meta.get("id") or f"tag:{authority(config)},{seed.draft.date.isoformat()}:{slug}")
        new_text = page_text(seed.draft, slug, article_id, seed.display, seed.digest)
        if old_text == new_text:
            unchanged.append(rel)
            continue
        if old_text is not None and old_meta.get(DIGEST_KEY) != page_digest(old_text):
            if not force:
                kept.append(rel)
                continue
            backup = page.with_name(page.name + ".bak")
            write_atomic(backup, old_text)
            backups.append(backup.relative_to(site_dir).as_posix())
        write_atomic(page, new_text)
        written.append(rel)
    return ImportReport(tuple(written), tuple(sorted(unchanged)), tuple(kept), tuple(backups), tuple(sorted(problems)))


def _free_page(site_dir: Path, slug: str, seed: str) -> Path:
    """``content/<slug>.md`` for a new seed, with a hash suffix when another page already has that name."""
    page = site_dir / "content" / f"{slug}.md"
    if page.exists():
        page = site_dir / "content" / f"{slug}-{hashlib.sha256(seed.encode()).hexdigest()[:6]}.md"
    return page


def pages_by_seed(site_dir: Path) -> dict[str, tuple[Path, dict]]:
    """Seed path -> (the page imported from it, its front matter), from the ``seed:`` key of every page."""
    found: dict[str, tuple[Path, dict]] = {}
    for page in sorted((site_dir / "content").glob("*.md")):
        _, meta = _existing(page)
        if isinstance(meta.get("seed"), str) and meta.get(DIGEST_KEY):
            found.setdefault(meta["seed"], (page, meta))
    return found


def explain_seeds(site_dir: Path, config: Config,
                  only: Sequence[Path] | None = None) -> tuple[list[tuple[str, list[str]]], list[Problem]]:
    """(seed path, explanation lines) for each seed (``import --explain``), and the seeds' problems; writes nothing."""
    from site_builder.tagging.explain import explanation

    seeds, problems = _parse_all(site_dir, config, list(_seeds(site_dir, only)))
    explained = [(seed.display, explanation(seed.draft.tagging)) for seed in seeds if seed.draft.tagging is not None]
    return explained, problems
