"""Story versions: is a seed a later version (``UPDATE 1-``, ``REFILE-``, ``CORRECTED-``, resent, or a
``STORY WITHDRAWN`` notice) of a story already imported?

A version is recognised by what stays when a story is updated: the agency, the
dateline's place, a date at most :data:`MAX_DAYS_APART` days away, and either
the headline without its slug prefix, or most of the text when the new copy
says it is a version (a slug prefix such as ``UPDATE 1-`` or an advisory: a
correction may change the headline; an update adds paragraphs). Two stories
from one place on one day that merely share wording (a daily market report,
a template) are never merged. A kill notice usually quotes the headline it
withdraws. Pure functions of text.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_DAYS_APART = 2
MIN_SHARED_TEXT = 0.5  # share of the shorter text's word triples found in the other
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class StoryFacts:
    """What identifies a story across its versions."""

    title: str
    place: str
    agency: str
    date: dt.date
    text: str
    marked: bool = False  # the copy says it is a version: a slug prefix (UPDATE 1-, CORRECTED-...) or an advisory


def headline_key(title: str) -> str:
    """The headline as lower-case words (punctuation and spacing ignored)."""
    return " ".join(_WORD.findall(title.lower()))


def shared_text(a: str, b: str) -> float:
    """The share of the shorter text's word triples that the other text also has (0-1)."""
    ta, tb = _triples(a), _triples(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def _triples(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def is_version_of(new: StoryFacts, old: StoryFacts, withdrawn: bool = False) -> bool:
    """True when ``new`` is a later version of ``old`` (or, with ``withdrawn``, a notice that withdraws it)."""
    if new.agency != old.agency or new.place.lower() != old.place.lower() or not new.agency:
        return False
    if abs((new.date - old.date).days) > MAX_DAYS_APART:
        return False
    key = headline_key(old.title)
    if headline_key(new.title) == key:
        return True
    if withdrawn:
        return bool(key) and key in headline_key(new.text)
    return new.marked and shared_text(new.text, old.text) >= MIN_SHARED_TEXT


def version_rank(prefixes: tuple[str, ...], withdrawn: bool = False) -> int:
    """Where a seed stands among versions that arrive together: the first story (0), ``REFILE``/``RPT``/
    ``CORRECTED`` (1), ``UPDATE n`` (n + 1), a kill notice last."""
    if withdrawn:
        return 1_000_000
    rank = 0
    for prefix in prefixes:
        number = prefix.rsplit(" ", 1)[-1]
        rank = max(rank, int(number) + 1 if number.isdigit() else 1)
    return rank
