"""Named entities from capitalised runs: places, people, organisations.

A *run* is a sequence of capitalised words (``Kassym-Jomart Tokayev``,
``United Nations Assistance Mission in Afghanistan``). Each run is cleaned
(possessives, leading titles such as ``President``, sentence-initial common
words) and classified with the gazetteer; unknown multi-word runs with a
title or a reporting verb nearby are people. Short forms join long ones:
a surname joins the full name, an acronym joins its expansion.

Each mention is counted in a :class:`~site_builder.importing.tagging.salience.Tally`;
``salience.py`` weighs them and keeps only central entities (precision over
completeness):

* the dateline's country always; in a datelined story another place named
  at most twice (title boost included) is a passing mention, as it is beside
  a place named three times or more in a story without a dateline;
* a person named in the title, quoted (``X said``, ``said X``, ``X, the
  minister, told``, or ``he said`` in the sentence after X is named), or named
  twice; when the story quotes someone by name, an unquoted person needs three
  mentions (``under president X`` beside the quoted source is background);
* a place inside another name is no place: ``Paris accord`` (also in the
  title), ``Welsh, Carson, Anderson and Stowe``, ``United Steelworkers of America``;
* a city or region named once after the lede and not in the title (``a show
  in Illinois last March``) is a passing mention.

A person is a tag only when central (issue 15): not named once outside the
title (unless an official speaking in the lede), not a source quoted (a
spokesman, analyst, expert, relative or witness, or mostly the speaker of
statements without an office), and names on a roll (a crew, a squad) do not
count (who a person is: ``roles.py``). One entity is one tag: acronyms, bare
short forms, units and two-word surnames join the full name (``joining.py``);
a ship, a rate, a programme, a building, a team named after its city, a ticker
or a credit rating is no person or organisation. The words that tell a name's
kind by its last word are in ``heads.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.importing.tagging import joining, roles, salience
from site_builder.importing.tagging.frequency import is_common, zipf
from site_builder.importing.tagging.gazetteer import Gazetteer
from site_builder.importing.tagging.heads import (ACRONYM, COMPANY_HEADS, INSTRUMENT_HEADS, LEGAL_FORMS, NAME_WORD,
                                                  NOT_ORGS, ORG_HEADS, THING_HEADS)
from site_builder.importing.tagging.names import is_given_name
from site_builder.importing.tagging.salience import Tally

_WORD = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w’'&\-]*(?:\.(?=[ ,]))?|\d+[A-Z][\w\-]*)"
_CONNECTORS = ("of", "for", "in", "on", "de", "du", "la", "van", "von", "der", "al", "bin", "the", "and", "&", "und")
_CONNECT = "(?:" + "|".join(map(re.escape, _CONNECTORS)) + ")"
_RUN = re.compile(rf"{_WORD}(?:[ \-]+(?:{_CONNECT} )*{_WORD})*")
_POSSESSIVE = re.compile(r"(?:['’]s?)$")
_SENTENCE_BEFORE = re.compile(r"(?:[.!?:;]['\"”’)]?\s+|\n)[\"“‘(]?$")
_NONSPACE = re.compile(r"\S+")
_NAMED_AFTER_PLACE = re.compile(r"^['’]?\s*(?:[Aa]ccord|[Aa]greement|[Pp]act|[Cc]lub|[Tt]reaty|[Cc]onvention|[Pp]rotocol)\b")
# ``Welsh, Carson, Anderson and Stowe``: a firm named after partners, checked on the names after the first one
_PARTNER_LIST = re.compile(r"^((?:,\s+[A-Z][a-z]+)+),?\s+(?:and|&)\s+([A-Z][a-z]+)\b")
_PERSON_CUE = re.compile(r"^\s*(?:,\s*(?:who|the|a|an|\w+ of)\b|said|says|told|added|noted|stated|stressed|explained|"
                         r"announced|argued|warned|wrote|,\s*\d{2},)")
_PERSON_CUE_BEFORE = re.compile(r"(?:said|says|according to|by|told|added)\s*$")
# ``Gazprom chief executive``, ``Arsenal manager``, ``shares in Zentrix``: words around a name that only an
# organisation (a company, a club) takes
_ORG_AFTER = re.compile(r"['’]?s?\s+(?:shares|stock|chief executive|chief financial|boss|board|profits?|revenues?|"
                        r"subsidiary|manager|head coach|striker|midfielder|goalkeeper|defender)\b")
_ORG_BEFORE = re.compile(r"(?:shares (?:in|of)|stake in|takeover of|bid for|rivals?|giant|carrier|airline|"
                         r"company|firm|club|side)\s+$")


@dataclass(frozen=True)
class Entity:
    """One entity of an article: its tag, kind and weighted mention count."""

    name: str
    kind: str  # place / person / org / thing
    score: float
    first: int  # character offset of the first mention (for ordering ties)
    headline: bool = False  # named in the title
    official: bool = False  # a person with a title before the name who speaks in the story
    titled: bool = False  # some mention has a title before the name
    mentions: int = 0  # times named in the text (not counting the title and dateline)
    source: str = ""  # why the person is a source quoted rather than a subject ("" when a subject)
    lede: bool = False  # named in the lede (the first paragraph, at most its first two sentences)


def runs(text: str, titles: frozenset[str] = frozenset()) -> list[tuple[int, str, bool]]:
    """(offset, run text, starts a sentence) of every capitalised run, split into entity-sized parts."""
    found = []
    for match in _RUN.finditer(text):
        start = match.start()
        initial = start == 0 or bool(_SENTENCE_BEFORE.search(text, max(0, start - 5), start))
        for offset, part in _parts(match.group(0), titles):
            found.append((start + offset, part, initial and offset == 0))
    return found


_PARTICLES = frozenset({"de", "du", "la", "van", "von", "der", "al", "bin", "&", "und"})


def _parts(run: str, titles: frozenset[str]) -> list[tuple[int, str]]:
    """A run cut at possessives (``Kazakhstan’s President``), ``and``/``the`` and at
    ``of``/``for``/``in``/``on`` unless an organisation head precedes (``Bank of Japan``)."""
    parts: list[tuple[int, str]] = []
    words = [(m.start(), m.group(0)) for m in _NONSPACE.finditer(run)]
    current: list[tuple[int, str]] = []

    def close() -> None:
        while current and current[-1][1] in _CONNECTORS:
            current.pop()
        if current:
            parts.append((current[0][0], " ".join(w for _, w in current)))
        current.clear()

    for index, (offset, word) in enumerate(words):
        compound = _ATTRIBUTIVE.match(word)
        if compound:  # ``Icahn-controlled Trans World Airlines``, ``London-based firm``: an attribute, no mention
            close()
            continue
        if word in ("and", "&") and current and current[-1][1].rstrip(".,") not in COMPANY_HEADS \
                and _firm_continues(words[index + 1:]):
            current.append((offset, word))  # ``Donaldson Lufkin and Jenrette Inc``: one firm's name
            continue
        if word in ("and", "the"):
            close()
            continue
        if word in _CONNECTORS and word not in _PARTICLES:
            if not current or current[-1][1] not in ORG_HEADS or current[-1][1] in COMPANY_HEADS:
                close()
                continue
        if current and word.rstrip(".") in titles and current[-1][1].rstrip(".") not in titles:
            close()
        if current and current[-1][1].endswith(".") and current[-1][1][:-1] not in titles \
                and (is_common(word) or current[-1][1][:-1] in COMPANY_HEADS):
            close()  # ``the U.S. Will ...``, ``Marlowe Corp. Marlowe said``: a new sentence
        current.append((offset, word))
        if _POSSESSIVE_WORD.search(word):
            current[-1] = (offset, _POSSESSIVE.sub("", word))
            close()
    close()
    return parts


_POSSESSIVE_WORD = re.compile(r"['’]s?$")
_ATTRIBUTIVE = re.compile(r"([A-Z][\w’'.]*)-(?:based|controlled|owned|led|backed|born|made|listed|registered|run|"
                          r"funded|linked|headquartered|held)$")


def _firm_continues(rest: list[tuple[int, str]]) -> bool:
    """True when the words after an ``and`` are one capitalised name and a legal form (``Jenrette Inc``)."""
    return len(rest) >= 2 and rest[0][1][:1].isupper() and rest[0][1] not in _CONNECTORS \
        and rest[1][1].rstrip(".,") in COMPANY_HEADS
_SENTENCE_STOP = re.compile(r"[A-Z][A-Za-z]+\.")  # ``Nations.``, ``US.``: a word and a full stop (not ``U.S.``)


def _trim(run: str, initial: bool, gaz: Gazetteer) -> tuple[str, bool]:
    """Run without possessive, leading titles/common words; and whether a title stood before it."""
    words = _POSSESSIVE.sub("", run).split(" ")
    titled = False
    if len(words) > 1 and words[-1].rstrip(".") in COMPANY_HEADS:
        initial = False  # ``Shell Canada Ltd``: a company's name, not a sentence-initial word
    if words and _SENTENCE_STOP.fullmatch(words[-1]) and words[-1][:-1] not in COMPANY_HEADS \
            and words[-1][:-1] not in gaz.titles:
        words[-1] = words[-1][:-1]  # ``... the Six Nations.``: the full stop ends the sentence, not an abbreviation
    whole = len(words) > 1 and gaz.lookup_place(" ".join(words[:2])) is not None
    # ``First Ameri-Cable Corp``: a company's name with its legal form is whole, whatever its first word
    whole = whole or (len(words) > 2 and words[-1].rstrip(".,") in LEGAL_FORMS and words[0].lower() not in ("the", "a", "an")
                      and words[0].rstrip(".") not in ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir"))
    # ``Foreign Agents Registration Act``: a law's or a rate's name keeps its first word, a title's word or not
    whole = whole or (len(words) > 2 and words[-1] in INSTRUMENT_HEADS and words[0].lower() not in ("the", "a", "an"))
    # ``New York State Supreme Court`` opening a sentence keeps its ``New``
    while not whole and words and (words[0].rstrip(".") in gaz.titles or words[0].lower() in gaz.stopwords
                     or (initial and is_common(words[0]) and not ACRONYM.fullmatch(words[0])  # ``GM would``
                         and not _first_name_opening(words)  # ``Terry D. Barnes, 24, was shot``
                         and words[0] not in gaz.places and words[0] not in gaz.demonyms
                         and words[0] not in gaz.orgs and not (words[0].lower() in _PARTICLES and len(words) > 1))):
        titled = titled or words[0].rstrip(".") in gaz.titles
        words = words[1:]
        initial = False
    while words and (words[-1].lower() in {"of", "for", "in", "on", "the", "and", "&", "de", "la", "al"}
                     or words[-1].rstrip(".") in gaz.titles):
        words = words[:-1]
    return " ".join(words), titled


_LEDE_SENTENCES = 2  # a lede is the first paragraph, at most its first two sentences (copy without paragraphs)
_SENTENCE_STOP_AT = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)[.!?][\"”’]?\s+(?=[\"“]?[A-Z])")


def lede_end(standfirst: str, first: str) -> int | None:
    """Where the lede ends in ``standfirst`` + blank line + ``first`` paragraph: a standfirst (TASS's summary line)
    is no lede of its own; the story's first paragraph after it is (at most its first two sentences)."""
    return len(standfirst) + 2 + _lede_end(first) if standfirst and first else None


def _lede_end(text: str) -> int:
    """Where the lede ends: the end of the first paragraph, or of its second sentence when that comes first."""
    end = text.find("\n\n") if "\n\n" in text else len(text)
    for count, match in enumerate(_SENTENCE_STOP_AT.finditer(text, 0, end), start=1):
        if count == _LEDE_SENTENCES:
            return match.start() + 1
    return end


_OF_TITLE_BEFORE = re.compile(r"\b(?:Secretary|Minister|Chancellor|Secretary-General|Commissioner|Governor)"
                              r" (?:of|for) (?:the )?$")


def _after_portfolio(name: str, titled: bool) -> tuple[str, bool]:
    """``State Rex Tillerson`` after ``Secretary of``: the portfolio's words go, from the given name on is the
    person (the name as it was when no given name follows: ``State Department``)."""
    words = name.split()
    for index, word in enumerate(words[1:], start=1):
        if is_given_name(word) and len(words) - index >= 2:
            return " ".join(words[index:]), True
    return name, titled


def _first_name_opening(words: list[str]) -> bool:
    """True when a sentence opens with a given name and then an initial or a rare name (``Terry D. Barnes``,
    ``Maria Lopez Ruiz``): the name is whole, its first word no everyday word."""
    return len(words) > 1 and is_given_name(words[0]) and words[-1].rstrip(".") not in COMPANY_HEADS \
        and (bool(re.fullmatch(r"[A-Z]\.", words[1])) or (NAME_WORD.fullmatch(words[1]) is not None
                                                           and not is_common(words[1])))


def classify(name: str, titled: bool, context_after: str, context_before: str, gaz: Gazetteer,
             acronyms: dict[str, str]) -> tuple[str, str] | None:
    """(canonical tag, kind) for a cleaned run, or None for junk."""
    if name in acronyms:
        name = acronyms[name]
    place = gaz.lookup_place(name)
    if place is not None and not _acronym_for_city(name, place.name, place.kind):
        return place.name, "place"
    if name in gaz.demonyms:
        return gaz.demonyms[name], "place"
    if "." in name and ACRONYM.fullmatch(name) and gaz.lookup_dateline(name) is not None:
        return None  # ``N.J.``, ``Va.``: a region's abbreviation, resolved in datelines only
    if name in gaz.orgs:
        return gaz.orgs[name], "org"
    words = name.split()
    if not words or name.lower() in gaz.stopwords or all(w.rstrip(".") in gaz.titles for w in words):
        return None
    if len(words) == 1 and (words[0] in ORG_HEADS or words[0].rstrip(".") in COMPANY_HEADS or name in NOT_ORGS):
        return None  # ``Ministry``, ``Ltd``, ``GDP`` alone
    if len(words) == 1 and words[0] in gaz.demonyms:
        return gaz.demonyms[words[0]], "place"
    if len(words) > 1 and words[-1] in INSTRUMENT_HEADS and not is_given_name(words[0]):  # not ``Jude Law``
        return name, "thing"  # ``London Inter Bank Offered Rate``, ``Federal Reserve Act``: a rate, a law
    if words[-1].rstrip(".") in ORG_HEADS or any(w in ORG_HEADS for w in words[1:]):
        return name, "org"
    if ACRONYM.fullmatch(name):
        return name, "org"
    if len(words) >= 2 and all(NAME_WORD.fullmatch(w) for w in words) \
            and len(words) <= 4:
        if _named_after_place(words, gaz):
            return name, "org"  # ``Cleveland Indians``, ``Texas Instruments``: a team or a firm, no person
        return name, _person_or_thing(words, titled, context_after, context_before)
    return name, "thing"


def _acronym_for_city(name: str, place: str, kind: str) -> bool:
    """True for an acronym that a city's alternate names happen to hold (``DACA`` is no Dhaka); countries keep
    their abbreviations (``UAE``) and a city written in capitals keeps its name (``PARIS``)."""
    return name.isupper() and kind != "country" and name.lower() != place.lower()


def _person_or_thing(words: list[str], titled: bool, after: str, before: str) -> str:
    """``person`` for a name-shaped run with a title, a known given name, or a reporting verb beside it."""
    if words[-1] in THING_HEADS or words[0] in THING_HEADS:
        return "thing"
    if titled or is_given_name(words[0]):
        return "person"
    cued = _PERSON_CUE.match(after) or _PERSON_CUE_BEFORE.search(before)
    return "person" if cued and not is_common(words[-1]) and not _plural_noun(words[0]) else "thing"


def _named_after_place(words: list[str], gaz: Gazetteer) -> bool:
    """True for a place's name followed by a plural (``Cleveland Indians``, ``New York Yankees``)."""
    last = words[-1]
    if not last.endswith("s") or last.endswith("ss") or is_given_name(last):
        return False
    if is_given_name(words[0]) and last not in gaz.demonyms and last[:-1] not in gaz.demonyms:
        return False  # ``Victoria Adams``: a given name that is also a place's; ``Cleveland Indians`` still a team
    return any(gaz.lookup_place(" ".join(words[:i])) is not None or " ".join(words[:i]) in gaz.dateline_places
               for i in range(1, len(words)))


def _plural_noun(word: str) -> bool:
    """True for a plural English noun (``Automobiles``, ``Industries``): no one's first name."""
    low = word.lower()
    return low.endswith("s") and not low.endswith("ss") and (is_common(low) or zipf(low[:-1]) >= 3.0
                                                             or zipf(low[:-3] + "y") >= 3.0 and low.endswith("ies"))


_TICKER = re.compile(r"<[A-Z0-9]{1,6}(?:\.[A-Z]{1,3})?>")


def entities(text: str, title: str, gaz: Gazetteer, dateline_place: str = "",
             dropped: dict[str, str] | None = None, why: dict[str, str] | None = None,
             lede_end: int | None = None) -> list[Entity]:
    """Entities of an article, best first (``text`` is lede + body; the title only boosts).

    Names recognised but left out as passing mentions are added to ``dropped`` (name -> kind)
    when given, so that topic keyphrases do not bring them back in lower case.
    """
    text = _TICKER.sub(lambda m: " " * len(m.group(0)), text)  # ``<GM>``, ``<DPRI.T>``: stock symbols, no names
    title = _TICKER.sub(" ", title)
    acronyms = joining.acronym_expansions(text)
    common_acronyms = joining.lower_case_acronyms(text)
    tallies: dict[str, Tally] = {}
    for match in gaz.joined_orgs.finditer(text):
        salience.add(tallies, gaz.orgs[match.group(0)], "org", 1.0, match.start(), match.group(0))
    masked = gaz.joined_orgs.sub(lambda m: "x" * len(m.group(0)), text)
    lead_end = _lede_end(text) if lede_end is None else lede_end
    people: list[tuple[int, str]] = []  # (offset, tag) of every person mention, in text order
    titled_surnames: set[str] = set()
    vessels: set[str] = set()
    generic: set[str] = set()
    for offset, run, initial in runs(masked, gaz.titles):
        name, titled = _trim(run, initial, gaz)
        if name and _OF_TITLE_BEFORE.search(text, max(0, offset - 30), offset):
            name, titled = _after_portfolio(name, titled)  # ``Secretary of State Rex Tillerson``
        if not name:
            continue
        end = offset + len(run)
        after = text[end:end + 30]
        found = classify(name, titled, after, text[max(0, offset - 25):offset], gaz, acronyms)
        if found is None or name in common_acronyms:
            continue  # ``bovine spongiform encephalopathy, or BSE``: the short name of a thing, no organisation
        if found[1] == "org" and found[0] not in gaz.orgs and _generic(found[0]) \
                and _country_before(text, offset, gaz):
            generic.add(found[0])  # ``Kuwait's Central Bank``: a description that needs its country, no name
        if _NUMBERED_THING.match(text, end):
            continue  # ``TFC 101 Tower``, ``Hull 42 Bridge``: the first word of a building's or a thing's name
        if _VESSEL_BEFORE.search(text, max(0, offset - 20), offset):
            vessels.add(found[0])  # ``the tanker Exxon Valdez``: a ship's name is no person, place or organisation
        if found[1] == "place" and _NAMED_AFTER_PLACE.match(after):
            continue  # ``Paris accord``, ``Paris Club``: a place's name in another thing's name
        if found[1] == "place" and _partner_firm(text[end:end + 80], gaz):
            continue  # ``Welsh, Carson, Anderson and Stowe``: a surname in a firm's name
        salience.add(tallies, found[0], found[1], 1.0, offset, name)
        tally = tallies[found[0]]
        stripped = run[:max(run.find(name), 0)]  # the titles before the name
        office = titled and not roles.source_title(stripped)  # ``Finance Minister X``, no analyst
        tally.titled = tally.titled or office or roles.titled_before(text, offset, gaz)
        tally.lede = tally.lede or offset < lead_end
        if found[1] in ("person", "thing"):
            office_word = roles.office(stripped, text, offset, end, gaz)
            if office_word:
                tally.roles.add(office_word)
            tally.office = tally.office or bool(office_word and office_word not in roles.POSTS)
            tally.source = tally.source or roles.source_role(stripped, text, offset, end)
            tally.spoken += roles.speaks(text, offset, end)
        if found[1] == "person":
            people.append((offset, found[0]))
        elif titled and " " not in found[0] and found[1] == "thing":
            titled_surnames.add(found[0])  # ``Mr. Johnson``, ``Chancellor Kohl``
        if found[1] == "thing" and not tallies[found[0]].organised:
            tallies[found[0]].organised = bool(_ORG_AFTER.match(text, end, end + 40)
                                               or _ORG_BEFORE.search(text, max(0, offset - 30), offset))
        if found[1] in ("person", "thing") and not tallies[found[0]].quoted:
            tallies[found[0]].quoted = roles.quoted(text, offset, end)
        place = gaz.lookup_place(name) if found[1] == "place" else None
        if place is not None and place.kind != "country" and place.country:
            salience.add(tallies, place.country, "place", 0.5, offset, name)
    roles.discount_rolls(text, people, tallies)
    _people_by_titled_surname(tallies, titled_surnames)
    roles.quoted_by_pronoun(text, people, tallies)
    joining.join_variants(text, tallies, gaz)
    for tally in tallies.values():
        if tally.kind == "thing" and tally.organised:
            tally.kind = "org"  # ``Gazprom chief executive Alexei Miller``: a company named without its legal form
    for name in (vessels | generic) & set(tallies):
        tallies[name].kind = "thing"
    located = salience.boost_dateline(tallies, dateline_place, gaz)  # the dateline country's name, or ""
    salience.boost_title(tallies, title)
    if why is not None:
        why.update({name: "a ship's name, no place, person or organisation" for name in vessels & set(tallies)})
        why.update({name: "a generic institution after a country's name (Kuwait's Central Bank): a description, "
                          "no name" for name in generic & set(tallies)})
    kept = salience.central(tallies, located, gaz, dropped, why)
    return sorted((Entity(name, t.kind, t.score, t.first, t.headline, t.quoted and t.titled, t.titled,
                          t.mentions, salience.source(t), t.lede)
                   for name, t in kept.items()), key=lambda e: (-e.score, e.first))


def _generic(name: str) -> bool:
    """True for an institution named by everyday words only (``Central Bank``, ``Finance Ministry``)."""
    return all(is_common(w) for w in name.split()) and name.split()[-1] in ORG_HEADS


_POSSESSOR = re.compile(r"([A-Z][\w.\-]*(?: [A-Z][\w.\-]*)?)(['’]s)?\s+$")


def _country_before(text: str, offset: int, gaz: Gazetteer) -> bool:
    """True when a country's possessive or adjective stands right before ``offset`` (``Kuwait's``, ``Kuwaiti``),
    not a name's own first word (``U.S. Air Force`` is a name)."""
    match = _POSSESSOR.search(text, max(0, offset - 30), offset)
    if not match:
        return False
    if match.group(2):
        return gaz.lookup_place(match.group(1)) is not None
    return match.group(1) in gaz.demonyms


_NUMBERED_THING = re.compile(r"\s+\d[\d\-]*\s+(?:" + "|".join(sorted(THING_HEADS)) + r")\b")
_VESSEL_BEFORE = re.compile(r"\b(?:tanker|ship|vessel|freighter|ferry|liner|yacht|boat|submarine|frigate|destroyer|"
                            r"trawler|cruiser|barge|steamer|schooner|warship|supertanker)\s+$")


def _people_by_titled_surname(tallies: dict[str, Tally], surnames: set[str]) -> None:
    """``Ben Johnson ... Mr. Johnson``: a name-shaped run whose last word is elsewhere a surname after a title
    is a person, even when its first word is no known given name."""
    if not surnames:
        return
    for name, tally in tallies.items():
        words = name.split()
        if tally.kind == "thing" and 2 <= len(words) <= 4 and words[-1] in surnames \
                and all(NAME_WORD.fullmatch(w) for w in words) and words[0] not in THING_HEADS:
            tally.kind = "person"


def _partner_firm(after: str, gaz: Gazetteer) -> bool:
    """True when ``after`` continues a list of capitalised surnames that are no places (a partnership's name)."""
    match = _PARTNER_LIST.match(after)
    if match is None:
        return False
    names = re.findall(r"[A-Z][a-z]+", match.group(1)) + [match.group(2)]
    return not any(gaz.lookup_place(n) or n in gaz.demonyms for n in names)


