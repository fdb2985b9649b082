"""The OPML 2.0 list of the site's feeds, for importing into a feed reader.

Readers subscribe to every outline of an imported OPML file, so each feed
(the site's, then each section's, tag's and author's in a folder of
their own) appears once, in RSS, the
most widely read format; the feeds page lists the Atom and JSON variants.
"""
from __future__ import annotations

from email.utils import format_datetime

from lxml import etree

from site_builder.model import urls as routes
from site_builder.config.options import Config
from site_builder.feeds.render import feed_meta
from site_builder.feeds.items import utc, xml_text
from site_builder.model.article import Site
from site_builder.model.urls import Urls

KIND = "rss"


def opml(site: Site, config: Config, urls: Urls) -> bytes:
    """The OPML document of every subscription feed."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = f"{xml_text(config.title)}: feeds"
    if site.newest is not None:
        etree.SubElement(head, "dateModified").text = format_datetime(utc(site.newest))
    etree.SubElement(head, "docs").text = "https://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    _outline(body, config, urls, None)
    for name, groups, kind in (("Sections", site.sections, routes.SECTIONS), ("Tags", site.tags, routes.TAGS),
                               ("Authors", site.authors, routes.AUTHORS)):
        if groups:
            folder = etree.SubElement(body, "outline", text=name)
            for group in groups:
                _outline(folder, config, urls, group.tag, kind)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _outline(parent: etree._Element, config: Config, urls: Urls, tag, folder: str = routes.TAGS) -> None:
    meta = feed_meta(config, urls, tag, folder)
    etree.SubElement(parent, "outline", type="rss", text=meta.title, title=meta.title,
                     xmlUrl=urls.absolute(routes.feed(KIND, tag.slug if tag else None, folder)), htmlUrl=meta.home_url)
