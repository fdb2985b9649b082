"""Structural checks of one built feed document (RSS 2.0, Atom 1.0, JSON Feed 1.1).

Used by ``site-builder check`` (``check.py``). These are the rules a feed of
this site must follow to be trusted by readers for years, checked with lxml
and json alone (the RELAX NG / JSON Schema validators are the tests' job):
it parses; required elements are there; every URL is absolute, public
(never ``localhost`` or a loopback address) and the self link is the
published location; entry ids are present, absolute and unique; the file
fits the size budget (subscription feeds only: archives are complete).

Each check returns :class:`~site_builder.base.errors.Problem` values; a parsed
feed is summarised as :class:`FeedDoc` (its entries' id, link, updated)
for the site-wide and history checks.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
from dataclasses import dataclass
from typing import Iterable, Iterator
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from site_builder.base.errors import Problem
from site_builder.feeds.archive import HISTORY_NS
from site_builder.model.urls import FEED_FILES, local_host

ATOM_NS = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM_NS}}}"
FEED_NAMES = tuple(FEED_FILES.values())
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


@dataclass(frozen=True)
class Entry:
    id: str
    link: str
    updated: str
    title: str


@dataclass(frozen=True)
class FeedDoc:
    """What the site-wide checks need from one feed document."""

    path: str
    kind: str  # rss, atom, json
    archive: bool
    entries: tuple[Entry, ...]
    links: dict  # rel -> href (feed level)


def url_problem(url: str) -> str:
    """Why ``url`` may not appear in a published feed, or ''."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("mailto", "tel"):
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"relative or non-web URL {url!r}"
    if local_host(parts.hostname or ""):
        return f"local URL {url!r}"
    return ""


def content_urls(html: str) -> Iterator[str]:
    """Every href/src/cite inside an HTML fragment."""
    if not html.strip():
        return
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return
    for element in fragment.iter():
        for attribute in ("href", "src", "cite"):
            value = element.get(attribute) if isinstance(element.tag, str) else None
            if value is not None:
                yield value


def check_feed(path: str, data: bytes, location: str, budget: int) -> tuple[FeedDoc | None, list[Problem]]:
    """Parse and check the feed file at ``path`` (published at ``location``)."""
    kind = "json" if path.endswith(".json") else "xml"
    try:
        doc = _json_doc(path, data, location) if kind == "json" else _xml_doc(path, data, location)
    except ValueError as exc:
        return None, [Problem(path, 0, f"does not parse: {exc}")]
    except etree.XMLSyntaxError as exc:
        return None, [Problem(path, exc.lineno or 0, f"does not parse as XML: {exc.msg}")]
    feed, problems = doc
    if not feed.archive and len(data) > budget:
        problems.append(Problem(path, 0, f"{len(data) // 1024} KB is over the size budget of {budget // 1024} KB",
                                hint="lower [feeds] limit or size_budget_kb"))
    seen: set[str] = set()
    for entry in feed.entries:
        if not entry.id:
            problems.append(Problem(path, 0, f"entry {entry.title!r} has no id"))
        elif entry.id in seen:
            problems.append(Problem(path, 0, f"entry id {entry.id!r} appears twice"))
        elif not urlsplit(entry.id).scheme:
            problems.append(Problem(path, 0, f"entry id {entry.id!r} is not an absolute IRI (tag:, urn: or URL)"))
        seen.add(entry.id)
    return feed, problems


def _xml_doc(path: str, data: bytes, location: str) -> tuple[FeedDoc, list[Problem]]:
    root = etree.fromstring(data, _PARSER)
    if root.tag == f"{A}feed":
        return _atom(path, root, location)
    if root.tag == "rss":
        return _rss(path, root, location)
    raise ValueError(f"root element {root.tag!r} is neither Atom <feed> nor <rss>")


def _urls_problems(path: str, root: etree._Element, contents: Iterable[str]) -> list[Problem]:
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # processing instructions (the stylesheet is root-relative on purpose) and comments
        for attribute in ("href", "src", "uri", "url"):
            value = element.get(attribute)
            if value is not None and (why := url_problem(value)):
                problems.append(Problem(path, element.sourceline or 0, f"<{etree.QName(element).localname}> has a {why}"))
        if etree.QName(element).localname in ("link", "uri", "docs", "comments") and element.text and element.text.strip():
            if why := url_problem(element.text):
                problems.append(Problem(path, element.sourceline or 0, f"<{etree.QName(element).localname}> has a {why}"))
    for html in contents:
        problems += [Problem(path, 0, f"content has a {why}") for url in content_urls(html) if (why := url_problem(url))]
    return problems


def _require(path: str, parent: etree._Element, names: Iterable[str], where: str) -> list[Problem]:
    return [Problem(path, parent.sourceline or 0, f"{where} has no <{name.split('}')[-1]}>")
            for name in names if not (parent.findtext(name) or "").strip()]


def _self_problem(path: str, href: str | None, location: str) -> list[Problem]:
    if href == location:
        return []
    return [Problem(path, 0, f"self link {href!r} is not where the feed is published ({location})",
                    hint="build with the published base URL (--base-url)")]


def _atom(path: str, root: etree._Element, location: str) -> tuple[FeedDoc, list[Problem]]:
    problems = _require(path, root, (f"{A}id", f"{A}title", f"{A}updated"), "Atom feed")
    links = {link.get("rel", "alternate"): link.get("href") for link in root.findall(f"{A}link")}
    problems += _self_problem(path, links.get("self"), location)
    feed_author = root.find(f"{A}author") is not None
    entries, contents = [], []
    for entry in root.findall(f"{A}entry"):
        problems += _require(path, entry, (f"{A}id", f"{A}title", f"{A}updated"), "Atom entry")
        alternate = entry.find(f"{A}link[@rel='alternate']")
        if alternate is None:
            alternate = entry.find(f"{A}link")
        if alternate is None and entry.find(f"{A}content") is None:
            problems.append(Problem(path, entry.sourceline or 0, "Atom entry has neither a link nor content"))
        if not feed_author and entry.find(f"{A}author") is None:
            problems.append(Problem(path, entry.sourceline or 0, "Atom entry has no author (and the feed has none)"))
        problems += _date_problems(path, entry, (f"{A}updated", f"{A}published"), _rfc3339)
        contents.append(entry.findtext(f"{A}content") or "")
        entries.append(Entry((entry.findtext(f"{A}id") or "").strip(), alternate.get("href", "") if alternate is not None else "",
                             entry.findtext(f"{A}updated") or "", entry.findtext(f"{A}title") or ""))
    problems += _urls_problems(path, root, contents)
    archive = root.find(f"{{{HISTORY_NS}}}archive") is not None
    return FeedDoc(path, "atom", archive, tuple(entries), links), problems


def _rss(path: str, root: etree._Element, location: str) -> tuple[FeedDoc, list[Problem]]:
    channel = root.find("channel")
    if root.get("version") != "2.0" or channel is None:
        raise ValueError("not an RSS 2.0 document (<rss version=\"2.0\"><channel>)")
    problems = _require(path, channel, ("title", "link", "description"), "RSS channel")
    links = {link.get("rel"): link.get("href") for link in channel.findall(f"{A}link")}
    problems += _self_problem(path, links.get("self"), location)
    entries, contents = [], []
    for item in channel.findall("item"):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(Problem(path, item.sourceline or 0, "RSS item has neither title nor description"))
        problems += _date_problems(path, item, ("pubDate",), _rfc822)
        contents += [item.findtext("description") or "", item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""]
        entries.append(Entry((item.findtext("guid") or "").strip(), item.findtext("link") or "", item.findtext("pubDate") or "",
                             item.findtext("title") or ""))
    problems += _date_problems(path, channel, ("lastBuildDate", "pubDate"), _rfc822)
    problems += _urls_problems(path, root, contents)
    archive = channel.find(f"{{{HISTORY_NS}}}archive") is not None
    return FeedDoc(path, "rss", archive, tuple(entries), links), problems


def _json_doc(path: str, data: bytes, location: str) -> tuple[FeedDoc, list[Problem]]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc}") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise ValueError("not a JSON Feed (no jsonfeed.org version)")
    problems = [Problem(path, 0, f"JSON Feed has no {key!r}") for key in ("title", "items") if key not in doc]
    problems += _self_problem(path, doc.get("feed_url"), location)
    items = doc.get("items") if isinstance(doc.get("items"), list) else []
    urls = [doc.get(k) for k in ("home_page_url", "feed_url", "next_url") if doc.get(k)]
    entries = []
    for item in items:
        if not isinstance(item, dict):
            problems.append(Problem(path, 0, "JSON Feed item is not an object"))
            continue
        if "content_html" not in item and "content_text" not in item:
            problems.append(Problem(path, 0, f"JSON Feed item {item.get('id')!r} has no content_html or content_text"))
        urls += [item[k] for k in ("url", "external_url", "image") if item.get(k)]
        urls += list(content_urls(str(item.get("content_html", ""))))
        for key in ("date_published", "date_modified"):
            if key in item and _rfc3339(str(item[key])) is None:
                problems.append(Problem(path, 0, f"item {item.get('id')!r}: {key} {item[key]!r} is not an RFC 3339 date"))
        entries.append(Entry(str(item.get("id", "")), str(item.get("url", "")), str(item.get("date_modified", "")),
                             str(item.get("title", ""))))
    problems += [Problem(path, 0, f"JSON Feed has a {why}") for url in urls if (why := url_problem(str(url)))]
    archive = "/archive/" in f"/{path}"
    return FeedDoc(path, "json", archive, tuple(entries), {"self": doc.get("feed_url"), "next": doc.get("next_url")}), problems


def _date_problems(path: str, parent: etree._Element, names: Iterable[str], parse) -> list[Problem]:
    problems = []
    for name in names:
        element = parent.find(name)
        if element is not None and parse((element.text or "").strip()) is None:
            problems.append(Problem(path, element.sourceline or 0, f"date {element.text!r} does not parse"))
    return problems


def _rfc3339(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None and "T" in text else None


def _rfc822(text: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
