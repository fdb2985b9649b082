"""Topic keyphrases: noun-phrase-like word runs scored by frequency and rarity.

Candidates are runs of up to three content words between stopwords and
punctuation (``illegal aliens``, ``census bureau``, ``humanitarian aid``).
A word weighs its count in the article times its rarity in general English
(wordfreq Zipf scale); a phrase weighs the sum of its words, times how often
the whole phrase occurs, with a bonus for phrases in the title or the first
paragraph. Near-duplicates (plural forms, sub-phrases) are dropped.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from site_builder.tagging.frequency import zipf
from site_builder.tagging.gazetteer import Gazetteer

MAX_WORDS = 3
_TOKEN = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]|\n|[^\sA-Za-z]")
_VERBISH = re.compile(r"^[a-z]+(?:ed|ing)$")
_JUNK_WORD = re.compile(r"^(?:.*ly|[a-z]{1,2})$")


@dataclass(frozen=True)
class Keyphrase:
    """A topic phrase (lower case) and its score."""

    phrase: str
    score: float


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude plural-folding stem (``aliens`` -> ``alien``, ``policies`` -> ``polici``)."""
    for suffix, repl in (("ies", "i"), ("sses", "ss"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def candidates(text: str, gaz: Gazetteer) -> list[tuple[int, tuple[str, ...]]]:
    """(position, words) of every candidate phrase, in text order."""
    out: list[tuple[int, tuple[str, ...]]] = []
    chunk: list[str] = []
    position = 0

    def flush() -> None:
        for size in range(1, MAX_WORDS + 1):
            for i in range(len(chunk) - size + 1):
                phrase = tuple(chunk[i:i + size])
                if _VERBISH.match(phrase[-1]) or _VERBISH.match(phrase[0]) and size > 1:
                    continue
                out.append((position, phrase))
        chunk.clear()

    for match in _TOKEN.finditer(text):
        token = match.group(0)
        word = token.lower()
        if not token[0].isalpha() or word in gaz.stopwords or _JUNK_WORD.match(word) \
                or token.rstrip(".") in gaz.titles and token[0].isupper() or (token.isupper() and len(token) > 1):
            flush()
            position = match.end()
            continue
        chunk.append(word)
    flush()
    return out


def _rarity(word: str) -> float:
    value = zipf(word)
    return 4.0 if value == 0 else max(0.2, 6.5 - value)


def keyphrases(title: str, text: str, gaz: Gazetteer, exclude: set[str] = frozenset(), limit: int = 15) -> list[Keyphrase]:
    """The best topic phrases of an article, best first."""
    found = candidates(text, gaz)
    if not found:
        return []
    keyed = [(position, phrase, tuple(stem(w) for w in phrase)) for position, phrase in found]
    words = Counter(key[0] for _, _, key in keyed if len(key) == 1)
    phrases = Counter(key for _, _, key in keyed)
    first_seen: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
    for position, phrase, key in keyed:
        first_seen.setdefault(key, (position, phrase))
    title_stems = {stem(w.lower()) for w in _TOKEN.findall(title)}
    lead = max(len(text) // 5, 400)
    scored = []
    for key, (position, phrase) in first_seen.items():
        weight = sum(words[w] * _rarity(s) for w, s in zip(key, phrase)) / (len(key) ** 0.5)
        weight *= math.sqrt(phrases[key]) if len(key) > 1 else 1.0
        if len(key) > 1 and phrases[key] < 2:
            weight *= 0.6
        if position < lead:
            weight *= 1.3
        if all(w in title_stems for w in key):
            weight *= 1.6
        if len(key) == 1 and zipf(phrase[0]) > 5.0:
            weight *= 0.5
        scored.append(Keyphrase(" ".join(phrase), weight))
    scored.sort(key=lambda k: (-k.score, k.phrase))
    return _distinct(scored, exclude, limit)


def _distinct(scored: list[Keyphrase], exclude: set[str], limit: int) -> list[Keyphrase]:
    """Best phrases without repeats: no phrase inside a chosen one, no excluded (entity) names."""
    chosen: list[Keyphrase] = []
    keys: list[str] = []
    for item in scored:
        if item.phrase in exclude or any(item.phrase in e for e in exclude):
            continue
        key = " ".join(stem(w) for w in item.phrase.split())
        if any(key in k or k in key for k in keys):
            continue
        chosen.append(item)
        keys.append(key)
        if len(chosen) == limit:
            break
    return chosen
