"""Plain wire text -> Markdown that renders as exactly that text.

Wire text is not Markdown: ``<BP>`` is a ticker, not an HTML tag; a line that
starts with ``-`` or ``1.`` is a table row, not a list. :func:`escape_paragraph`
backslash-escapes or entity-encodes everything CommonMark and Python-Markdown
would turn into markup, keeping typographic quotes and dashes as they are.
"""
from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]{}|])")
# Any "&" that an HTML parser could read as a character reference: with or without ";" ("&#0", "&not").
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9])")
_LINE_START = re.compile(r"^(#|>|[-+=~:]|\d+(?=[.)]))")

def escape_line(line: str) -> str:
    """One line of text as Markdown source that shows the same text."""
    line = line.strip()
    line = _INLINE.sub(r"\\\1", line)
    line = _ENTITY.sub("&amp;", line)
    line = line.replace("<", "&lt;")
    line = _LINE_START.sub(_line_start, line)
    return line


def _line_start(match: re.Match) -> str:
    """The escaped form of a line's first character: Python-Markdown cannot backslash-escape ``=``, ``~``
    (setext headings, ``~~~`` fences) or ``:`` (definition lists), so those become character references."""
    mark = match.group(1)
    if mark[0].isdigit():
        return mark + "\\"
    return {"=": "&#61;", "~": "&#126;", ":": "&#58;"}.get(mark, "\\" + mark)


HARD_BREAK = "  \n"  # two trailing spaces: a Markdown hard line break (python-markdown has no backslash form)


def escape_paragraph(paragraph: str) -> str:
    """A paragraph escaped line by line; its lines (table rows) stay lines, joined by hard breaks."""
    return HARD_BREAK.join(escape_line(line) for line in paragraph.split("\n") if line.strip())
