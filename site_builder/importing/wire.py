"""Raw wire text -> a draft article (pure: no I/O, no clock).

Layout of a seed: an optional breadcrumb line (``All news``), the title, an
optional one-sentence lede, then body paragraphs separated by blank lines.
The first body paragraph may open with a dateline:

* TASS      ``NUR-SULTAN, October 17. /TASS/.``, ``МОСКВА, 1 декабря. /ТАСС/.``
* Reuters   ``NEW YORK, March 26 -``, ``LONDON, Nov 30 (Reuters) -``
* AP        ``MADISON, Fla. (AP) -``
* and the other agencies' forms listed in :mod:`site_builder.importing.datelines`
* none      (BBC style)

The lede is whatever stands between the title and the dateline paragraph, so
an article without a dateline has no lede. The dateline is cut from the body
and kept verbatim in ``Draft.dateline``; its month/day become a full date by
the rule in :mod:`site_builder.importing.dates`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from site_builder.config.options import TagsConfig
from site_builder.importing.datelines import PATTERNS, agency_name, ru_month_number
from site_builder.importing.dates import date_at_arrival, infer_date, moment_at, month_number
from site_builder.base.errors import Problem, SiteError, warning
from site_builder.importing.escape import escape_paragraph
from site_builder.base.text import first_sentence, has_controls, unix_lines, without_controls
from site_builder.importing.language import detect_language
from site_builder.importing.tagging import TagResult, extract_tags, place_tags
from site_builder.importing.furniture import (advisory, bullet_items, byline_authors, credits, headline, is_sign_off,
                                              is_staff_byline, markdown_block, without_trailing_end)

_BREADCRUMBS = frozenset({
    "all news", "news", "politics", "world", "business", "business & economy", "economy", "russia",
    "military & defense", "science & space", "emergencies", "society & culture", "sports", "sport",
    "press review", "top stories", "home", "technology", "entertainment", "health", "science",
    "все новости", "новости", "политика", "экономика", "экономика и бизнес", "в мире", "международная панорама",
    "общество", "происшествия", "спорт", "наука", "культура", "армия и опк", "россия", "москва", "наука и техника",
})
_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
DATELINE_LIMIT = 300  # characters: the longest dateline (a correspondent's name, several places) is far shorter


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
    moment: dt.datetime | None = None  # fresh copy: the date at the arrival's time of day
    language: str = "en"
    authors: tuple[str, ...] = ()
    credits: str = ""
    advisory: str = ""
    wire_prefixes: tuple[str, ...] = ()  # UPDATE 1, REFILE, CORRECTED... taken off the headline
    withdrawn: bool = False  # a STORY WITHDRAWN / KILL notice
    section: str = ""
    keywords: tuple[str, ...] = ()
    tag_kinds: tuple[tuple[str, str], ...] = ()  # (tag, kind) as in TagResult.kinds
    tagging: TagResult | None = None  # the tagger's evidence, for ``import --explain``

    def markdown_body(self) -> str:
        """The body as Markdown: bulleted lines as lists, aligned columns as tables (or preformatted
        text), every other paragraph escaped so it shows as the text it is."""
        out: list[str] = []
        previous_list = False
        for paragraph in self.paragraphs:
            block = markdown_block(paragraph)
            is_list = block is not None and block.startswith("- ")
            text = block if block is not None else escape_paragraph(paragraph)
            out.append(("\n" if is_list and previous_list else "\n\n") + text if out else text)
            previous_list = is_list
        return "".join(out) + "\n"


def clean_text(text: str, path: str) -> tuple[str, tuple[Problem, ...]]:
    """``text`` without BOM, with LF line ends and without XML-illegal control characters."""
    text = unix_lines(text)
    warnings = []
    for number, line in enumerate(text.split("\n"), 1):
        if has_controls(line):
            warnings.append(warning(path, number, "removed control characters that are not allowed in XML/HTML"))
    return without_controls(text), tuple(warnings)


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
    """The dateline that opens ``paragraph``, if any (forms: :mod:`site_builder.importing.datelines`)."""
    head = paragraph[:DATELINE_LIMIT]  # a dateline is short: never scan a long paragraph
    for pattern in PATTERNS:
        match = pattern.match(head)
        if not match:
            continue
        found = match.groupdict()
        month = found.get("month") or ""
        year = int(found["year"]) if found.get("year") else None
        place = (found.get("place") or "").rstrip("-–—_ ")
        return Dateline(match.group(0), display_place(place), agency_name(found.get("agency")),
                        (month_number(month) or ru_month_number(month)) if month else 0,
                        int(found.get("day") or 0), year)
    return None


def display_place(place: str) -> str:
    """``NUR-SULTAN`` -> ``Nur-Sultan``; ``IGORA /Leningrad Region/`` -> ``Igora (Leningrad Region)``."""
    place = re.sub(r"\s+/([^/]+)/", r" (\1)", place).strip()
    if "/" in place:  # SAN FRANCISCO/NEW YORK: several places, each shown as one
        return "/".join(display_place(part) for part in place.split("/"))
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
        warnings.append(warning(path, line + 1, "no blank line after the title; the lines after it are read as paragraphs"))
        rest = [(line + i, ln) for i, ln in enumerate(lines[1:], 1) if ln.strip()] + rest if len(blocks) == 1 \
            else [(line + 1, "\n".join(lines[1:]))] + rest
    return lines[0].strip(), rest, warnings


def parse_seed(text: str, *, path: str, tags: TagsConfig, reference_date: dt.date | None = None,
               arrival: dt.datetime | None = None) -> Draft:
    """The draft article for seed ``text``; SiteError when no article can be made from it.

    ``arrival`` is when the seed reached the site: fresh copy takes its year and
    time of day (see :mod:`site_builder.importing.dates`). ``reference_date``, when given,
    overrides it for bulk archive imports: every dateline is then dated as
    archival copy, no later than that day.
    """
    if reference_date is None and arrival is None:
        raise ValueError("parse_seed needs an arrival or a reference date")
    text, cleaned = clean_text(text, path)
    blocks = blocks_of(text)
    if not blocks:
        raise SiteError([Problem(path, 0, "empty seed: no title and no text", hint="write a title line, a blank line, then the article")])
    title, rest, warnings = _title_and_rest(blocks, path)
    if not rest:
        raise SiteError([Problem(path, blocks[0][0], "the seed has a title but no body",
                                 hint="add the article's paragraphs after a blank line")])
    head = headline(title)
    title = head.title or title
    front = _lede_dateline_body(rest)
    lede, dateline, paragraphs = front.lede, front.dateline, front.paragraphs
    paragraphs, credit_lines = _without_tail_furniture(paragraphs)
    if not paragraphs:
        raise SiteError([Problem(path, rest[0][0], "the seed has no body paragraphs after the dateline")])
    full_text = "\n".join((title, lede, *paragraphs))
    date, source, moment = dated(dateline, full_text, "\n".join((lede, paragraphs[0])), reference_date, arrival)
    language = detect_language(full_text)
    place = dateline.place if dateline else ""
    first_place = place.split("/")[0]  # SAN FRANCISCO/NEW YORK: the first place is where the story is
    category = blocks[0][1] if len(blocks) > 1 and is_breadcrumb(blocks[0][1]) else ""  # the agency's section
    found = extract_tags(title, lede, paragraphs, tags, place=first_place, category=category) if language == "en" \
        else place_tags(first_place, tags)
    return Draft(
        title=title, lede=lede, summary=lede or first_sentence(_first_prose(paragraphs)), date=date, date_source=source,
        dateline=dateline.text if dateline else "", place=place,
        agency=dateline.agency if dateline else "", tags=found.tags, ranked_tags=found.ranked,
        paragraphs=tuple(paragraphs), warnings=tuple(sorted(cleaned + tuple(warnings))), moment=moment,
        language=language, authors=front.authors, credits="; ".join(credit_lines), advisory=front.advisory,
        wire_prefixes=head.prefixes, withdrawn=head.withdrawn,
        section=found.section, keywords=found.keywords, tag_kinds=found.kinds, tagging=found,
    )


def _first_prose(paragraphs: list[str]) -> str:
    """The first paragraph that is text, not a list of highlights (Reuters' bullets before the dateline)."""
    return next((p for p in paragraphs if not bullet_items(p)), paragraphs[0])


def dated(dateline: Dateline | None, full_text: str, weekday_text: str, reference_date: dt.date | None,
          arrival: dt.datetime | None) -> tuple[dt.date, str, dt.datetime | None]:
    """(date, date_source, moment) of an article: by the arrival rule, or as archive copy when
    ``reference_date`` overrides the arrival; the moment is set for fresh copy only."""
    if dateline and dateline.month:
        if reference_date is not None:
            found = infer_date(dateline.month, dateline.day, full_text, reference_date, dateline.year,
                               weekday_text=weekday_text)
            return found.date, found.source, None
        assert arrival is not None
        found = date_at_arrival(dateline.month, dateline.day, full_text, arrival.date(), dateline.year,
                                weekday_text=weekday_text)
        return found.date, found.source, moment_at(found.date, arrival) if found.fresh else None
    if reference_date is not None:
        return reference_date, "reference-date", None
    assert arrival is not None
    return arrival.date(), "arrival", arrival


@dataclass(frozen=True)
class _Front:
    """What stands before the body: the lede, the dateline, and the furniture around them."""

    lede: str
    dateline: Dateline | None
    paragraphs: list[str]
    authors: tuple[str, ...] = ()
    advisory: str = ""


LEDE_BLOCKS = 2  # at most this many blocks of lede stand between the title and the dateline


def _lede_dateline_body(rest: list[tuple[int, str]]) -> _Front:
    """The lede, dateline and body paragraphs of the blocks after the title, bylines and advisories taken out."""
    authors: list[str] = []
    notes: list[str] = []
    lede: list[str] = []
    highlights: list[str] = []  # bulleted highlights before the dateline belong to the body, as a list
    for index, (_, block) in enumerate(rest):
        names, block = _byline_lines(block)
        authors += names
        if not block:
            continue
        note = advisory(block)
        if note:
            notes.append(note)
            continue
        if bullet_items(block) and index + 1 < len(rest):
            highlights.append(block)
            continue
        dateline = parse_dateline(block)
        if dateline is not None:
            first = block[len(dateline.text):].strip()
            paragraphs = highlights + ([first] if first else []) + [b for _, b in rest[index + 1:]]
            return _Front(" ".join(b.replace("\n", " ") for b in lede), dateline, paragraphs,
                          tuple(dict.fromkeys(authors)), "; ".join(notes))
        lede.append(block)
        if len(lede) + len(highlights) > LEDE_BLOCKS:
            break
    if authors or notes:  # no dateline: the furniture still is no text
        body = [b for _, b in rest]
        body = [b for b in (_byline_lines(b)[1] for b in body[:LEDE_BLOCKS + 2]) if b and not advisory(b)] \
            + body[LEDE_BLOCKS + 2:]
        return _Front("", None, body, tuple(dict.fromkeys(authors)), "; ".join(notes))
    return _Front("", None, [b for _, b in rest])


def _byline_lines(block: str) -> tuple[list[str], str]:
    """(authors named by byline lines at the start of ``block``, the rest of the block)."""
    lines = block.split("\n")
    authors: list[str] = []
    while lines:
        names = byline_authors(lines[0])
        if not names and not is_staff_byline(lines[0]):
            break
        authors += names
        lines = lines[1:]
    return authors, "\n".join(lines).strip()


def _without_tail_furniture(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(the paragraphs without credits and the ``Reuter`` sign-off at the end, the credit lines)."""
    found: list[str] = []
    if paragraphs:
        paragraphs = [*paragraphs[:-1], without_trailing_end(paragraphs[-1])]
    while len(paragraphs) > 1:
        last = paragraphs[-1]
        if is_sign_off(last):
            paragraphs = paragraphs[:-1]
            continue
        credit = credits(last) if "\n" not in last else ""
        if not credit:
            break
        found.insert(0, credit)
        paragraphs = paragraphs[:-1]
    return paragraphs, found
