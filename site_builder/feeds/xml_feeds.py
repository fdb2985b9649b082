"""RSS 2.0 and Atom 1.0 documents, made with feedgen and finished with lxml.

feedgen builds the documents; lxml then adds what feedgen cannot: the
``<?xml-stylesheet?>`` instruction (first thing after the XML declaration,
well inside the 512 bytes browsers sniff), the WebSub hub link in RSS, and
removes feedgen's clock-based defaults (``lastBuildDate`` of an empty RSS
feed). Every date set here comes from the items (see ``feeds.py``).
"""
from __future__ import annotations

import html
import re

from lxml import etree
from feedgen.feed import FeedGenerator

from site_builder import __version__
from site_builder.feeds import stylesheet as feeds_xsl
from site_builder.feeds.archive import HISTORY_NS
from site_builder.feeds.items import EMPTY_UPDATED, FeedItem, FeedMeta, Rendered
from site_builder.model.urls import FEED_TYPES

ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "site_builder"
# huge_tree: the XML is feedgen's own output, and one article may be up to 50 MB (libxml2's 10 MB text limit).
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def rss(meta: FeedMeta, items: tuple[FeedItem, ...]) -> Rendered:
    """The RSS 2.0 document of ``items`` (newest first)."""
    fg = _generator(meta, "rss", items)
    fg.description(meta.description or meta.title)
    if meta.author_email:
        fg.managingEditor(f"{meta.author_email} ({meta.author_name})")
    if any(item.authors for item in items) or (meta.author_configured and not meta.author_email):
        fg.load_extension("dc", atom=False, rss=True)
    for item in items:
        entry = fg.add_entry(order="append")
        _common_entry(entry, item, meta)
        if item.authors:  # RSS <author> must be an e-mail address: names go in dc:creator
            entry.dc.dc_creator(list(item.authors))
        elif meta.author_email:
            entry.author(_author(meta))
        elif meta.author_configured:
            entry.dc.dc_creator(meta.author_name)
        entry.description(html_text(item.summary or item.title))  # RSS <description> is HTML; the summary is text
        if item.content_html:
            entry.content(item.content_html)
    root = _rss_tree(fg)
    channel = root.find("channel")
    if not items:
        for stale in channel.findall("lastBuildDate"):
            channel.remove(stale)
    self_link = channel.find(f"{{{ATOM_NS}}}link")
    if meta.hub:
        hub = etree.Element(f"{{{ATOM_NS}}}link", href=meta.hub, rel="hub")
        self_link.addnext(hub)
    _history(self_link, meta, "rss")
    return _rendered(root, channel.iterfind("item"), meta.stylesheet, plain=(_PLAIN_RSS_CHANNEL, _PLAIN_RSS))


def html_text(text: str) -> str:
    """Plain ``text`` as HTML that shows exactly that text (for RSS <description>, whose content is HTML)."""
    return html.escape(text, quote=False)


def atom(meta: FeedMeta, items: tuple[FeedItem, ...]) -> Rendered:
    """The Atom 1.0 document of ``items`` (newest first)."""
    fg = _generator(meta, "atom", items)
    fg.id(meta.atom_id)
    if meta.description:
        fg.subtitle(meta.description)
    fg.author(_author(meta))
    for item in items:
        entry = fg.add_entry(order="append")
        _common_entry(entry, item, meta)
        entry.updated(item.modified)
        if item.authors:
            for name in item.authors:
                entry.author({"name": name})
        elif meta.author_configured:
            entry.author(_author(meta))  # else the feed's <author> covers the entry (RFC 4287 4.1.2)
        if item.summary:
            entry.summary(item.summary, type="text")
        if item.content_html:
            entry.content(item.content_html, type="html")
    root = etree.fromstring(fg.atom_str(), _PARSER)  # feedgen's Atom tree only gets its namespace when parsed
    for link in root.iterfind(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}link"):
        # feedgen 1.0 drops rel and type of entry links; say them explicitly.
        link.set("rel", "alternate")
        link.set("type", "text/html")
    for entry, item in zip(root.iterfind(f"{{{ATOM_NS}}}entry"), items):
        if item.language:  # an article not in the feed's language says which it is in
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", item.language)
    _history(root.find(f"{{{ATOM_NS}}}link[@rel='self']"), meta, "atom")
    return _rendered(root, root.iterfind(f"{{{ATOM_NS}}}entry"), meta.stylesheet, plain=(_PLAIN_ATOM, _PLAIN_ATOM))


def _rss_tree(fg: FeedGenerator) -> etree._Element:
    """The RSS document feedgen builds, as its lxml tree.

    ``rss_str`` serialises this very tree; taking it as it is (feedgen 1.0's
    ``_create_rss``; the version is pinned) saves serialising and parsing
    every RSS feed once more. It holds no whitespace nodes, so the one
    serialisation in :func:`_rendered` indents it. (feedgen's Atom tree is
    different: its elements only get the Atom namespace when parsed back.)
    """
    return fg._create_rss()[0]


def stylesheet() -> bytes:
    """The XSL stylesheet that shows RSS and Atom feeds as a readable page in a browser."""
    return feeds_xsl.STYLESHEET.encode("utf-8")


def _generator(meta: FeedMeta, kind: str, items: tuple[FeedItem, ...]) -> FeedGenerator:
    """A FeedGenerator with the feed-level fields both formats share, and no clock-based dates."""
    updated = max((item.modified for item in items), default=EMPTY_UPDATED)
    fg = FeedGenerator()
    fg.title(meta.title)
    fg.language(meta.language)
    fg.generator(GENERATOR, version=__version__)
    fg.updated(updated)
    fg.lastBuildDate(updated)
    # feedgen: RSS <link> is the *last* link added, so the HTML page goes last.
    fg.link(href=meta.url(kind), rel="self", type=FEED_TYPES[kind])
    if meta.hub and kind == "atom":
        fg.link(href=meta.hub, rel="hub")
    fg.link(href=meta.home_url, rel="alternate", type="text/html")
    return fg


def _history(self_link: etree._Element, meta: FeedMeta, kind: str) -> None:
    """RFC 5005 links (``prev-archive``, ``next-archive``, ``current``) and ``<fh:archive/>``, after the self link."""
    anchor = self_link
    for rel, by_kind in meta.links.items():
        if kind not in by_kind:  # this format has no archives ([feeds] archive_formats)
            continue
        link = etree.Element(f"{{{ATOM_NS}}}link", href=by_kind[kind], rel=rel, type=FEED_TYPES[kind])
        anchor.addnext(link)
        anchor = link
    if meta.archive:  # a complete archive (the only month) has no other archive to link, nor a 'current' (RFC 5005 s. 2)
        marker = etree.Element(f"{{{HISTORY_NS}}}archive", nsmap={"fh": HISTORY_NS})
        anchor.addnext(marker)
        if meta.complete:
            marker.addnext(etree.Element(f"{{{HISTORY_NS}}}complete", nsmap={"fh": HISTORY_NS}))


def _common_entry(entry, item: FeedItem, meta: FeedMeta) -> None:
    entry.guid(item.id, permalink=False)
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate", type="text/html")
    entry.published(item.published)
    for name in item.tags:
        entry.category(term=name)


def _author(meta: FeedMeta) -> dict:
    author = {"name": meta.author_name}
    if meta.author_email:
        author["email"] = meta.author_email
    return author


def _rendered(root: etree._Element, items, stylesheet_href: str,
              plain: tuple[re.Pattern, re.Pattern] | None = None) -> Rendered:
    """The document with its stylesheet instruction, pretty-printed, UTF-8 with a declaration.

    ``plain``: the plain-text elements before the first item and in the items, whose ``&`` and ``<``
    are written as hexadecimal character references, as the RSS Best Practices Profile asks and the
    W3C validator expects of text that could be taken for HTML (the same characters to any XML parser).
    """
    instruction = etree.ProcessingInstruction("xml-stylesheet", f'type="text/xsl" href="{_attribute(stylesheet_href)}"')
    root.addprevious(instruction)
    data = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if plain is not None:
        head, item, rest = data.partition(b"<item>" if root.tag == "rss" else b"<entry>")
        data = plain[0].sub(_hex_refs, head) + item + plain[1].sub(_hex_refs, rest)
    items = list(items)
    return Rendered(data, lambda: tuple(len(etree.tostring(item, encoding="UTF-8")) for item in items))


#: RSS elements whose content is plain text (an item's <description> is HTML; the channel's is text).
_PLAIN_RSS = re.compile(rb"(<(title|category|dc:creator|author|managingEditor)(?: [^>]*)?>)([^<]*)(</\2>)")
_PLAIN_RSS_CHANNEL = re.compile(rb"(<(title|description|category|dc:creator|managingEditor)(?: [^>]*)?>)([^<]*)(</\2>)")
#: Atom text constructs written as text (content is type="html" and not among them).
_PLAIN_ATOM = re.compile(rb"(<(title|subtitle|summary|rights|name)(?: type=\"text\")?>)([^<]*)(</\2>)")


def _hex_refs(match: re.Match) -> bytes:
    text = match.group(3).replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")
    return match.group(1) + text + match.group(4)


def _attribute(value: str) -> str:
    """``value`` safe inside a double-quoted pseudo-attribute of a processing instruction."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace("?>", "?&gt;")
