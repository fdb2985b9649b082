"""Related stories: for each article, a few others that share its rarer tags, keywords and section.

Each article's *features* are its tags (entities and subjects), its keywords
and its section. A feature shared by two articles counts by how rare it is on
the site (inverse document frequency, ``log(N / df)``): sharing "Kazakhstan" on
a site of world news counts for more than sharing "Politics", and a section
counts for half as much as a tag. Two stories are related when they share
*who or where* and *what*: an entity (place, person, organisation) and a
topic (subject, section or keyword), or two subjects (:func:`enough`). A
section and one subject alone, or places alone, are not enough: on the dev
set such pairs are unrelated about as often as related. An article's related
stories are the :data:`MOST` best scoring others that are related to it and
whose score reaches :data:`THRESHOLD`, shown newest first; ties are broken by the site order, so the answer is the same on
every build. Fewer than :data:`MOST` (or none) is a valid answer: a story with
nothing in common with the rest links nothing rather than anything.

The work stays linear in the number of articles: for each feature only the
:data:`WINDOW` articles nearest in the site order (in time) are candidates, so a
tag carried by thousands of stories costs a few dozen look-ups per article.
"""
from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

import datetime as dt

from site_builder.model.article import Article
from site_builder.model.grouping import tag_key

#: At most this many related stories per article.
MOST = 5
#: The least score a story needs to be related (e.g. two shared tags each carried by 1 in 3 articles).
THRESHOLD = 2.0
#: Weight of a shared section against a shared tag of the same rarity.
SECTION_WEIGHT = 0.5
#: Candidates per feature: the articles nearest in time that carry it, on each side.
WINDOW = 40


@dataclass(frozen=True)
class Related:
    """A link to a related story: what its page needs to show it (a page's value: small and stable)."""

    slug: str
    title: str
    date: dt.datetime
    section: str = ""


#: What a feature is: an entity (who or where), a subject, another topic (section, keyword), or a tag of no known kind.
ENTITY, SUBJECT, TOPIC, TAG = "entity", "subject", "topic", "tag"
_KIND_OF_LIST = {"places": ENTITY, "people": ENTITY, "organisations": ENTITY, "subjects": SUBJECT}


def features(article: Article) -> dict[str, tuple[float, str]]:
    """The features of ``article``: their own weight (before rarity; tags and keywords 1, section half) and kind."""
    kinds = {tag_key(name): _KIND_OF_LIST.get(kind, TAG) for kind, names in article.tag_kinds for name in names}
    found: dict[str, tuple[float, str]] = {}
    section = tag_key(article.section) if article.section else ""
    for tag in article.tags:
        key = tag_key(tag.name)
        if key != section:  # the section is a tag too (the importer files it first): count it once
            found[f"t:{key}"] = (1.0, kinds.get(key, TAG))
    for keyword in article.keywords:
        found.setdefault(f"t:{tag_key(keyword)}", (1.0, TOPIC))  # a keyword and a tag of the same name are one
    if article.section:
        found[f"s:{section}"] = (SECTION_WEIGHT, TOPIC)
    return found


def enough(shared: Sequence[str]) -> bool:
    """True when features of these kinds, shared, make two stories related (see the module docs)."""
    if TAG in shared:  # hand-written tags of no known kind: any two shared features
        return len(shared) >= 2
    return (ENTITY in shared and (SUBJECT in shared or TOPIC in shared)) or shared.count(SUBJECT) >= 2


def related_stories(articles: Sequence[Article]) -> dict[str, tuple[Related, ...]]:
    """Article id → its related stories, newest first, for ``articles`` in site order (newest first)."""
    own = [features(a) for a in articles]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(own):
        for feature in found:
            postings[feature].append(index)
    total = len(articles)
    rarity = {f: math.log(total / len(p)) for f, p in postings.items() if len(p) > 1}
    position = {f: {i: n for n, i in enumerate(p)} for f, p in postings.items() if f in rarity}
    result: dict[str, tuple[Related, ...]] = {}
    for index, article in enumerate(articles):
        scores: dict[int, float] = {}
        shared: dict[int, list[str]] = {}
        for feature, (weight, kind) in own[index].items():
            if feature not in rarity:
                continue
            posting, value = postings[feature], weight * rarity[feature]
            at = position[feature][index]
            for other in posting[max(0, at - WINDOW): at + WINDOW + 1]:
                scores[other] = scores.get(other, 0.0) + value
                shared.setdefault(other, []).append(kind)
        best = chosen(scores, shared, index)
        result[article.id] = tuple(link(articles[i]) for i in sorted(best))
    return result


def chosen(scores: Mapping[int, float], shared: Mapping[int, Sequence[str]], own: int) -> list[int]:
    """The best candidates (not ``own``) related by what they share (:func:`enough`) with a score of
    THRESHOLD, at most MOST.

    One shared feature is not enough, however rare: on the dev set, stories sharing one place alone
    (Japan, France) are as often unrelated as related.
    """
    fit = [i for i, kinds in shared.items() if i != own and enough(kinds) and scores[i] >= THRESHOLD]
    return heapq.nsmallest(MOST, fit, key=lambda i: (-scores[i], i))


def link(article: Article) -> Related:
    return Related(article.slug, article.title, article.date, article.section)


def related_of(related: Mapping[str, tuple[Related, ...]], article: Article) -> tuple[Related, ...]:
    """The related stories of ``article`` (none when it was not part of the site, as in a preview)."""
    return related.get(article.id, ())
