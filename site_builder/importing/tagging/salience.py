"""How central each entity is to a story: mention tallies, boosts, and which entities are kept.

``entities.py`` finds the mentions and adds them here, one :class:`Tally`
per entity (weighted mentions, first offset, spellings, whether it is quoted
or in the title). The dateline and the title raise what they name; then
only central entities are kept (see ``entities.py`` for the rules in words):
a place or thing named in passing beside a main one of its kind, a person
named in passing who is neither quoted nor in the title, and junk (single
common words, things named once) are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from site_builder.importing.tagging.frequency import is_common
from site_builder.importing.tagging.gazetteer import Gazetteer


@dataclass
class Tally:
    """The mentions of one entity in one article."""

    kind: str
    score: float = 0.0
    first: int = 10**9
    surfaces: set[str] = field(default_factory=set)
    quoted: bool = False  # some mention is the speaker of a statement (``X said``)
    headline: bool = False  # named in the title
    titled: bool = False  # some mention has a title before it (``Finance Minister X``)
    organised: bool = False  # some mention has words only an organisation takes (``X chief executive``)
    mentions: int = 0  # times named in the text (the title and dateline not counted)
    spoken: int = 0  # mentions that attribute a statement (``X said``, ``said X``, ``according to X``)
    office: bool = False  # some mention has the title of an office before it (``Finance Minister X``, not ``Mr``)
    source: str = ""  # the role that makes a person a source rather than a subject (``spokesman``, ``his sister``)
    lede: bool = False  # named in the lede (the first paragraph, at most its first two sentences)
    roles: set[str] = field(default_factory=set)  # the offices or posts given with the name (``director``)


def add(tallies: dict[str, Tally], name: str, kind: str, weight: float, offset: int, surface: str = "") -> None:
    tally = tallies.get(name)
    if tally is None:
        tally = tallies[name] = Tally(kind)
    elif tally.kind == "thing" and kind != "thing":
        tally.kind = kind
    tally.score += weight
    tally.first = min(tally.first, offset)
    tally.surfaces.add(surface or name)
    if offset >= 0 and weight >= 1.0:
        tally.mentions += 1


def merge(tallies: dict[str, Tally], source: str, target: str) -> None:
    """Fold the tally of ``source`` into ``target``."""
    gone = tallies.pop(source)
    kept = tallies[target]
    kept.score += gone.score
    kept.first = min(kept.first, gone.first)
    kept.surfaces |= gone.surfaces
    kept.quoted = kept.quoted or gone.quoted
    kept.headline = kept.headline or gone.headline
    kept.titled = kept.titled or gone.titled
    kept.organised = kept.organised or gone.organised
    kept.mentions += gone.mentions
    kept.spoken += gone.spoken
    kept.office = kept.office or gone.office
    kept.source = kept.source or gone.source
    kept.lede = kept.lede or gone.lede
    kept.roles |= gone.roles
    if kept.kind == "thing":
        kept.kind = gone.kind


def boost_dateline(tallies: dict[str, Tally], place: str, gaz: Gazetteer) -> str:
    """Count the dateline's country as a mention; its name, or "" when the dateline names no known place."""
    if not place:
        return ""
    found = gaz.lookup_dateline(place)
    if found is None:
        return ""
    country = found.country or found.name
    add(tallies, country, "place", 1.5, -1)
    return country


_NAMED_IN_TITLE = re.compile(
    r"[\w’'.\-]+(?=['’]?s?\s+(?:accord|agreement|pact|club|treaty|convention|protocol)s?\b)", re.IGNORECASE)


def _title_words(title: str) -> tuple[set[str], str]:
    words = set(re.findall(r"[\w.’'\-]+", title.lower()))
    words |= {w.rstrip(".’'") for w in words} | {re.sub(r"['’]s$", "", w) for w in words}
    words |= {w[:-1] for w in words if w.endswith("s") and len(w) > 4}  # ``COLOMBIANS`` names Colombia too
    return words, title.lower()


def boost_title(tallies: dict[str, Tally], title: str) -> None:
    """Raise entities named in the title by any of their spellings (``EC`` for European Community)."""
    every = _title_words(title)
    # ``PARIS PACT``: a place's name in the name of an accord does not make the place a subject
    for_places = _title_words(_NAMED_IN_TITLE.sub(" ", title))
    # ``Hurricane Center Director Warns``: the title names by their post the one person of the story who holds it
    posted = [n for n, t in tallies.items() if t.kind == "person" and t.roles & POSTS & every[0] and t.mentions > 1]
    by_post = set(posted) if len(posted) == 1 else set()
    for name, tally in tallies.items():
        words, lowered = for_places if tally.kind == "place" else every
        forms = {name, *tally.surfaces}
        if any(f.lower() in words or (" " in f and f.lower() in lowered) for f in forms) \
                or (tally.kind == "person" and name.split()[-1].lower() in words) or name in by_post:
            tally.score += 1.5
            tally.headline = True


POSTS = frozenset({"director", "manager"})  # posts inside an organisation, not offices (see ``roles.office``)


MINOR_SCORE = 2.0  # an entity mentioned once in passing...
MAJOR_SCORE = 3.0  # ...is dropped when an entity of its kind is this prominent


def best_by_kind(tallies: dict[str, Tally]) -> dict[str, float]:
    best: dict[str, float] = {}
    for tally in tallies.values():
        best[tally.kind] = max(best.get(tally.kind, 0.0), tally.score)
    return best


def minor(tally: Tally, best: dict[str, float]) -> bool:
    """True for a passing mention beside a main entity of the same kind (one ``U.S.`` in a story about Japan)."""
    return tally.score <= MINOR_SCORE and best.get(tally.kind, 0.0) >= MAJOR_SCORE


def aside(name: str, tally: Tally, gaz: Gazetteer) -> bool:
    """True for a city or region named once, after the lede and not in the title (``a show in Illinois last
    March``): where something else happened, not where the story is (the dateline, title or lede says that). A
    country named so stays a candidate: it counts for its country page, and the rules above weigh it."""
    if tally.kind != "place" or tally.mentions > 1 or tally.headline or tally.lede:
        return False
    place = gaz.lookup_place(name)
    return place is not None and place.kind != "country"


CENTRAL_PERSON = 3.0  # a person mentioned this much (title boost included) is central to the story


def bystander(tally: Tally, quoting: bool) -> bool:
    """True for a person named in passing: not in the title and never the speaker of a statement, and
    named only once, or less than ``CENTRAL_PERSON`` when the story quotes someone else by name
    (``under president Alan Garcia``, ``talks with Finance Minister X`` beside the quoted source)."""
    if tally.kind != "person" or tally.headline or tally.quoted:
        return False
    return tally.score < (CENTRAL_PERSON if quoting else 2.0)


def keep(name: str, tally: Tally, gaz: Gazetteer) -> bool:
    """Drop junk: single common words, things mentioned once, fragments."""
    if tally.kind == "thing":
        if tally.score < 2 or len(name) < 3:
            return False
        if len(name.split()) == 1 and is_common(name):
            return False
    return len(name) > 1 and name.lower() not in gaz.stopwords


def central(tallies: dict[str, Tally], located: str, gaz: Gazetteer, dropped: dict[str, str] | None,
            why: dict[str, str] | None = None) -> dict[str, Tally]:
    """The tallies of the entities central to the story (``located``: the dateline country, always kept).

    Names recognised but left out as passing mentions go to ``dropped`` (name -> kind) when given, and the
    reason to ``why`` (name -> words for ``import --explain``).
    """
    best = best_by_kind(tallies)
    anchored = dict(best)
    if located:  # the dateline says where the story is: other places named once or twice are passing mentions
        anchored["place"] = max(best.get("place", 0.0), MAJOR_SCORE)
    quoting = any(t.quoted for t in tallies.values() if t.kind == "person")
    kept: dict[str, Tally] = {}
    for name, tally in tallies.items():
        if not keep(name, tally, gaz):
            continue
        if name != located and minor(tally, anchored):
            reason = f"named in passing ({tally.kind}): named {tally.score:g} time{'' if tally.score == 1 else 's'} (weighted) beside a main {tally.kind}"
        elif name != located and aside(name, tally, gaz):
            reason = "named in passing (place): a city or region named once after the lede, not in the title"
        elif bystander(tally, quoting):
            reason = "named in passing (person): neither in the title nor quoted, and named too few times"
        else:
            kept[name] = tally
            continue
        if dropped is not None:
            dropped[name] = tally.kind
        if why is not None:
            why[name] = reason
    return kept


def source(tally: Tally) -> str:
    """Why a person is a source quoted rather than a subject of the story ("" when a subject): a role of a source
    (a spokesman, analyst, expert, relative or witness) for a person who is mostly the speaker of statements, or
    most mentions a statement's attribution (``X said``) for a person who holds no office and is not named in the
    lede (the one whose statement the lede reports is the newsmaker, not a source)."""
    if tally.kind != "person" or tally.headline or not tally.spoken:
        return ""
    if tally.source and 2 * tally.spoken >= tally.mentions:
        return f"a source quoted ({tally.source}), not a subject of the story"
    if 2 * tally.spoken > tally.mentions and not tally.office and not tally.lede:
        return "mostly the speaker of statements and holds no office: a source quoted, not a subject"
    return ""


TAG_MENTIONS = 3.0  # a person or a less known organisation is a tag when named in the title or this much


def untaggable(name: str, kind: str, score: float, headline: bool, official: bool, titled: bool,
               gaz: Gazetteer, mentions: int = 2, source: str = "", lede: bool = False) -> str:
    """Why a central entity is no tag ("" when it is one): only places, people and organisations are tags;
    a person named once in the text (not in the title) is named in passing, unless an official speaking in the
    lede; a person quoted as a source (``source``: a spokesman, an analyst, a
    relative) is no subject; a person (an analyst quoted once) or an organisation the gazetteer does not know
    must be named in the title or about three times to be what the story is about, unless the person is an
    official (a title before the name) speaking in the story or named twice."""
    if kind not in ("place", "person", "org"):
        return f"no place, person or organisation ({kind})"
    if kind == "place" or headline:
        return ""
    if kind == "person" and mentions <= 1 and not (lede and official):
        return "a person named once, in passing (not in the title, nor an official speaking in the lede)"
    if source:
        return source
    if score >= TAG_MENTIONS:
        return ""
    if kind == "person" and (official or (titled and score >= 2)):
        return ""
    if kind == "org" and name in gaz.orgs:
        return ""
    return f"{kind} named {score:g} time{'' if score == 1 else 's'} (weighted) and not in the title; a tag needs {TAG_MENTIONS:g}"

