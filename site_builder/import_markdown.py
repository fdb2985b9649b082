"""Plain wire text -> Markdown that renders as exactly that text, and first sentences.

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
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "gov", "sen", "rep", "rev", "st", "sgt", "col", "lt", "capt", "maj",
    "inc", "co", "corp", "ltd", "plc", "bros", "jr", "sr", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "fla", "calif", "conn",
    "ill", "mich", "mo", "kan", "tex", "pa", "ariz", "mass", "wash", "va", "md", "n.y", "n.j", "d.c", "mt",
    "ft", "ave", "approx", "dept", "est", "fig", "govt", "messrs", "mln", "bln", "dlrs", "pct",
})
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(]?[A-Z0-9])")


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


def first_sentence(paragraph: str) -> str:
    """The first sentence of ``paragraph`` (the whole paragraph if it has one sentence)."""
    text = " ".join(paragraph.split())
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()]
        word = re.search(r"(\S+)$", before)
        token = word.group(1).lower().lstrip("(\"“") if word else ""
        if text[match.start()] == "." and (token in _ABBREVIATIONS or len(token) == 1 or re.fullmatch(r"(\w\.)+\w", token)):
            continue
        return text[: match.end()]
    return text
