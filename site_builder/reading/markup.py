"""Markdown to safe HTML, and plain text out of HTML.

Content is rendered with Python-Markdown (``extra``, ``toc`` for heading
anchors, ``sane_lists``) and then cleaned with nh3 (the Ammonia sanitiser):
like Hugo's default, raw ``<script>``, ``<iframe>``, ``<style>``, event
attributes and ``javascript:`` URLs never reach a page or a feed.
"""
from __future__ import annotations

import html
import re

import markdown
import nh3

#: Bump when rendering changes, so build caches made by older code are not reused.
VERSION = "2"

EXTENSIONS = ["extra", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir", "class"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type", "reversed"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: The only CSS a ``style`` attribute may keep (Markdown table alignment): no ``url()``, no overlays.
STYLE_PROPERTIES = {"text-align"}
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class Renderer:
    """Renders Markdown documents one after another with one configured parser."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")

    def render(self, text: str) -> str:
        """Sanitised HTML for one Markdown document."""
        self._md.reset()
        return clean(self._md.convert(text))


def clean(fragment: str) -> str:
    """``fragment`` with everything unsafe removed (scripts, handlers, javascript: URLs)."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties=STYLE_PROPERTIES,
    )


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, one line, entities decoded."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()
