"""Topic keyphrases: noun-phrase-like word runs scored by frequency and rarity.

Candidates are runs of up to three content words between stopwords,
punctuation and verbs (``illegal aliens``, ``census bureau``, ``humanitarian
aid``). A word weighs its count in the article times its rarity in general
English (wordfreq Zipf scale); a phrase weighs the sum of its words, times how
often the whole phrase occurs, with a bonus for phrases in the title or the
first paragraph. Near-duplicates (plural forms, sub-phrases) are dropped.

Speed: the text is cut into chunks with one regular expression and each word
is judged once per process (:func:`_breaks`, cached), so an article costs a
few dictionary look-ups per word.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from site_builder.importing.tagging.frequency import zipf
from site_builder.importing.tagging.gazetteer import Gazetteer

MAX_WORDS = 3
MULTIWORD_BONUS = 1.5
_CHUNK = re.compile(r"[A-Za-z][A-Za-z\-]*(?:[ \t]+[A-Za-z][A-Za-z\-]*)*")
_VERBISH = re.compile(r"^[a-z]+(?:ed|ing)$")
_JUNK_WORD = re.compile(r"^(?:.*ly|[a-z]{1,2})$")
# Verbs that are rarely nouns (general English); their -s/-ed/-ing forms and these past forms end a candidate.
_VERBS = frozenset("""accept add agree allow announce appear argue ask become begin believe bring build buy cause
claim consider continue create decide declare deny describe develop discuss ensure expect explain fail feel find
follow give happen hear help hold include indicate insist involve join keep kill know lead learn leave let lose
maintain mean meet need offer prefer prepare prevent promise propose prove provide pull reach receive recognise
recognize reduce refuse reject remain remember require reveal say see seek seem send serve set show sign speak spend
stand start stay suggest support suppose take talk tell tend threaten try turn understand urge want warn wish write""".split())
_IRREGULAR = frozenset("""said told made took gave came went saw knew thought brought bought built began become became
held kept left lost meant met paid sent set shown spent stood taken given known seen written spoken chosen rose fell
grew won got""".split())
_VERB_FORMS = frozenset(
    [v + "s" for v in _VERBS] + [v + "es" for v in _VERBS] + [v[:-1] + "ies" for v in _VERBS if v.endswith("y")]
) | _IRREGULAR


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


def is_verb_form(word: str) -> bool:
    """True for an inflected verb that is rarely a noun (``supports``, ``said``, ``warns``)."""
    return word in _VERB_FORMS


@functools.lru_cache(maxsize=131072)
def _breaks(token: str, stopwords: frozenset[str], titles: frozenset[str], demonyms: frozenset[str]) -> bool:
    """True when ``token`` (as written) cannot be part of a topic phrase (``Kazakh`` is a place tag already)."""
    word = token.lower()
    return (word in stopwords or token in demonyms or bool(_JUNK_WORD.match(word)) or is_verb_form(word)
            or (token[0].isupper() and token.rstrip(".") in titles) or (token.isupper() and len(token) > 1)
            or not word.strip("-"))


def _chunks(text: str, gaz: Gazetteer) -> list[tuple[int, list[str]]]:
    """(offset, lower-case words) of every run of phrase words, in text order."""
    out = []
    stop, titles, demonyms = gaz.stopwords, gaz.titles, gaz.demonym_words
    for match in _CHUNK.finditer(text):
        chunk: list[str] = []
        for token in match.group(0).split():
            if _breaks(token, stop, titles, demonyms):
                if chunk:
                    out.append((match.start(), chunk))
                    chunk = []
            else:
                chunk.append(token.lower().strip("-"))
        if chunk:
            out.append((match.start(), chunk))
    return out


@functools.lru_cache(maxsize=131072)
def _verbish(word: str) -> bool:
    return bool(_VERBISH.match(word))


def candidates(text: str, gaz: Gazetteer) -> list[tuple[int, tuple[str, ...]]]:
    """(position, words) of every candidate phrase, in text order."""
    out: list[tuple[int, tuple[str, ...]]] = []
    for position, chunk in _chunks(text, gaz):
        flags = [_verbish(w) for w in chunk]
        for i, word in enumerate(chunk):
            if not flags[i]:
                out.append((position, (word,)))
            for size in range(2, min(MAX_WORDS, len(chunk) - i) + 1):
                if not flags[i] and not flags[i + size - 1]:
                    out.append((position, tuple(chunk[i:i + size])))
    return out


@functools.lru_cache(maxsize=131072)
def _rarity(word: str) -> float:
    value = zipf(word)
    return 4.0 if value == 0 else max(0.2, 6.5 - value)


@functools.lru_cache(maxsize=131072)
def _very_common(word: str) -> bool:
    return zipf(word) > 5.0


def keyphrases(title: str, text: str, gaz: Gazetteer, exclude: set[str] = frozenset(), limit: int = 15,
               people: set[str] = frozenset()) -> list[Keyphrase]:
    """The best topic phrases of an article, best first: none is, holds or cuts an ``exclude`` name
    (lower case), nor holds or cuts the full name of one of ``people`` (``chairman mukesh ambani``)."""
    found = candidates(text, gaz)
    if not found:
        return []
    words: Counter[str] = Counter()
    phrases: Counter[tuple[str, ...]] = Counter()
    first_seen: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
    for position, phrase in found:
        key = tuple(map(stem, phrase))
        phrases[key] += 1
        if len(key) == 1:
            words[key[0]] += 1
        if key not in first_seen:
            first_seen[key] = (position, phrase)
    title_stems = {stem(w) for w in re.findall(r"[a-z][a-z\-]*", title.lower())}
    lead = max(len(text) // 5, 400)
    scored = [Keyphrase(" ".join(phrase), _score(key, phrase, position, words, phrases, title_stems, lead))
              for key, (position, phrase) in first_seen.items()]
    scored.sort(key=lambda k: (-k.score, k.phrase))
    return _distinct(scored, exclude, limit, _name_edges(people))


def _score(key: tuple[str, ...], phrase: tuple[str, ...], position: int, words: Counter[str],
           phrases: Counter[tuple[str, ...]], title_stems: set[str], lead: int) -> float:
    """Weight of one candidate: word counts times rarity, phrase frequency, lead and title bonuses."""
    weight = sum(words[w] * _rarity(s) for w, s in zip(key, phrase)) / (len(key) ** 0.5)
    if len(key) > 1:  # a specific phrase says more than one word (``illegal aliens`` over ``aliens``)
        weight *= MULTIWORD_BONUS * math.sqrt(phrases[key]) * (0.6 if phrases[key] < 2 else 1.0)
    if position < lead:
        weight *= 1.3
    if all(w in title_stems for w in key):
        weight *= 1.6
    if len(key) == 1 and _very_common(phrase[0]):
        weight *= 0.5
    return weight


def _name_edges(people: set[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(full names and their leading word runs, full names and their trailing word runs) of multi-word names."""
    heads: set[str] = set()
    tails: set[str] = set()
    for person in people:
        words = person.split()
        if len(words) > 1:
            heads.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
            tails.update(" ".join(words[-k:]) for k in range(1, len(words) + 1))
    return frozenset(heads), frozenset(tails)


def _overlaps(phrase: str, edges: tuple[frozenset[str], frozenset[str]]) -> bool:
    """True for a phrase around a person's full name, cutting one or ending in the surname
    (``governor jose fernandez``, ``croooner bobby``, ``plays darin`` beside Bobby Darin): the name is the tag."""
    heads, tails = edges
    if not heads:
        return False
    words = phrase.split()
    for k in range(1, len(words) + 1):
        end = " ".join(words[-k:])
        if end in heads or end in tails or " ".join(words[:k]) in tails:
            return True
    return False


def _distinct(scored: list[Keyphrase], exclude: set[str], limit: int,
              names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())) -> list[Keyphrase]:
    """Best phrases without repeats: no phrase inside a chosen one, no excluded (entity) names."""
    chosen: list[Keyphrase] = []
    keys: list[str] = []
    for item in scored:
        if item.phrase in exclude or any(item.phrase in e for e in exclude) or _overlaps(item.phrase, names):
            continue
        key = " ".join(stem(w) for w in item.phrase.split())
        if any(key in k or k in key for k in keys):
            continue
        chosen.append(item)
        keys.append(key)
        if len(chosen) == limit:
            break
    return chosen
