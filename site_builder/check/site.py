"""``site-builder check``: is a built output folder safe to publish?

:func:`check` reads an output folder (never writes) and returns a
:class:`CheckReport` whose problems are all errors (the CLI exits 1 on any):

* every feed (``feed.xml``, ``atom.xml``, ``feed.json``, site, tags and
  archives) parses and follows the rules in ``feeds_check.py``;
* across the site's feeds an entry id names one article (one link), and each
  id is in exactly one monthly archive document;
* every internal link, stylesheet, script and image of every HTML page
  resolves to a file of the output (under the base URL's sub-path), and
  canonical links are absolute and public;
* every sitemap URL is absolute, under the base URL and published;
* the whole site fits its size budget (``[build] site_budget_mb``).

Ids minted on a placeholder domain (``tag:example.org,…``, ``localhost``)
are errors: a reader would keep them for ever. One already published in
``against`` is only noted: changing it now would be churn.

Given the previously published output (``against``), it also reports id
churn (an article still published under a new id), items that vanished from
the feeds while their page is still there, and mass ``updated`` changes
(more than half of the items, at least three), and tag pages and tag feeds
that vanished (a tag fell below ``[tags] min_articles`` or lost its name).
Articles whose page is gone too were removed on purpose: they are listed as
notes, not errors.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from site_builder.model import ids as idrules
from site_builder.model import urls as routes
from site_builder.base.errors import Problem
from site_builder.config.options import BuildConfig
from site_builder.check.feeds import FEED_NAMES, FeedDoc, check_feed, url_problem

SITE_ARCHIVE = re.compile(r"^archive/\d{4}/\d{2}/atom\.xml$")
_LINKED = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src"))
MASS_UPDATED_MIN = 3
MB = 1024 * 1024


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]
    feeds: int
    pages: int


def check(output_dir: Path, base_url: str, budget_kb: int, against: Path | None = None,
          site_budget_mb: int = BuildConfig().site_budget_mb) -> CheckReport:
    """Every problem of the output folder (and of its history, given the previous output)."""
    files = {p.relative_to(output_dir).as_posix(): p for p in sorted(output_dir.rglob("*")) if p.is_file()}
    problems: list[Problem] = site_size_problems(output_dir, files.values(), site_budget_mb)
    if "index.html" not in files:
        problems.append(Problem(str(output_dir), 0, "no index.html: is this a built site?"))
    docs = []
    for rel in (r for r in files if r.rsplit("/", 1)[-1] in FEED_NAMES):
        doc, found = check_feed(rel, files[rel].read_bytes(), base_url + rel, budget_kb * 1024)
        problems += found
        docs += [doc] if doc else []
    problems += site_id_problems(docs)
    found, notes = placeholder_id_problems(docs, against)
    problems += found
    pages = [r for r in files if r.endswith(".html")]
    for rel in pages:
        problems += page_problems(rel, files[rel].read_bytes(), base_url, files)
    for rel in sorted(r for r in files if r == "sitemap.xml" or re.fullmatch(r"sitemap-\d+\.xml", r)):
        problems += sitemap_problems(rel, files[rel].read_bytes(), base_url, files)
    if against is not None:
        history, history_notes = history_problems(against, output_dir, base_url)
        problems += history
        notes += history_notes
    return CheckReport(tuple(sorted(set(problems))), tuple(notes), len(docs), len(pages))


def site_size_problems(output_dir: Path, files: Iterable[Path], budget_mb: int) -> list[Problem]:
    """The site over its size budget (``[build] site_budget_mb``; GitHub Pages publishes at most 1 GB)."""
    total = sum(p.stat().st_size for p in files)
    if total <= budget_mb * MB:
        return []
    return [Problem(str(output_dir), 0, f"the site is {total / MB:,.0f} MB, over its budget of {budget_mb:,} MB "
                                        "([build] site_budget_mb)",
                    hint="GitHub Pages publishes sites of at most 1 GB: README, 'Fitting on GitHub Pages', lists "
                         "the settings that shrink a site")]


def site_id_problems(docs: Iterable[FeedDoc]) -> list[Problem]:
    """One id, one article (link); each id in exactly one of the site's monthly Atom archives."""
    problems = []
    links: dict[str, tuple[str, str]] = {}
    archived: dict[str, str] = {}
    for doc in docs:
        for entry in doc.entries:
            first = links.setdefault(entry.id, (entry.link, doc.path))
            if entry.link and first[0] and entry.link != first[0]:
                problems.append(Problem(doc.path, 0, f"id {entry.id!r} names two articles: {entry.link} and "
                                                     f"{first[0]} (in {first[1]})", hint="give each article its own id"))
            if doc.kind == "atom" and SITE_ARCHIVE.match(doc.path):
                if entry.id in archived and archived[entry.id] != doc.path:
                    problems.append(Problem(doc.path, 0, f"id {entry.id!r} is also archived in {archived[entry.id]}"))
                archived.setdefault(entry.id, doc.path)
    if archived:
        for doc in docs:
            if doc.path == "atom.xml":
                problems += [Problem(doc.path, 0, f"entry {e.id!r} is in no monthly archive") for e in doc.entries
                             if e.id not in archived]
    return problems


def placeholder_id_problems(docs: Iterable[FeedDoc], against: Path | None) -> tuple[list[Problem], list[str]]:
    """Entry ids minted on a placeholder domain: errors, or notes for those already published in ``against``."""
    first: dict[str, str] = {}
    for doc in docs:
        for entry in doc.entries:
            if idrules.placeholder_id(entry.id):
                first.setdefault(entry.id, doc.path)
    if not first:
        return [], []
    published = set(site_entries(against)[1]) if against is not None else set()
    problems = [Problem(path, 0, f"id {i!r} is minted on a placeholder domain: readers would keep it for ever",
                        hint="set base_url in site.toml before importing; for this article, write a new id in its "
                             "front matter (or delete the page and import its seed again) before it is first published")
                for i, path in sorted(first.items()) if i not in published]
    notes = [f"id {i!r} is on a placeholder domain but already published: kept, as ids never change"
             for i in sorted(first) if i in published]
    return problems, notes


def page_url(rel: str, base_url: str) -> str:
    """The published URL of an output file (``x/index.html`` is served as ``x/``)."""
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return base_url + rel


def target_of(url: str, base_url: str) -> str | None:
    """The output file an absolute URL under ``base_url`` is served from, or None when outside the site."""
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.netloc != base.netloc or not parts.path.startswith(base.path or "/"):
        return None
    return routes.output_path(unquote(parts.path[len(base.path or "/"):]))


def served(target: str, files) -> bool:
    return target in files or f"{target}/index.html" in files


def page_problems(rel: str, data: bytes, base_url: str, files) -> list[Problem]:
    """Broken internal links and non-public canonical links of one HTML page."""
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        return [Problem(rel, 0, f"does not parse as HTML: {exc}")]
    here, base = page_url(rel, base_url), urlsplit(base_url)
    problems = []
    for tag, attribute in _LINKED:
        for element in root.iter(tag):
            href = (element.get(attribute) or "").strip()
            if not href or href.startswith("#"):
                continue
            if tag == "link" and "canonical" in (element.get("rel") or "") and (why := url_problem(href)):
                problems.append(Problem(rel, element.sourceline or 0, f"canonical link has a {why}"))
            url = urljoin(here, href).split("#", 1)[0]
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                continue
            if routes.local_host(parts.hostname or ""):
                problems.append(Problem(rel, element.sourceline or 0, f"<{tag} {attribute}> points at a local address: {href}"))
            elif parts.netloc == base.netloc:
                target = target_of(url, base_url)
                if target is None:
                    problems.append(Problem(rel, element.sourceline or 0, f"<{tag} {attribute}=\"{href}\"> leaves the site's "
                                            f"base path {base.path}", hint="link with the sub-path (Urls.path)"))
                elif not served(target, files):
                    problems.append(Problem(rel, element.sourceline or 0, f"broken link <{tag} {attribute}=\"{href}\">: "
                                                                          f"no {target} in the output"))
    return problems


def sitemap_problems(rel: str, data: bytes, base_url: str, files) -> list[Problem]:
    """Problems of one sitemap (or sitemap index) file ``rel``: every URL absolute, under the base URL and served."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        return [Problem(rel, exc.lineno or 0, f"does not parse: {exc.msg}")]
    problems = []
    for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        url = (loc.text or "").strip()
        target = target_of(url, base_url)
        if why := url_problem(url):
            problems.append(Problem(rel, loc.sourceline or 0, f"has a {why}"))
        elif target is None or not served(target, files):
            problems.append(Problem(rel, loc.sourceline or 0, f"{url} is not a page of this output"))
    return problems


def site_entries(output_dir: Path) -> tuple[str, dict]:
    """The base URL an output was built for, and id -> (document, Entry) over its site Atom feed and archives."""
    entries: dict = {}
    base = ""
    paths = ["atom.xml"] + sorted(p.relative_to(output_dir).as_posix() for p in output_dir.glob("archive/*/*/atom.xml"))
    for rel in paths:
        path = output_dir / rel
        if not path.is_file():
            continue
        doc, _ = check_feed(rel, path.read_bytes(), "", 1 << 62)
        if doc is None:
            continue
        if rel == "atom.xml" and doc.links.get("self", "").endswith("atom.xml"):
            base = doc.links["self"][: -len("atom.xml")]
        for entry in doc.entries:
            entries.setdefault(entry.id, (rel, entry))
    return base, entries


def history_problems(previous: Path, current: Path, base_url: str) -> tuple[list[Problem], list[str]]:
    """Id churn, vanished items and mass ``updated`` changes since the previous output."""
    old_base, old = site_entries(previous)
    new_base, new = site_entries(current)
    new_base = new_base or base_url
    by_route = {_route(e.link, new_base): i for i, (_, e) in new.items()}
    by_title = defaultdict(list)
    for i, (_, e) in new.items():
        by_title[e.title].append(i)
    problems, notes = [], []
    for old_id, (rel, entry) in sorted(old.items()):
        if old_id in new:
            continue
        route = _route(entry.link, old_base)
        same_title = by_title.get(entry.title, [])
        successor = by_route.get(route) or (same_title[0] if len(same_title) == 1 and same_title[0] not in old else None)
        if successor:
            problems.append(Problem(rel, 0, f"id churn: {entry.title!r} was published with id {old_id!r}, now {successor!r}",
                                    hint="keep the article's `id` in its front matter: readers would see it again as new"))
        elif served(routes.output_path(route), _Exists(current)):
            problems.append(Problem(rel, 0, f"item {old_id!r} ({entry.title!r}) vanished from the feeds, but its page "
                                            f"{route} is still published"))
        else:
            notes.append(f"removed since the previous output: {entry.title!r} ({old_id})")
    problems += vanished_tag_files(previous, current)
    common = [i for i in old if i in new]
    changed = [i for i in common if old[i][1].updated != new[i][1].updated]
    if len(changed) >= MASS_UPDATED_MIN and 2 * len(changed) > len(common):
        problems.append(Problem("atom.xml", 0, f"{len(changed)} of {len(common)} items changed their `updated` date",
                                hint="dates must come from the articles, not the build: did a build step touch every article?"))
    return problems, notes


def vanished_tag_files(previous: Path, current: Path) -> list[Problem]:
    """A tag page or tag feed of the previous output that the new one lacks: its subscribers lose it.
    (A tag falls below ``[tags] min_articles`` or is renamed; a tag page that once existed keeps existing.)"""
    tags = previous / routes.TAGS
    if not tags.is_dir():
        return []
    gone = [p.relative_to(previous).as_posix() for p in sorted(tags.glob("*/*"))
            if (p.name in FEED_NAMES or p.name == "index.html") and not (current / p.relative_to(previous)).is_file()]
    return [Problem(rel, 0, f"tag {'feed' if rel.rsplit('/', 1)[-1] in FEED_NAMES else 'page'} {rel} vanished since "
                            "the previous output", hint="keep the tag on its articles (or an alias to its new name), "
                                                        "or lower [tags] min_articles")
            for rel in gone]


def _route(link: str, base: str) -> str:
    return link[len(base):] if base and link.startswith(base) else urlsplit(link).path.lstrip("/")


class _Exists:
    """``path in files`` for a folder on disk (for :func:`served`)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __contains__(self, rel: str) -> bool:
        return bool(rel) and (self.folder / rel).is_file()
