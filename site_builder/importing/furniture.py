"""Wire furniture: the parts of agency copy that are data about the story, not its text.

* slug prefixes on the headline: ``UPDATE 1-``, ``REFILE-``, ``CORRECTED-``,
  ``RPT-``, ``EXCLUSIVE-``, ``WRAPUP 2-`` (also stacked: ``REFILE-UPDATE 2-``);
  a kill notice's ``STORY WITHDRAWN`` / ``KILL``
* bylines before the dateline: ``By Jane Smith``, ``By Jane Smith and Ali Khan``,
  ``By JOSH BOAK AP Economics Writer`` -> authors
* advisory lines: ``(Adds analyst comment in paragraph 4)``, ``(Corrects ...)``,
  ``(Updates with ...)``
* credits at the end: ``(Reporting by ...; Editing by ...)``, and the old ``Reuter`` sign-off
* bulleted lines (``*``, ``-``, ``•``) and tabular lines (columns aligned with
  two or more spaces, or tabs), rendered as Markdown lists and tables

All pure functions of text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.importing.escape import escape_line

_PREFIX = re.compile(
    r"^(?P<kind>(?:UPDATE|WRAPUP)(?: ?\d+)?|REFILE|CORRECTED|CORRECTION|RPT|REPEAT|EXCLUSIVE)"
    r" ?(?:-|—|–|:) ?(?=[^\sa-z])")  # the headline itself starts with a capital, a digit or a quote
_KILL = re.compile(r"^(?:STORY WITHDRAWN|WITHDRAWN|KILL|KILLED|STORY KILLED)(?: ?[-:—–]+ ?|$)")  # capitals only
_NAME = r"(?:[A-Z][A-Za-z'’.\-]*|[A-Z]\.|(?:de|da|van|von|der|al|el|bin|le|la|di|du)(?=\s[A-Z]))"
_PERSON = rf"{_NAME}(?: {_NAME}){{1,4}}"
_AFFILIATION = re.compile(  # where a byline's names end: ``, Reuters``, `` Associated Press``, ``, AP Economics Writer``
    r",? (?:The )?(?:Associated Press|AP|Reuters|AFP|Agence France-Presse|Bloomberg(?: News)?|UPI|Xinhua|dpa"
    r"|Kyodo(?: News)?|CNN|TASS|Interfax)\b.*$|, (?:[A-Z][A-Za-z]+ )*(?:Correspondent|Writer|Editor|Reporter)s?$")
_WRITERS = re.compile(r"^(?:By|by|BY) (?:[A-Z][A-Za-z]+ )?(?:writers?|correspondents?|reporters?|staff writers?) ")
_BYLINE = re.compile(rf"^(?:By|by|BY) (?P<names>{_PERSON}(?:(?:, | and | & ){_PERSON})*)$")
_ADVISORY = re.compile(
    r"^\((?P<text>(?:This (?:[A-Z][a-z]{2,8}\.? \d{1,2} )?story (?:has been |was )?|Adds|Add|Corrects|Correct|Updates"
    r"|Update|Recasts|Changes|Fixes|Refiles|Repeats|Removes"
    r"|Inserts|Rewrites|Writes through|Combines|Clarifies|Moves|Releases|Resends|Withdraws|Kills)\b[^()\n]*"
    r"(?:\([^()\n]*\)[^()\n]*)*)\)$")
_CREDITS = re.compile(
    r"^\(?(?P<text>(?:(?:Additional |Further )?[Rr]eporting|Writing|Written|Editing|Edited|Compiled|Graphics"
    r"|Research|Produced)\b[^\n]*? by [^\n]+?"
    r"|(?:The )?(?:Associated Press|AP|AFP|Reuters) (?:[a-z]+ )?(?:writers?|reporters?|correspondents?|journalists?)"
    r" [^\n]+? contributed(?: to this (?:report|story))?\.)\)?$")
_SIGN_OFF = re.compile(  # the old Reuter sign-off, Reuters' trust line, AFP's editor initials, Xinhua's and Kyodo's ends
    r"^(?:Reuter|REUTER|Our Standards: The Thomson Reuters Trust Principles\.?|(?:burs?-)?[a-z]{2,4}(?:[-/][a-z]{2,4})+"
    r"|Enditem|ENDITEM|==Kyodo|_{3,}|\(END\)|-- ?END ?--)$")
FURNITURE_LIMIT = 400  # characters: a byline, advisory or credits line is never longer
_BULLET = re.compile(r"^[*•\-–] +(?=\S)")
_COLUMNS = re.compile(r" {2,}|\t+")


@dataclass(frozen=True)
class Headline:
    """A headline without its slug prefixes, the prefixes found (``UPDATE 1``, ``REFILE``), and kill notices."""

    title: str
    prefixes: tuple[str, ...]
    withdrawn: bool


def headline(text: str) -> Headline:
    """``text`` without wire slug prefixes; ``withdrawn`` for a kill notice."""
    prefixes: list[str] = []
    withdrawn = False
    while True:
        kill = _KILL.match(text)
        if kill:
            withdrawn = True
            if kill.end() == len(text):  # a bare notice: the story it withdraws is named in its text
                break
            text = text[kill.end():]
            continue
        match = _PREFIX.match(text)
        if not match:
            break
        prefixes.append(" ".join(match.group("kind").split()))
        text = text[match.end():]
    return Headline(text.strip(), tuple(prefixes), withdrawn)


def byline_authors(block: str) -> tuple[str, ...]:
    """The authors a byline names (``By Jane Smith and Ali Khan``), in the case of a name; () if not a byline."""
    if len(block) > FURNITURE_LIMIT or block[:3].lower() != "by ":
        return ()
    text = _WRITERS.sub("By ", " ".join(block.split()))  # by Xinhua writers Li Xia, Wang Bo
    match = _BYLINE.match(_AFFILIATION.sub("", text))
    if not match:
        return ()
    names = re.split(r", | and | & ", match.group("names"))
    return tuple(_name_case(n) for n in names if n)


_STAFF = re.compile(r"^(?:By|by|BY) (?:The )?(?:Associated Press|AP|Reuters|AFP|Bloomberg(?: News)?|UPI|Xinhua|CNN)"
                    r"(?: (?:Staff|staff|Wire|wire|Writers?|writers?|News|Reporters?))+$")


def is_staff_byline(line: str) -> bool:
    """True for a byline that names no one (``By Reuters Staff``): furniture, but no authors."""
    return len(line) <= FURNITURE_LIMIT and bool(_STAFF.match(" ".join(line.split())))


def _name_case(name: str) -> str:
    """``JOSH BOAK`` -> ``Josh Boak``; mixed case is kept."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 2 else w for w in name.split()) if name.isupper() else name


def advisory(block: str) -> str:
    """The advisory's text (``Adds analyst comment in paragraph 4``), or '' when the block is none."""
    if len(block) > FURNITURE_LIMIT or not block.startswith("("):
        return ""
    match = _ADVISORY.match(" ".join(block.split()))
    return match.group("text").strip() if match else ""


def credits(block: str) -> str:
    """The credits line's text (``Reporting by ...; Editing by ...``), or '' when the block is none."""
    if len(block) > FURNITURE_LIMIT:
        return ""
    match = _CREDITS.match(" ".join(block.split()))
    if not match:
        return ""
    return match.group("text").strip()


def is_sign_off(block: str) -> bool:
    """True for the old ``Reuter`` sign-off line."""
    return bool(_SIGN_OFF.match(block.strip()))


#: Xinhua ends its copy with ``Enditem`` on the last paragraph's own line, or right after its last sentence.
_TRAILING_END = re.compile(r"(?<=[.!?\"”’)])\s+(?:Enditem|ENDITEM)\s*$")


def without_trailing_end(paragraph: str) -> str:
    """The last paragraph without an end mark after its last sentence (``... year end. Enditem``)."""
    return _TRAILING_END.sub("", paragraph)


def bullet_items(block: str) -> tuple[str, ...]:
    """The items of a block whose every line is a bullet (``* x``, ``- x``, ``• x``); () otherwise."""
    lines = [ln for ln in block.split("\n") if ln.strip()]
    if not lines or not all(_BULLET.match(ln) for ln in lines):
        return ()
    return tuple(_BULLET.sub("", ln).strip() for ln in lines)


def table_rows(block: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a block of two or more lines aligned in columns (two or more spaces, or tabs); () otherwise."""
    lines = [ln for ln in block.split("\n") if ln.strip()]
    if len(lines) < 2:
        return ()
    rows = tuple(tuple(c for c in _COLUMNS.split(ln.strip())) for ln in lines)
    if sum(len(r) >= 2 for r in rows) < max(2, len(rows) - 1):
        return ()
    return rows


def markdown_block(block: str) -> str | None:
    """Markdown for a bulleted or tabular block (a list, a table, or preformatted text); None for prose."""
    items = bullet_items(block)
    if items:
        return "\n".join("- " + escape_line(item) for item in items)
    rows = table_rows(block)
    if not rows:
        return None
    width = len(rows[0])
    if width >= 2 and all(len(r) == width for r in rows):
        cells = ["| " + " | ".join(escape_line(c) for c in row) + " |" for row in rows]
        return "\n".join([cells[0], "|" + "---|" * width, *cells[1:]])
    lines = [ln.rstrip() for ln in block.split("\n") if ln.strip()]
    fence = "~~~" if not any(ln.lstrip().startswith("~~~") for ln in lines) else "````"
    return "\n".join([fence + "text", *lines, fence])
