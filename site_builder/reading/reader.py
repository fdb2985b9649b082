"""Read ``content/**/*.md`` into immutable :class:`~site_builder.model.article.Article` values.

Each file is read once: decoded (UTF-8, BOM and CRLF tolerated), its front
matter parsed and checked, its body rendered. Problems are collected as
``path:line: message`` values; one bad file never hides the others.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from functools import partial
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Protocol, Sequence
from zoneinfo import ZoneInfo

from site_builder.reading import frontmatter
from site_builder.reading import markup
from site_builder.base import parallel
from site_builder.model import slugs
from site_builder.model.ids import derived_id
from site_builder.base.errors import Problem, SiteError
from site_builder.base.text import first_sentence, unix_lines, without_controls
from site_builder.config.layout import is_scratch
from site_builder.config.kinds import Language
from site_builder.model.article import TAG_KINDS, Article, FrozenMap, Tag



class ArticleCache(Protocol):
    """What reading needs of the build's article cache (``memo.cache.ArticleCache`` provides it)."""

    seen: dict[str, tuple[int, int]]

    def fresh(self, rel: str, size: int, mtime_ns: int) -> Article | None: ...

    def knows(self, rel: str) -> bool: ...

    def get(self, rel: str, digest: str) -> Article | None: ...

#: Keys the reader understands; any other front matter key is kept in ``Article.extra``.
KNOWN_KEYS = ("title", "date", "updated", "tags", "summary", "lede", "slug", "id", "draft",
              "place", "agency", "dateline",
              # story data (issues 14, 15), read into Article fields of their own:
              "received", "authors", "credits", "advisory", "language", "section", "keywords", *TAG_KINDS)
_KIND_EXAMPLES = {"subjects": "Trade", "places": "Kazakhstan", "people": "Kassym-Jomart Tokayev",
                  "organisations": "United Nations"}
MAX_BYTES = 50 * 1024 * 1024
#: Characters HTML and XML forbid or browsers mangle: C0 controls but tab and LF, DEL, C1 controls,
#: noncharacters. Removed from the body and from every front matter text (YAML escapes such as "\\x01").


@dataclass(frozen=True)
class Source:
    """A content file found on disk: its display path and bytes."""

    rel: str  # path below content/, posix
    display: str  # path shown in messages, relative to the site
    data: bytes


def find_sources(content_dir: Path, site_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every Markdown file below ``content_dir`` in a stable order, skipping hidden and backup files.

    Symbolic links that lead outside the site folder are refused.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return found, problems
    root = site_dir.resolve()

    def visit(folder: str) -> None:
        with os.scandir(folder) as scanned:
            entries = sorted(scanned, key=lambda e: e.name)
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if not name.startswith((".", "_")):
                    visit(entry.path)
                continue
            if not name.endswith(".md") or is_scratch(name) or name.startswith("~"):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(Problem(display(path, site_dir), 0, f"symbolic link to {target} leads outside the site; not read"))
                    continue
            found.append(path)

    visit(str(content_dir))
    return found, problems


def display(path: Path, site_dir: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return path.as_posix()


def load_source(path: Path, content_dir: Path, site_dir: Path) -> Source:
    """The bytes of one content file; SiteError when it is too large or unreadable."""
    shown = display(path, site_dir)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SiteError([Problem(shown, 0, f"file is {size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")])
        data = path.read_bytes()
    except OSError as exc:
        raise SiteError([Problem(shown, 0, f"cannot read: {exc.strerror}")]) from None
    return Source(path.relative_to(content_dir).as_posix(), shown, data)


def decode(source: Source) -> str:
    """The text of a source: UTF-8, without BOM, with ``\\n`` line ends."""
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
        raise SiteError([Problem(source.display, line, "not valid UTF-8 text",
                                 hint="save the file as UTF-8")]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SiteError([Problem(source.display, line, "contains a NUL byte: is this a binary file?")])
    return without_controls(unix_lines(text))


def scrubbed(value: Any) -> Any:
    """A front matter value with forbidden characters removed from every text in it."""
    if isinstance(value, str):
        return without_controls(value)
    if isinstance(value, list):
        return [scrubbed(v) for v in value]
    if isinstance(value, dict):
        return {scrubbed(k): scrubbed(v) for k, v in value.items()}
    return value


def read_article(source: Source, renderer: markup.Renderer, tz: ZoneInfo) -> Article:
    """One article from one source; SiteError listing every problem found in it."""
    text = decode(source)
    doc = frontmatter.parse(text, source.display)
    doc = dataclasses.replace(doc, meta=MappingProxyType(scrubbed(dict(doc.meta))))
    fields = _Fields(doc, source.display)
    title = fields.text("title", required=True)
    date = fields.datetime("date", tz, required=True)
    updated = fields.datetime("updated", tz)
    tags = fields.tags()
    slug = fields.slug(source.rel)
    draft = fields.boolean("draft")
    entry_id = fields.text("id") or derived_id(source.rel)
    summary, lede = fields.text("summary"), fields.text("lede")
    place, agency, dateline = fields.text("place"), fields.text("agency"), fields.text("dateline")
    story = story_fields(fields, tz)
    if fields.problems:
        raise SiteError(fields.problems)
    html = renderer.render(doc.body)
    if not summary:
        summary = lede or first_sentence(markup.plain_text(html), limit=300)
    extra = {k: v for k, v in doc.meta.items() if k not in KNOWN_KEYS}
    return Article(
        source=source.rel, slug=slug, id=entry_id, title=title, date=date, updated=updated,
        summary=summary, lede=lede, tags=tags, html=html, place=place, agency=agency, dateline=dateline,
        draft=draft, digest=hashlib.sha256(source.data).hexdigest(), extra=FrozenMap(extra), **story,
    )


def story_fields(fields: "_Fields", tz: ZoneInfo) -> dict[str, Any]:
    """The optional story data of issues 14 and 15 (arrival, bylines, versions, section, keywords)."""
    return {
        "received": fields.datetime("received", tz),
        "authors": fields.texts("authors"),
        "credits": fields.text("credits"),
        "advisory": fields.text("advisory"),
        "language": fields.language(),
        "section": fields.text("section"),
        "keywords": fields.texts("keywords"),
        "tag_kinds": fields.kinds(),
    }


class _Fields:
    """Typed access to front matter values, collecting problems with their lines."""

    def __init__(self, doc: frontmatter.Document, shown: str):
        self.meta: Mapping[str, Any] = doc.meta
        self.doc = doc
        self.shown = shown
        self.problems: list[Problem] = []

    def _fail(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.shown, self.doc.line_of(key), message, hint=hint))

    def text(self, key: str, required: bool = False) -> str:
        value = self.meta.get(key)
        if isinstance(value, str) and not value.strip():  # blank ("   ", "\u3000") is no text at all
            value = None
        if value is None:
            if required:
                self._fail(key, f"front matter has no '{key}'", hint=f"add a line '{key}: ...' to the front matter")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self._fail(key, f"'{key}' must be text, not {type(value).__name__}")
            return ""
        return " ".join(value.split()) if key != "id" else value.strip()

    def boolean(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if not isinstance(value, bool):
            self._fail(key, f"'{key}' must be true or false, not {value!r}")
            return False
        return value

    def datetime(self, key: str, tz: ZoneInfo, required: bool = False) -> dt.datetime | None:
        value = self.meta.get(key)
        if value is None:
            if required:
                self._fail(key, f"front matter has no '{key}'", hint="add e.g. 'date: 2021-10-17' or 'date: 2021-10-17T09:30:00+03:00'")
            return None
        try:
            return to_datetime(value, tz)
        except OverflowError:
            self._fail(key, f"'{key}' is out of the range of dates: {str(value)!r}",
                       hint="use a date between the years 1 and 9999 that stays in range in UTC")
            return None
        except (ValueError, TypeError):
            self._fail(key, f"'{key}' is not a date: {value!r}", hint="use ISO 8601, e.g. 2021-10-17 or 2021-10-17T09:30:00+03:00")
            return None

    def tags(self) -> tuple[Tag, ...]:
        value = self.meta.get("tags", [])
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
            self._fail("tags", "'tags' must be a list of text, e.g. tags: [Kazakhstan, trade]")
            return ()
        names = [" ".join(str(v).split()) for v in value]
        # The slug the tag gets unless another tag's slug is the same (the site model settles that).
        return tuple(Tag(n, slugs.slugify(n, "tag")) for n in names if n)

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of short texts (``authors``, ``keywords``): one text is a list of one; blanks and repeats dropped."""
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._fail(key, f"'{key}' must be a list of text, e.g. {key}: [Jane Smith, Ali Khan]")
            return ()
        return tuple(dict.fromkeys(n for n in (" ".join(v.split()) for v in value) if n))

    def kinds(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(kind, tag names) from the kind lists ``subjects``, ``places``, ``people``, ``organisations``."""
        found = []
        for kind in TAG_KINDS:
            value = self.meta.get(kind)
            value = [value] if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                                      for v in value):
                self._fail(kind, f"'{kind}' must be a list of tags, e.g. {kind}: [{_KIND_EXAMPLES[kind]}]")
                continue
            names = tuple(dict.fromkeys(n for n in (" ".join(str(v).split()) for v in value) if n))
            if names:
                found.append((kind, names))
        return tuple(found)

    def language(self) -> str:
        """The article's BCP 47 language tag, or empty for the site's."""
        value = self.text("language")
        error = Language().problem(value) if value else ""
        if error:
            self._fail("language", f"'language' {error}")
            return ""
        return value

    def slug(self, rel: str) -> str:
        value = self.meta.get("slug")
        if value is None:
            stem = rel.rsplit("/", 1)[-1][: -len(".md")]
            return stem if slugs.is_valid(stem) else slugs.slugify(stem, "article")
        if not isinstance(value, str) or not slugs.is_valid(value):
            self._fail("slug", f"'slug' must be lowercase letters, digits and hyphens (at most {slugs.MAX_LENGTH}), not {value!r}",
                       hint=f"for example: slug: {slugs.slugify(str(value), 'article')}")
            return "invalid"
        return value


def to_datetime(value: Any, tz: ZoneInfo) -> dt.datetime:
    """A timezone-aware datetime from a YAML date, datetime or ISO 8601 text; naive values are in ``tz``."""
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        result = dt.datetime.fromisoformat(text)
    else:
        raise TypeError(value)
    if result.tzinfo is None:
        result = result.replace(tzinfo=tz)
    result.astimezone(dt.timezone.utc)  # raises OverflowError at the edges of time
    return result


def read_sources(sources: Sequence[Source | Path], tz: ZoneInfo, content_dir: Path, site_dir: Path) -> list[Article | SiteError]:
    """Each source (or file, loaded here) read into an Article, or the SiteError that says why it could not be."""
    renderer = markup.Renderer()
    results: list[Article | SiteError] = []
    for source in sources:
        try:
            loaded = load_source(source, content_dir, site_dir) if isinstance(source, Path) else source
            results.append(read_article(loaded, renderer, tz))
        except SiteError as exc:
            results.append(exc)
    return results


def read_all(paths: Iterable[Path], content_dir: Path, site_dir: Path, tz: ZoneInfo,
             cache: "ArticleCache | None" = None, progress: parallel.Progress | None = None) -> tuple[list[Article], list[Problem]]:
    """Articles from every path, and every problem found (one bad file never hides the others).

    Files the cache knows (by size and mtime when safely old, else by the SHA-256 of
    their bytes) are not parsed again; the rest are read on every core (files the
    cache has never seen are loaded by the workers too).
    """
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    todo: list[Source | Path] = []
    for path in paths:
        rel = path.relative_to(content_dir).as_posix()
        if cache is not None:
            try:
                stat = path.stat()  # before reading: a later change shows as another mtime
            except OSError:
                stat = None
            if stat is not None:
                cache.seen[rel] = (stat.st_size, stat.st_mtime_ns)
                fresh = cache.fresh(rel, stat.st_size, stat.st_mtime_ns)
                if fresh is not None:
                    articles[rel] = fresh
                    continue
        if cache is None or not cache.knows(rel):
            todo.append(path)
            continue
        try:
            source = load_source(path, content_dir, site_dir)
        except SiteError as exc:
            problems.extend(exc.problems)
            continue
        cached = cache.get(source.rel, hashlib.sha256(source.data).hexdigest())
        if cached is not None:
            articles[source.rel] = cached
        else:
            todo.append(source)
    read = partial(read_sources, tz=tz, content_dir=content_dir, site_dir=site_dir)
    for result in parallel.map_chunks(read, todo, progress=progress):
        if isinstance(result, SiteError):
            problems.extend(result.problems)
        else:
            articles[result.source] = result
    return [articles[rel] for rel in sorted(articles)], problems
