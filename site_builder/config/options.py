"""The site's typed, validated configuration, read from ``site.toml``.

Every key is declared once, as a field of one of the frozen dataclasses below
made with :func:`option`: its type (a :class:`~site_builder.config.kinds.Kind`
that checks and converts TOML values), its default and its documentation. Parsing, the checks, the
README's configuration reference and the commented ``site.toml`` that ``init``
writes all come from these declarations.

Every key has a default, so a missing ``site.toml`` is a valid site. Unknown
keys, wrong types and bad values are :class:`~site_builder.base.errors.Problem`
values naming the file, the line and the allowed values.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping
from zoneinfo import ZoneInfo

from site_builder.base.errors import Problem, SiteError
from site_builder.base.text import has_controls
from site_builder.config.formats import KINDS as FEED_FORMATS
from site_builder.config.kinds import (Aliases, Choices, Day, Flag, Kind, Language, Strings, Subjects, TimeZone, Url, Whole,
                                       normalise_base_url)

CONFIG_NAME = "site.toml"


def option(default: Any, doc: str, kind: Kind = Kind()) -> Any:
    """Declare a config key: its default, its documentation and its kind (type, check, conversion)."""
    made = (lambda: default) if isinstance(default, Mapping) else None
    meta = {"kind": kind, "doc": doc}
    if made is not None:
        return field(default_factory=made, metadata=meta)
    return field(default=default, metadata=meta)


def table(cls: type, doc: str, name: str = "") -> Any:
    """Declare a ``[table]`` of keys (``name`` when the TOML name is not the field's, as for ``import``)."""
    return field(default_factory=cls, metadata={"table": cls, "doc": doc, "toml": name})


# ---------------------------------------------------------------- the keys


@dataclass(frozen=True)
class AuthorConfig:
    name: str = option("", "Author shown in feeds and article pages; empty means the site title.")
    email: str = option("", "Author e-mail for feeds (optional).")


@dataclass(frozen=True)
class FeedsConfig:
    limit: int = option(20, "Items in each subscription feed (site-wide and per tag).", Whole())
    full_content: bool = option(True, "Full article HTML in feeds; false puts the summary only, in every feed.", Flag())
    tag_full_content: bool = option(False, "Full article HTML in the feeds of tags and authors too; false (the default) "
                                           "gives their items the summary and a link: a large site has thousands of "
                                           "them, each in three formats (README: Fitting on GitHub Pages).", Flag())
    archive_formats: tuple[str, ...] = option(("atom",), "Formats of the site's monthly archive feeds (RFC 5005): "
                                              '"atom" and any of "rss", "json". Every article stays in the history '
                                              "of each; one format costs a third of three. Atom is always one: it is "
                                              "the history `check --against` compares.",
                                              Choices(allowed=FEED_FORMATS, required=("atom",),
                                                      why="the history check --against compares"))
    archive_full_content: bool = option(False, "Full article HTML in the archive feeds (the site's, and the tags' "
                                               "with `tag_archives`); false (the default) gives each archived item "
                                               "its summary and a link (the article page has the rest).", Flag())
    size_budget_kb: int = option(250, "Largest size of one subscription feed file in KB; older items are dropped to fit.",
                                 Whole())
    id_authority: str = option("", "Domain (or e-mail) used to mint tag: URI ids; empty means the base URL's host at "
                                   "minting time.")
    websub_hub: str = option("", "WebSub hub URL announced in every feed (empty: none).", Url(optional=True))
    tag_archives: bool = option(False, "Also write monthly archive feeds (RFC 5005) for every tag with more articles "
                                       "than the limit, in the archive formats; the site feed always has them.", Flag())


@dataclass(frozen=True)
class TagsConfig:
    max_per_article: int = option(8, "At most this many automatic tags per imported article, besides its section.",
                                  Whole())
    aliases: Mapping[str, str] = option(MappingProxyType({}), 'Map of tag spelling to the canonical tag, e.g. '
                                        '{ "UN" = "United Nations" }.', Aliases())
    never: tuple[str, ...] = option((), "Tags never emitted by the importer.", Strings())
    always: tuple[str, ...] = option((), "Tags always kept by the importer when the article mentions them, beyond "
                                         "the maximum.", Strings())
    min_articles: int = option(2, "A tag gets its page and feeds once this many articles carry it; below that it is "
                                  "shown as text.", Whole())
    subjects: tuple[tuple[str, str, tuple[str, ...]], ...] = option(
        (), 'Subjects added to the topic vocabulary: "Name" = { section = "Sport", terms = ["premier league"] }; a '
            "built-in subject's name replaces it.", Subjects())
    builtin_vocabulary: bool = option(True, "Use the built-in topic vocabulary (README: Topic vocabulary); false keeps "
                                            "only the site's subjects.", Flag())


@dataclass(frozen=True)
class ImportConfig:
    reference_date: dt.date | None = option(None, "Override for bulk archive imports: date every dateline as archive "
                                                  "copy, no later than this day; empty means each seed's arrival (see "
                                                  "Arrival).", Day())


@dataclass(frozen=True)
class BuildConfig:
    drafts: bool = option(False, "Include articles with draft: true.", Flag())
    future: bool = option(False, "Include articles dated after the build's reference time.", Flag())
    site_budget_mb: int = option(1024, "Largest total size of the built site in MB: `check` reports a site over it "
                                       "(GitHub Pages publishes sites of at most 1 GB).", Whole())


@dataclass(frozen=True)
class SearchConfig:
    enabled: bool = option(True, "Build the Pagefind search index, the search page and the header search box "
                                 "(re-indexing takes ~30 s per changed build at 10,000 articles).", Flag())


@dataclass(frozen=True)
class ThemeConfig:
    home_sections: int = option(0, "Latest stories of each section shown on the home page, under the latest news "
                                   "(0: none).", Whole(minimum=0))


@dataclass(frozen=True)
class Config:
    title: str = option("News", "Site title.")
    description: str = option("Latest news", "One-line description for the home page, feeds and search engines.")
    base_url: str = option("https://example.org/", "Published address of the site, with its sub-path for project "
                                                   "sites (https://user.github.io/repo/). Its host is the authority new "
                                                   "ids are minted on; while it is example.org (or a local address), "
                                                   "ids are domain-free urn:uuid: ids.", Url(site=True))
    language: str = option("en", "BCP 47 language tag of the content, e.g. en, en-GB, ru.", Language())
    timezone: str = option("UTC", "IANA time zone for dates written without an offset, e.g. Europe/Moscow.",
                           TimeZone())
    per_page: int = option(10, "Teasers (headline, time, summary, tags) on the first page of the home page and of "
                               "each tag, author and section.", Whole())
    older_per_page: int = option(50, "Headlines (with their times) on each older page (2, 3 …) of those lists: "
                                     "readers of page 40 scan headlines, and a large site stays small "
                                     "(README: Fitting on GitHub Pages).", Whole())
    author: AuthorConfig = table(AuthorConfig, "Who writes the site.")
    feeds: FeedsConfig = table(FeedsConfig, "Subscription feeds.")
    tags: TagsConfig = table(TagsConfig, "Tags found by the importer.")
    import_: ImportConfig = table(ImportConfig, "Importing seeds.", name="import")
    build: BuildConfig = table(BuildConfig, "What a build publishes.")
    theme: ThemeConfig = table(ThemeConfig, "What the default theme shows.")
    search: SearchConfig = table(SearchConfig, "Search (Pagefind).")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def with_base_url(self, base_url: str) -> "Config":
        return replace(self, base_url=normalise_base_url(base_url))


# ---------------------------------------------------------------- reading the declarations


def keys(cls: type) -> Iterator[Field]:
    """The keys (not tables) declared in ``cls``."""
    return (f for f in fields(cls) if "kind" in f.metadata)


def tables(cls: type = Config) -> Iterator[tuple[str, Field]]:
    """(TOML name, field) of every table declared in ``cls``."""
    return ((f.metadata["toml"] or f.name, f) for f in fields(cls) if "table" in f.metadata)


def declaration(dotted: str) -> Field:
    """The field that declares the dotted key (``base_url``, ``feeds.limit``)."""
    section, _, name = dotted.rpartition(".")
    cls = dict((t, f.metadata["table"]) for t, f in tables())[section] if section else Config
    return next(f for f in keys(cls) if f.name == name)


def load(site_dir: Path) -> Config:
    """The config of the site in ``site_dir``; defaults when it has no site.toml."""
    path = site_dir / CONFIG_NAME
    if not path.exists():
        return Config()
    display = CONFIG_NAME
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SiteError([Problem(display, 1, f"not UTF-8 text ({exc.reason})")]) from None
    return parse(text, display)


def parse(text: str, display: str = CONFIG_NAME) -> Config:
    """Parse and validate TOML text; raise SiteError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 0)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise SiteError([Problem(display, line, f"invalid TOML: {message}", column=col)]) from None
    locate = _Locator(text)
    problems: list[Problem] = []
    names = dict(tables())
    top = _section(Config, {k: v for k, v in data.items() if k not in names}, None, locate, display, problems)
    for name, declared in names.items():
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            problems.append(Problem(display, locate(None, name), f"'{name}' must be a table [{name}]"))
            continue
        cls = declared.metadata["table"]
        top[declared.name] = cls(**_section(cls, raw, name, locate, display, problems))
    if problems:
        raise SiteError(problems)
    return Config(**top)


def _section(cls: type, raw: dict, table_name: str | None, locate: "_Locator", display: str,
             problems: list[Problem]) -> dict[str, Any]:
    """Validated keyword arguments for ``cls`` from one TOML table."""
    known = {f.name: f for f in keys(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        line = locate(table_name, key)
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            where = f"[{table_name}]" if table_name else "the top level"
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(known))
            problems.append(Problem(display, line, f"unknown key '{key}' in {where}", hint=hint))
            continue
        qualified = f"{table_name}.{key}" if table_name else key
        kind: Kind = known[key].metadata["kind"]
        error = _problem(kind, value)
        if error:
            problems.append(Problem(display, line, f"'{qualified}' {error}"))
            continue
        values[key] = kind.convert(value)
    return values


def check_value(key: str, value: Any) -> str:
    """Why ``value`` is not acceptable for the dotted ``key`` (empty when it is)."""
    return _problem(declaration(key).metadata["kind"], value)


def _problem(kind: Kind, value: Any) -> str:
    if _has_control(value):
        return "contains control characters, which no page or feed may carry"
    return kind.problem(value)


def _has_control(value: Any) -> bool:
    """True when a text value (or any text in a list or table) holds characters no page may carry."""
    if isinstance(value, str):
        return has_controls(value)
    if isinstance(value, list):
        return any(_has_control(v) for v in value)
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    return False


class _Locator:
    """Finds the line of ``key`` inside ``[table]`` in TOML text (tomllib keeps no positions)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def __call__(self, table: str | None, key: str) -> int:
        current: str | None = None
        header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
        for number, line in enumerate(self.lines, 1):
            m = header.match(line)
            if m:
                current = m.group(1).strip().strip('"')
                if table is None and current == key:
                    return number
                continue
            if current == table and re.match(rf'^\s*"?{re.escape(key)}"?\s*=', line):
                return number
            if table and current is None and re.match(rf'^\s*{re.escape(table)}\s*(\.\s*{re.escape(key)}\s*)?=', line):
                return number
        return 1


def reference(cls: type = Config, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(key, type, default, doc) rows for the config reference, from the declarations."""
    rows = []
    for f in keys(cls):
        default = f.default_factory() if f.default_factory is not MISSING else f.default
        kind: Kind = f.metadata["kind"]
        rows.append((f"{prefix}{f.name}", kind.name, kind.shown(default), f.metadata["doc"]))
    if cls is Config:
        for name, declared in tables():
            rows.extend(reference(declared.metadata["table"], f"{name}."))
    return rows


def reference_markdown() -> str:
    """The configuration reference as a Markdown table (kept in README.md, checked by a test)."""
    lines = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for key, kind, default, doc in reference():
        section, _, name = key.rpartition(".")
        shown = f"`[{section}] {name}`" if section else f"`{name}`"
        escaped = doc.replace("|", "\\|")
        lines.append(f"| {shown} | {kind} | `{default}` | {escaped} |")
    return "\n".join(lines) + "\n"
