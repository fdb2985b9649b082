"""Raw wire text -> a draft article (pure: no I/O, no clock).

Layout of a seed: an optional breadcrumb line (``All news``), the title, an
optional one-sentence lede, then body paragraphs separated by blank lines.
The first body paragraph may open with a dateline:

* TASS      ``NUR-SULTAN, October 17. /TASS/.``, ``IGORA /Leningrad Region/, December 26. /TASS/.``
* Reuters   ``NEW YORK, March 26 -`` (also ``LONDON (Reuters) -``)
* AP        ``MADISON, Fla. (AP) -``
* none      (BBC style)

The lede is whatever stands between the title and the dateline paragraph, so
an article without a dateline has no lede. The dateline is cut from the body
and kept verbatim in ``Draft.dateline``; its month/day become a full date by
the rule in :mod:`site_builder.dates`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from site_builder.config import TagsConfig
from site_builder.dates import infer_date, month_number
from site_builder.errors import Problem, SiteError
from site_builder.import_markdown import escape_paragraph, first_sentence
from site_builder.tagging import TagResult, extract_tags

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_PLACE = r"[A-Z][A-Za-z.'’\-]*(?: [A-Za-z][A-Za-z.'’\-]*){0,5}?"
_REGION = r"(?:, [A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,3}?)?"
_DASH = r"[-_–—]+"
_DATELINES = (
    re.compile(  # TASS
        rf"^(?P<place>{_PLACE}(?: /[^/\n]{{1,60}}/)?{_REGION}), (?P<month>{_MONTH}) (?P<day>\d{{1,2}})"
        rf"(?:, (?P<year>\d{{4}}))?\. ?/(?P<agency>TASS)/\.", re.IGNORECASE),
    re.compile(  # PLACE (Agency) -
        rf"^(?P<place>{_PLACE}{_REGION})(?:, (?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?)?"
        rf" \((?P<agency>AP|Reuters|AFP|UPI|Xinhua|Bloomberg|dpa|Kyodo|TASS|Interfax)\) ?{_DASH}"),
    re.compile(  # Reuters 1987: PLACE, Month Day -
        rf"^(?P<place>{_PLACE}{_REGION}), (?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))? {_DASH}",
        re.IGNORECASE),
)
_AGENCY_NAMES = {"ap": "AP", "reuters": "Reuters", "tass": "TASS", "afp": "AFP", "upi": "UPI"}
_BREADCRUMBS = frozenset({
    "all news", "news", "politics", "world", "business", "business & economy", "economy", "russia",
    "military & defense", "science & space", "emergencies", "society & culture", "sports", "sport",
    "press review", "top stories", "home", "technology", "entertainment", "health", "science",
})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")  # as reader._FORBIDDEN
_BLANK = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass(frozen=True)
class Dateline:
    """A dateline as printed, and what it says."""

    text: str
    place: str
    agency: str
    month: int
    day: int
    year: int | None


@dataclass(frozen=True)
class Draft:
    """One imported article before it gets a slug, an id and a file."""

    title: str
    lede: str
    summary: str
    date: dt.date
    date_source: str
    dateline: str
    place: str
    agency: str
    tags: tuple[str, ...]
    ranked_tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()
    section: str = ""
    keywords: tuple[str, ...] = ()
    tag_kinds: tuple[tuple[str, str], ...] = ()  # (tag, kind) as in TagResult.kinds
    tagging: TagResult | None = None  # the tagger's evidence, for ``import --explain``

    def markdown_body(self) -> str:
        """The body as Markdown: every paragraph escaped so it shows as the text it is."""
        return "\n\n".join(escape_paragraph(p) for p in self.paragraphs) + "\n"


def clean_text(text: str, path: str) -> tuple[str, tuple[Problem, ...]]:
    """``text`` without BOM, with LF line ends and without XML-illegal control characters."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    warnings = []
    for number, line in enumerate(text.split("\n"), 1):
        if _CONTROL.search(line):
            warnings.append(Problem(path, number, "removed control characters that are not allowed in XML/HTML"))
    return _CONTROL.sub("", text), tuple(warnings)


def blocks_of(text: str) -> list[tuple[int, str]]:
    """(first line number, block text) of every blank-line separated block."""
    blocks = []
    line = 1
    for chunk in _BLANK.split(text):
        lines = chunk.split("\n")
        lead = 0
        while lead < len(lines) and not lines[lead].strip():
            lead += 1
        body = "\n".join(ln.strip() for ln in lines[lead:]).strip()
        if body:
            blocks.append((line + lead, body))
        line += chunk.count("\n") + 2
    return blocks


def is_breadcrumb(block: str) -> bool:
    """True when a first block is navigation (``All news``, section names), not a title."""
    lines = block.split("\n")
    if all(ln.strip().lower() in _BREADCRUMBS for ln in lines):
        return True
    return any(sep in block for sep in (" / ", " > ", " » ", " › ")) and len(block.split()) <= 8


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline that opens ``paragraph``, if any."""
    for pattern in _DATELINES:
        match = pattern.match(paragraph)
        if not match:
            continue
        agency = match.group("agency") if "agency" in pattern.groupindex else None
        month = month_number(match.group("month")) if match.group("month") else 0
        year = int(match.group("year")) if match.group("year") else None
        return Dateline(match.group(0), display_place(match.group("place")),
                        _AGENCY_NAMES.get((agency or "reuters").lower(), agency or "Reuters"),
                        month, int(match.group("day") or 0), year)
    return None


def display_place(place: str) -> str:
    """``NUR-SULTAN`` -> ``Nur-Sultan``; ``IGORA /Leningrad Region/`` -> ``Igora (Leningrad Region)``."""
    place = re.sub(r"\s*/([^/]+)/", r" (\1)", place).strip()
    head = place.split(",")[0].split(" (")[0]
    rest = place[len(head):]
    small = {"de", "da", "del", "do", "la", "le", "of", "and", "on", "upon", "am", "an", "der", "di"}
    words = []
    for i, word in enumerate(head.split(" ")):
        if word.startswith("("):
            words.append(word)
            continue
        parts = [p.capitalize() if (p.isupper() or p.islower()) else p for p in re.split(r"([-’'])", word)]
        word = "".join(parts)
        words.append(word.lower() if i and word.lower() in small else word)
    return " ".join(words) + rest


def _title_and_rest(blocks: list[tuple[int, str]], path: str) -> tuple[str, list[tuple[int, str]], list[Problem]]:
    """Title text and the blocks after it; warnings for odd layouts."""
    warnings: list[Problem] = []
    if len(blocks) > 1 and is_breadcrumb(blocks[0][1]):
        blocks = blocks[1:]
    line, first = blocks[0]
    lines = first.split("\n")
    rest = list(blocks[1:])
    if len(lines) > 1:
        warnings.append(Problem(path, line + 1, "no blank line after the title; the lines after it are read as paragraphs"))
        rest = [(line + i, ln) for i, ln in enumerate(lines[1:], 1) if ln.strip()] + rest if len(blocks) == 1 \
            else [(line + 1, "\n".join(lines[1:]))] + rest
    return lines[0].strip(), rest, warnings


def parse_seed(text: str, *, path: str, reference_date: dt.date, tags: TagsConfig) -> Draft:
    """The draft article for seed ``text``; SiteError when no article can be made from it."""
    text, cleaned = clean_text(text, path)
    blocks = blocks_of(text)
    if not blocks:
        raise SiteError([Problem(path, 0, "empty seed: no title and no text", hint="write a title line, a blank line, then the article")])
    title, rest, warnings = _title_and_rest(blocks, path)
    if not rest:
        raise SiteError([Problem(path, blocks[0][0], "the seed has a title but no body",
                                 hint="add the article's paragraphs after a blank line")])
    lede, dateline, paragraphs = _lede_dateline_body(rest)
    if not paragraphs:
        raise SiteError([Problem(path, rest[0][0], "the seed has no body paragraphs after the dateline")])
    full_text = "\n".join((title, lede, *paragraphs))
    if dateline and dateline.month:
        dated = infer_date(dateline.month, dateline.day, full_text, reference_date, dateline.year,
                           weekday_text="\n".join((lede, paragraphs[0])))
        date, source = dated.date, dated.source
    else:
        date, source = reference_date, "reference-date"
    category = blocks[0][1] if len(blocks) > 1 and is_breadcrumb(blocks[0][1]) else ""  # the agency's section
    found = extract_tags(title, lede, paragraphs, tags, place=dateline.place if dateline else "", category=category)
    return Draft(
        title=title, lede=lede, summary=lede or first_sentence(paragraphs[0]), date=date, date_source=source,
        dateline=dateline.text if dateline else "", place=dateline.place if dateline else "",
        agency=dateline.agency if dateline else "", tags=found.tags, ranked_tags=found.ranked,
        paragraphs=tuple(paragraphs), warnings=tuple(sorted(cleaned + tuple(warnings))),
        section=found.section, keywords=found.keywords, tag_kinds=found.kinds, tagging=found,
    )


def _lede_dateline_body(rest: list[tuple[int, str]]) -> tuple[str, Dateline | None, list[str]]:
    """(lede, dateline, body paragraphs) of the blocks after the title."""
    for index, (_, block) in enumerate(rest[:3]):
        dateline = parse_dateline(block)
        if dateline is None:
            continue
        lede = " ".join(b.replace("\n", " ") for _, b in rest[:index])
        first = block[len(dateline.text):].strip()
        paragraphs = ([first] if first else []) + [b for _, b in rest[index + 1:]]
        return lede, dateline, paragraphs
    return "", None, [b for _, b in rest]
