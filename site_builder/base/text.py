"""The text rules every stage shares: characters no page or feed may carry, line ends, first sentences."""
from __future__ import annotations

import re

#: Characters no page, feed or config value may carry: the C0 controls but tab, LF and CR, DEL and the
#: C1 controls (XML 1.0 allows them, readers choke on them), lone surrogates and the Unicode noncharacters.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")

#: Words that end with a full stop without ending a sentence (titles, company forms, months, US states...).
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "gov", "sen", "rep", "rev", "st", "sgt", "col", "lt", "capt", "maj",
    "inc", "co", "corp", "ltd", "plc", "bros", "jr", "sr", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "fla", "calif", "conn",
    "ill", "mich", "mo", "kan", "tex", "pa", "ariz", "mass", "wash", "va", "md", "n.y", "n.j", "d.c", "mt",
    "ft", "ave", "approx", "dept", "est", "fig", "govt", "messrs", "mln", "bln", "dlrs", "pct",
})
# A sentence end: ., !, ? or …, closing quotes or brackets, then space and what may start a sentence.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]»]*(?=\s+[\"“‘«(]?[A-Z0-9А-ЯЁ])")
_LAST_WORD = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"(\w\.)+\w")


def without_controls(text: str) -> str:
    """``text`` without the characters of :data:`CONTROL`."""
    return CONTROL.sub("", text)


def has_controls(text: str) -> bool:
    return CONTROL.search(text) is not None


def unix_lines(text: str) -> str:
    """``text`` without a byte-order mark, with LF line ends only."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def first_sentence(text: str, limit: int | None = None) -> str:
    """The first sentence of plain ``text`` (all of it when it has one), on one line.

    A full stop after an abbreviation (``Mr.``, ``U.S.``, ``Dec.``), an initial
    or initials does not end a sentence. Past ``limit`` characters the sentence
    is cut at a word boundary and ends with ``…``.
    """
    text = " ".join(text.split())
    sentence = text
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == "." and _is_abbreviation(text[: match.start()]):
            continue
        sentence = text[: match.end()]
        break
    if limit is None or len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _is_abbreviation(before: str) -> bool:
    """True when the word just before a full stop is an abbreviation, an initial or initials."""
    word = _LAST_WORD.search(before)
    token = word.group(1).lower().lstrip("(\"“«") if word else ""
    return token in ABBREVIATIONS or len(token) == 1 or bool(_INITIALS.fullmatch(token))
