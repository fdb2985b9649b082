"""The site's typed, validated configuration, read from ``site.toml``.

Every key has a default, so a missing ``site.toml`` is a valid site. Unknown
keys, wrong types and bad values are :class:`~site_builder.errors.Problem`
values naming the file, the line and the allowed values.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from site_builder.errors import Problem, SiteError

CONFIG_NAME = "site.toml"


@dataclass(frozen=True)
class AuthorConfig:
    name: str = ""
    """Author shown in feeds and article pages; empty means the site title."""
    email: str = ""
    """Author e-mail for feeds (optional)."""


@dataclass(frozen=True)
class FeedsConfig:
    limit: int = 20
    """Items in each subscription feed (site-wide and per tag)."""
    full_content: bool = True
    """Full article HTML in feeds; false puts the summary only."""
    size_budget_kb: int = 250
    """Largest size of one subscription feed file in KB; older items are dropped to fit."""
    id_authority: str = ""
    """Domain (or e-mail) used to mint tag: URI ids; empty means the base URL's host at minting time."""
    websub_hub: str = ""
    """WebSub hub URL announced in every feed (empty: none)."""
    tag_archives: bool = False
    """Also write monthly archive feeds (RFC 5005) for every tag with more articles than the limit; the site feed always has them."""


@dataclass(frozen=True)
class TagsConfig:
    max_per_article: int = 8
    """At most this many automatic tags per imported article, besides its section."""
    aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Map of tag spelling to the canonical tag, e.g. { "UN" = "United Nations" }."""
    never: tuple[str, ...] = ()
    """Tags never emitted by the importer."""
    always: tuple[str, ...] = ()
    """Tags always kept by the importer when the article mentions them, beyond the maximum."""
    min_articles: int = 2
    """A tag gets its page and feeds once this many articles carry it; below that it is shown as text."""
    subjects: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """Subjects added to the topic vocabulary: "Name" = { section = "Sport", terms = ["premier league"] }; a built-in subject's name replaces it."""
    builtin_vocabulary: bool = True
    """Use the built-in topic vocabulary (README: Topic vocabulary); false keeps only the site's subjects."""


@dataclass(frozen=True)
class ImportConfig:
    reference_date: dt.date | None = None
    """Latest possible date of an imported article (datelines carry no year); empty means today."""


@dataclass(frozen=True)
class BuildConfig:
    drafts: bool = False
    """Include articles with draft: true."""
    future: bool = False
    """Include articles dated after the build's reference time."""


@dataclass(frozen=True)
class Config:
    title: str = "News"
    """Site title."""
    description: str = "Latest news"
    """One-line description for the home page, feeds and search engines."""
    base_url: str = "https://example.org/"
    """Published address of the site, with its sub-path for project sites (https://user.github.io/repo/)."""
    language: str = "en"
    """BCP 47 language tag of the content, e.g. en, en-GB, ru."""
    timezone: str = "UTC"
    """IANA time zone for dates written without an offset, e.g. Europe/Moscow."""
    per_page: int = 10
    """Articles per page on the home page, tag pages and archives."""
    author: AuthorConfig = AuthorConfig()
    feeds: FeedsConfig = FeedsConfig()
    tags: TagsConfig = TagsConfig()
    import_: ImportConfig = ImportConfig()
    build: BuildConfig = BuildConfig()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def with_base_url(self, base_url: str) -> "Config":
        return replace(self, base_url=normalise_base_url(base_url))


SECTIONS = {"author": AuthorConfig, "feeds": FeedsConfig, "tags": TagsConfig, "import": ImportConfig, "build": BuildConfig}
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def normalise_base_url(url: str) -> str:
    """The base URL with exactly one trailing slash."""
    return url.rstrip("/") + "/"


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
    top = _section(Config, data, None, locate, display, problems)
    for name, cls in SECTIONS.items():
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            problems.append(Problem(display, locate(None, name), f"'{name}' must be a table [{name}]"))
            continue
        top["import_" if name == "import" else name] = cls(**_section(cls, raw, name, locate, display, problems))
    if problems:
        raise SiteError(problems)
    return Config(**top)


def _section(cls: type, raw: dict, table: str | None, locate: "_Locator", display: str, problems: list[Problem]) -> dict[str, Any]:
    """Validated keyword arguments for ``cls`` from one TOML table."""
    known = {f.name: f for f in fields(cls) if f.name not in ("import_",) and f.name not in SECTIONS}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if table is None and key in SECTIONS:
            continue
        line = locate(table, key)
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            where = f"[{table}]" if table else "the top level"
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(known))
            problems.append(Problem(display, line, f"unknown key '{key}' in {where}", hint=hint))
            continue
        qualified = f"{table}.{key}" if table else key
        error = _check(qualified, value)
        if error:
            problems.append(Problem(display, line, f"'{qualified}' {error}"))
            continue
        values[key] = _convert(qualified, value)
    return values


def check_value(key: str, value: Any) -> str:
    """Why ``value`` is not acceptable for the dotted ``key`` (empty when it is)."""
    return _check(key, value)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _has_control(value: Any) -> bool:
    """True when a text value (or any text in a list or table) holds characters no page may carry."""
    if isinstance(value, str):
        return bool(_CONTROL.search(value))
    if isinstance(value, list):
        return any(_has_control(v) for v in value)
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    return False


def _check(key: str, value: Any) -> str:
    """Why ``value`` is not acceptable for ``key`` (empty when it is)."""
    kind = _KINDS[key]
    if _has_control(value):
        return "contains control characters, which no page or feed may carry"
    if kind is bool and not isinstance(value, bool):
        return f"must be true or false, not {value!r}"
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        return f"must be a whole number, not {value!r}"
    if kind is str and not isinstance(value, str):
        return f"must be a string, not {value!r}"
    if kind == "strings" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return "must be a list of strings"
    if kind == "aliases" and not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
        return 'must be a table of "spelling" = "canonical tag"'
    if kind == "subjects":
        return _subjects_error(value)
    if kind == "date" and not (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return f"must be a date like 2021-12-31, not {value!r}"
    if key in ("per_page", "feeds.limit", "tags.max_per_article", "feeds.size_budget_kb", "tags.min_articles") \
            and value < 1:
        return f"must be at least 1, not {value}"
    if key == "base_url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            return f"must be an absolute http(s) URL such as https://user.github.io/repo/, not {value!r}"
    if key == "feeds.websub_hub" and value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return f"must be an absolute http(s) URL, not {value!r}"
    if key == "language" and not _LANG.match(value):
        return f"must be a BCP 47 language tag such as en or en-GB, not {value!r}"
    if key == "timezone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            return f"must be an IANA time zone such as UTC or Europe/Moscow, not {value!r}"
    return ""


def _subjects_error(value: Any) -> str:
    """Why a [tags] subjects table is not acceptable (empty when it is)."""
    shape = 'must be a table of "Subject" = { section = "Section", terms = ["term", ...] }'
    if not isinstance(value, dict):
        return shape
    for name, spec in value.items():
        if not name.strip() or not isinstance(spec, dict) or set(spec) - {"section", "terms"}:
            return shape
        if not isinstance(spec.get("section"), str) or not spec["section"].strip():
            return f"subject {name!r} needs a section name"
        terms = spec.get("terms")
        if not (isinstance(terms, list) and terms and all(isinstance(t, str) and t.strip() for t in terms)):
            return f"subject {name!r} needs a non-empty list of terms"
    return ""


def _convert(key: str, value: Any) -> Any:
    kind = _KINDS[key]
    if kind == "subjects":
        return tuple((name.strip(), spec["section"].strip(), tuple(t.strip() for t in spec["terms"]))
                     for name, spec in value.items())
    if kind == "strings":
        return tuple(value)
    if kind == "aliases":
        return MappingProxyType(dict(value))
    if key == "base_url":
        return normalise_base_url(value)
    return value


_KINDS: dict[str, Any] = {
    "title": str, "description": str, "base_url": str, "language": str, "timezone": str, "per_page": int,
    "author.name": str, "author.email": str,
    "feeds.limit": int, "feeds.full_content": bool, "feeds.size_budget_kb": int, "feeds.id_authority": str,
    "feeds.websub_hub": str, "feeds.tag_archives": bool,
    "tags.max_per_article": int, "tags.aliases": "aliases", "tags.never": "strings", "tags.always": "strings",
    "tags.min_articles": int, "tags.subjects": "subjects", "tags.builtin_vocabulary": bool,
    "import.reference_date": "date",
    "build.drafts": bool, "build.future": bool,
}


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
    """(key, type, default, doc) rows for the config reference in the README."""
    import ast
    import inspect

    docs: dict[str, str] = {}
    tree = ast.parse(inspect.getsource(cls))
    body = tree.body[0].body  # type: ignore[attr-defined]
    for node, nxt in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant):
            docs[node.target.id] = str(nxt.value.value)  # type: ignore[attr-defined]
    rows = []
    for f in fields(cls):
        if f.name in SECTIONS or f.name == "import_":
            continue
        key = f"{prefix}{f.name}"
        default = f.default_factory() if f.default_factory is not MISSING else f.default
        shown = "{}" if _KINDS[key] == "subjects" else _toml_repr(default)
        rows.append((key, _type_name(_KINDS[key]), shown, docs.get(f.name, "")))
    if cls is Config:
        for name, sub in SECTIONS.items():
            rows.extend(reference(sub, f"{name}."))
    return rows


def _type_name(kind: Any) -> str:
    return {str: "string", int: "integer", bool: "boolean", "strings": "list of strings",
            "aliases": "table of strings", "date": "date", "subjects": "table of subjects"}[kind]


def _toml_repr(value: Any) -> str:
    if value is None:
        return "(today)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (tuple, list)):
        return "[]" if not value else "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, Mapping):
        return "{}"
    return str(value)


def reference_markdown() -> str:
    """The configuration reference as a Markdown table (kept in README.md, checked by a test)."""
    lines = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for key, kind, default, doc in reference():
        section, _, name = key.rpartition(".")
        shown = f"`[{section}] {name}`" if section else f"`{name}`"
        escaped = doc.replace("|", "\\|")
        lines.append(f"| {shown} | {kind} | `{default}` | {escaped} |")
    return "\n".join(lines) + "\n"
