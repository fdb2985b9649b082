"""Search: the Pagefind index of the articles, and what the search page needs.

The index is made from the site model, not from the written pages: each
article is one search *record* (its route, to which Pagefind's script adds
the base path it is served under, so the index is the same for any base URL;
its text and language; meta for the result list; filters for section, tag
kinds and authors; a sort key), so it is made before anything is written and
a build that changed no article needs no new index. Pagefind (the
``pagefind[bin]`` package from PyPI, which ships the binary) indexes the
records in one run of its command line, once per changed set of records; its
files are put in canonical form (``pagefind_files.py``) and become ordinary
outputs under ``pagefind/``.

Each record is indexed in its article's language (``language`` front matter,
else the site's), reduced to the ISO 639-1 code Pagefind stems by; Pagefind
makes one index per language, and the search page merges them all into one
search, each language searched with its own stemming.

Without Pagefind installed the site still builds: :func:`index_files` raises
:class:`SearchUnavailable`, the build warns and writes the site without
``pagefind/``, and the search page says that search is not available.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from html import escape
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from site_builder.config.options import Config
from site_builder.model import urls as routes
from site_builder.model.article import Article
from site_builder.pages.environment import iso_time, time_text
from site_builder.pages.pagefind_files import normalised
from site_builder.reading import markup

#: Files of Pagefind's own user interfaces, which the site does not use (its search page has its own script).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
#: Filter names, as the search page shows them.
SECTION, AUTHOR, TAG = "Section", "Author", "Tag"
#: Names of the tag kinds (the front matter's kind lists, model.TAG_KINDS) as filters.
KIND_NAMES = {"subjects": "Subjects", "places": "Places", "people": "People", "organisations": "Organisations"}


class SearchUnavailable(RuntimeError):
    """Pagefind could not be run (not installed, or it failed): the site is built without a search index."""


@dataclass(frozen=True)
class Record:
    """One article as the search index holds it (Pagefind reads it as a minimal page: :func:`record_html`)."""

    url: str  # "/" + the route: Pagefind's script puts the base path (where pagefind/ is) in front
    content: str
    language: str  # ISO 639-1 (or the primary subtag of the tag given)
    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    sort: str  # newest first when sorted descending


def records(articles: Iterable[Article], config: Config) -> tuple[Record, ...]:
    """The search record of every article, in site order."""
    return tuple(record(a, config) for a in articles)


def record(article: Article, config: Config) -> Record:
    """``article`` as a search record: title, standfirst and body (its keywords are phrases of that text already,
    and excerpts must show the article's own words); date, section and place as meta."""
    text = "\n".join(part for part in (article.title, article.lede or article.summary,
                                       markup.plain_text(article.html)) if part)
    meta = [("title", article.title), ("date", time_text(article.date, config.tz)),
            ("datetime", iso_time(article.date, config.tz))]
    if article.section:
        meta.append(("section", article.section))
    if article.place:
        meta.append(("place", article.place))
    return Record("/" + routes.article(article.slug), text, index_language(article.language or config.language),
                  tuple(meta), filters(article), f"{iso_time(article.date, config.tz)} {article.id}")


def filters(article: Article) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The filters an article is found by: its section, authors, and its tags by kind (``Tag`` when unknown)."""
    found: dict[str, list[str]] = {}
    if article.section:
        found[SECTION] = [article.section]
    if article.authors:
        found[AUTHOR] = list(article.authors)
    kinds = {name.casefold(): KIND_NAMES.get(kind.casefold(), kind) for kind, names in article.tag_kinds
             for name in names}
    for tag in article.tags:
        found.setdefault(kinds.get(tag.name.casefold(), TAG), []).append(tag.name)
    return tuple((name, tuple(dict.fromkeys(values))) for name, values in sorted(found.items()))


def index_language(tag: str) -> str:
    """The language Pagefind indexes by: the primary subtag, lower case (``en`` for ``en-GB``)."""
    return tag.split("-")[0].lower() or "unknown"


def languages(articles: Iterable[Article], config: Config) -> tuple[str, ...]:
    """The languages the index holds, sorted: the search page searches each with its own stemming."""
    return tuple(sorted({index_language(a.language or config.language) for a in articles}))


def index_files(found: tuple[Record, ...]) -> dict[str, bytes]:
    """Pagefind's files for ``found`` (path below ``pagefind/`` → bytes), in canonical form.

    Each record is written as a small HTML page into a temporary folder that
    Pagefind's command line indexes in one run (its Python service answers
    one record per tenth of a second: 17 minutes for 10,000 articles).
    """
    if importlib.util.find_spec("pagefind") is None:
        raise SearchUnavailable("Pagefind is not installed: pip install 'pagefind[bin]'")
    with tempfile.TemporaryDirectory(prefix="site-builder-search-") as tmp:
        pages, out = Path(tmp) / "site", Path(tmp) / "index"
        for r in found:
            target = pages / r.url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(record_html(r), encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(out)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchUnavailable(f"Pagefind failed: {exc}") from None
        if done.returncode != 0 or not (out / "pagefind-entry.json").is_file():
            raise SearchUnavailable(f"Pagefind failed: {(done.stderr or done.stdout).strip()[-500:]}")
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                 if p.is_file() and not p.name.startswith(UNUSED)}
    return normalised(files)


def record_html(r: Record) -> str:
    """The page Pagefind indexes for one record: its text, and its meta, filters and sort key (not indexed)."""
    data = [f'<span data-pagefind-meta="{escape(k)}">{escape(v)}</span>' for k, v in r.meta]
    data += [f'<span data-pagefind-filter="{escape(name)}">{escape(value)}</span>' for name, values in r.filters
             for value in values]
    data.append(f'<span data-pagefind-sort="date">{escape(r.sort)}</span>')
    text = "".join(f"<p>{escape(line)}</p>" for line in r.content.splitlines())
    return (f'<!DOCTYPE html><html lang="{escape(r.language)}"><head><meta charset="utf-8"><title>{escape(r.url)}'
            f'</title></head><body><main data-pagefind-body><div data-pagefind-ignore>{"".join(data)}</div>{text}'
            "</main></body></html>\n")


def fingerprint_text(found: tuple[Record, ...]) -> str:
    """The records as text, for the build's cache of indexes (same text, same index)."""
    return json.dumps([[r.url, r.content, r.language, r.meta, r.filters, r.sort] for r in found], ensure_ascii=False)


def output_paths(files: dict[str, bytes]) -> Iterator[tuple[str, bytes]]:
    """The index files as (output path, bytes)."""
    for path, data in sorted(files.items()):
        yield routes.search_index() + path, data
