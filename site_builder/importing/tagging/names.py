"""Given (first) names: a general lexicon of about 45,000 names from many countries.

The list is the name dictionary shipped with the ``gender-guesser`` package
(Jörg Michael's ``nam_dict.txt``); only spellings and popularity are used,
never genders. A capitalised pair such as ``Clayton Yeutter`` is a person when
its first word is a known given name. A name that is also an everyday English
word (``Will``, ``Long``, ``Grant``) only counts when it is a popular given name
in Britain, Ireland or the USA (``John``, ``Mark``, ``Bill``). Loaded once.
"""
from __future__ import annotations

import functools
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from site_builder.importing.tagging.frequency import zipf

COMMON_WORD = 4.3  # Zipf frequency from which a spelling is an everyday English word too
POPULAR = 5  # popularity (1-13 scale of the lexicon) an everyday-word name needs in GB/IE/US
_ENGLISH_COLUMNS = slice(30, 33)  # great_britain, ireland, usa


def _popularity(columns: str) -> int:
    values = [int(c, 16) for c in columns if c.strip() and c in "0123456789ABCDEF"]
    return max(values, default=0)


@functools.lru_cache(maxsize=1)
def given_names() -> Mapping[str, int]:
    """Given name as spelled (``Jose``, ``Jean-Pierre``) -> its popularity in English-speaking countries."""
    text = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_text("utf-8")
    names: dict[str, int] = {}
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        if len(parts) < 2 or not parts[1][:1].isupper():
            continue
        popularity = _popularity(line[_ENGLISH_COLUMNS])
        for name in {parts[1].replace("+", "-"), parts[1].replace("+", " ")}:
            names[name] = max(names.get(name, 0), popularity)
    return MappingProxyType(names)


def is_given_name(word: str) -> bool:
    """True for a known given name that is not merely an everyday word."""
    names = given_names()
    if word in names:
        return zipf(word.lower()) < COMMON_WORD or names[word] >= POPULAR
    if "-" in word:
        return all(is_given_name(part) for part in word.split("-"))
    return False
