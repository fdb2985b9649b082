"""One entity, one tag: the spellings of one name in a story joined into one (issue 15).

After ``entities.py`` has counted every mention, :func:`join_variants` folds the short and variant forms into
the name they stand for: an all-capitals spelling into normal case, a company's name with its legal form into
the name without it (``BlackRock Inc.`` -> ``BlackRock``), an acronym into the one organisation whose initials
it spells (``B.P.`` -> ``British Petroleum``; ``FARA`` -> the Act), a bare short form or a unit into the full
name (``NL`` -> ``NL Industries``), a surname into the full name, an alias the text gives a person into that
person (``by his code name, Abu Jihad``). The acronyms a text defines are read here too
(:func:`acronym_expansions`, :func:`lower_case_acronyms`).
"""
from __future__ import annotations

import re
from collections import defaultdict

from site_builder.importing.tagging import salience
from site_builder.importing.tagging.frequency import is_common
from site_builder.importing.tagging.gazetteer import Gazetteer
from site_builder.importing.tagging.heads import ACRONYM, COMPANY_HEADS, INSTRUMENT_HEADS, LEGAL_FORMS
from site_builder.importing.tagging.names import is_given_name
from site_builder.importing.tagging.salience import Tally


def join_variants(text: str, tallies: dict[str, Tally], gaz: Gazetteer) -> None:
    """Fold every short or variant spelling in ``tallies`` into the name it stands for (see the module docs)."""
    _join_case(tallies)
    _join_companies(tallies)
    legal = _without_legal_form(tallies, gaz)
    _join_acronyms(tallies)
    _join_short_forms(tallies, legal, gaz)
    _join_people(tallies)
    _join_aliases(text, tallies)

_DEFINED_ACRONYM = re.compile(r"(?:,? or |\()([A-Z]{2,6})\b")


def lower_case_acronyms(text: str) -> set[str]:
    """Acronyms the text defines by lower-case words (``bovine spongiform encephalopathy, or BSE``,
    ``mad cow disease (BSE)``): short names of things (diseases, products), not of organisations."""
    found = set()
    for match in _DEFINED_ACRONYM.finditer(text):
        acronym = match.group(1)
        words = re.split(r"[\s\-]+", text[max(0, match.start() - 80):match.start()].strip())[-len(acronym):]
        if len(words) == len(acronym) and all(w[:1].islower() and w.isalpha() for w in words) \
                and "".join(w[0] for w in words).upper() == acronym:
            found.add(acronym)
    return found


def acronym_expansions(text: str) -> dict[str, str]:
    """``ACR`` -> expansion for every ``Expansion Words (ACR)`` in ``text``."""
    found = {}
    for match in re.finditer(r"((?:[A-Z][\w’'\-]*[ ]+(?:(?:of|for|in|on|and|the|de)[ ]+)*){1,10})\(([A-Z][A-Za-z]{1,8})\)", text):
        words = match.group(1).split()
        acronym = match.group(2)
        initials = [w for w in words if w[0].isupper()]
        initials = initials[-len(acronym.replace("s", "")) - 2:]
        letters = "".join(w[0] for w in initials)
        if acronym[0] in letters:
            start = letters.rfind(acronym[0]) if len(letters) > len(acronym) else 0
            phrase = words[words.index(initials[start]):] if initials[start] in words else words
            expansion = " ".join(phrase)
            if len(expansion.split()) >= 2:
                found[acronym] = expansion
    # ``the Export Enhancement Program, EEP, ...``: an acronym set off by commas right after the words it stands for
    for match in re.finditer(r"((?:[A-Z][\w’'\-]*[ ]+(?:(?:of|for|and|the)[ ]+)*){1,9}[A-Z][\w’'\-]*), (?:or )?([A-Z]{2,6}),",
                             text):
        words = match.group(1).split()
        acronym = match.group(2)
        capitals = [w for w in words if w[0].isupper()][-len(acronym):]
        if acronym not in found and "".join(w[0] for w in capitals) == acronym:
            found[acronym] = " ".join(words[words.index(capitals[0]):])
    return found


def _join_case(tallies: dict[str, Tally]) -> None:
    """Fold an all-capitals spelling (``AKZO``) into the same name in normal case (``Akzo``)."""
    by_upper = {n.upper(): n for n in tallies if not n.isupper()}
    for name in [n for n in tallies if n.isupper() and len(n) > 3]:
        if name in by_upper:
            salience.merge(tallies, name, by_upper[name])


def _join_companies(tallies: dict[str, Tally]) -> None:
    """Fold ``Cominco Ltd`` (an organisation by its suffix) into ``Cominco`` mentioned alone; the short name is the tag,
    unless it is an everyday word (``Coastal Corp``, not ``Coastal``). The name a story uses alone is the company's
    common name (``Nissan`` for ``Nissan Motor Co Ltd``): one spelling whether the story gives the full name or not."""
    for name in [n for n, t in tallies.items() if t.kind == "org"]:
        words = name.split()
        if name not in tallies or len(words) < 2 or words[-1].rstrip(".") not in COMPANY_HEADS:
            continue
        short = next((" ".join(words[:i]) for i in range(len(words) - 1, 0, -1)
                      if " ".join(words[:i]) in tallies), None)
        if short is not None and short != name and tallies[short].kind in ("thing", "org"):
            # ``Coastal Corp`` stays whole: ``Coastal`` alone is a word (``CBS Inc`` is ``CBS``: an acronym is none)
            if " " not in short and is_common(short) and not short.isupper():
                tallies[name].kind = "org"
                salience.merge(tallies, short, name)
                continue
            tallies[short].kind = "org"
            salience.merge(tallies, name, short)


def _without_legal_form(tallies: dict[str, Tally], gaz: Gazetteer) -> set[str]:
    """``BlackRock Inc.`` -> ``BlackRock``, ``Dai Nippon Printing Co Ltd`` -> ``Dai Nippon Printing``: one spelling
    per company across the site, whether a story gives its legal form or not (kept when the name without it is one
    everyday word, ``Coastal Corp``, or a place's name, ``Greenland NV``: no company under a place's tag).
    Returns the names of the companies that came with a legal form."""
    legal: set[str] = set()
    for name in [n for n, t in tallies.items() if t.kind == "org"]:
        words = name.split()
        if len(words) < 2 or words[-1].rstrip(".") not in LEGAL_FORMS:
            continue
        while len(words) > 1 and words[-1].rstrip(".,") in LEGAL_FORMS:
            words = words[:-1]
        short = " ".join(words).rstrip(",")
        legal.add(name)
        if (" " not in short and is_common(short) and not short.isupper()) or short.lower() in ("the", "") or gaz.lookup_place(short) \
                or short in gaz.demonyms:
            continue
        legal.add(short)
        if short not in tallies:
            tallies[short] = Tally("org")
        salience.merge(tallies, name, short)
        tallies[short].kind = "org"
    return legal


def _join_acronyms(tallies: dict[str, Tally]) -> None:
    """``B.P.`` or ``DLJ`` -> ``British Petroleum``, ``Donaldson Lufkin and Jenrette``: an acronym whose letters are
    the initials of exactly one organisation named in full in the story is that organisation."""
    full = [n for n, t in tallies.items() if len(n.split()) >= 2
            and (t.kind == "org" or (t.kind == "thing" and n.split()[-1] in INSTRUMENT_HEADS))]  # FARA: an Act
    for name in [n for n, t in tallies.items() if t.kind in ("org", "thing")]:
        letters = name.replace(".", "")
        if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
            continue
        owners = [f for f in full if f != name and _initials(f) == letters]
        if len(owners) == 1:
            kind = tallies[owners[0]].kind
            salience.merge(tallies, name, owners[0])
            tallies[owners[0]].kind = kind  # ``FARA`` is the Act it spells, whatever its letters looked like


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w[:1].isupper())


def _join_short_forms(tallies: dict[str, Tally], legal: set[str], gaz: Gazetteer) -> None:
    """One organisation, one tag: a bare short form (an acronym, ``NL``, or a name of two words or more taken for a
    person or a thing, ``Dai Nippon``) joins the one organisation whose full name it begins (``NL Industries``, ``Dai Nippon
    Printing``); an organisation named after a company of the
    story that came with its legal form (``First Ameri-Cable Income Fund`` beside ``First Ameri-Cable Corp``) is
    its unit or fund, and joins it."""
    for name in sorted((n for n in legal if n in tallies and " " in n), key=len):
        rest = name.split(" ", 1)[1]  # ``Ameri-Cable`` for ``First Ameri-Cable``: a mention without its first word
        if rest in tallies and rest not in legal and rest not in gaz.orgs:
            salience.merge(tallies, rest, name)
    orgs = sorted((n for n, t in tallies.items() if t.kind == "org"), key=len)
    for name in [n for n in orgs if n in legal and n in tallies]:
        for unit in [o for o in orgs if o in tallies and o != name and o.startswith(name + " ")]:
            salience.merge(tallies, unit, name)
    orgs = [n for n, t in tallies.items() if t.kind == "org"]
    for name in [n for n, t in tallies.items() if n not in legal and n not in gaz.orgs
                 and ((t.kind in ("thing", "person") and " " in n) or (t.kind == "org" and ACRONYM.fullmatch(n)))]:
        owners = [o for o in orgs if o != name and o.startswith(name + " ")]  # an acronym must begin it whole
        if len(owners) == 1 and name in tallies:
            salience.merge(tallies, name, owners[0])


_ALIAS = re.compile(r"\b(?:(?:also |better )?known as|(?:his|her|a) (?:code ?name|nickname|nom de guerre|alias|pen name|"
                    r"stage name)|nicknamed|alias)[,:]?\s+[\"“‘']?([A-Z][\w’'\-]*(?: [A-Z][\w’'\-]*){0,3})")


def _join_aliases(text: str, tallies: dict[str, Tally]) -> None:
    """``referred to Wazir by his code name, Abu Jihad``, ``X, known as Y``: an alias the text gives a person is
    that person (the one named last before it in the sentence)."""
    people = {n: t for n, t in tallies.items() if t.kind == "person"}
    for match in _ALIAS.finditer(text):
        alias = match.group(1)
        if alias not in tallies:
            continue
        start = max(text.rfind(". ", 0, match.start()), text.rfind("\n", 0, match.start()), 0)
        sentence = text[start:match.start()]
        named = [(sentence.rfind(surface), name) for name, tally in people.items() if name != alias
                 for surface in tally.surfaces | {name, name.split()[-1]} if surface in sentence]
        if named:
            owner = max(named)[1]
            if owner in tallies and alias in tallies:
                tallies[alias].kind = "person"
                salience.merge(tallies, alias, owner)


def _join_people(tallies: dict[str, Tally]) -> None:
    """Fold a surname alone (``Tokayev``) into the full name (``Kassym-Jomart Tokayev``)."""
    people = [n for n, t in tallies.items() if t.kind == "person"]
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in people:
        by_surname[name.split()[-1]].append(name)
    for name in list(tallies):
        words = name.split()
        if name in people and len(words) > 1:
            # ``Farina Elia`` beside ``Sylvia Farina Elia``: a surname of two words is a short form too
            owners = [p for p in by_surname.get(words[-1], []) if p != name and p.endswith(" " + name)]
            if len(owners) == 1 and not is_given_name(words[0]):
                salience.merge(tallies, name, owners[0])
            continue
        key = words[-1]
        owners = [p for p in by_surname.get(key, []) if p != name]
        if len(owners) == 1 and tallies[name].kind in ("thing", "person"):
            salience.merge(tallies, name, owners[0])
