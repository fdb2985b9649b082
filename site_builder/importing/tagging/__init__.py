"""Automatic, deterministic, explainable tags for an imported article.

Entities come first (places, people, organisations as canonical names, see
:mod:`.entities`), then topic keyphrases (:mod:`.keyphrases`). Tags pass
through :mod:`.normalise` (config aliases, ``never``, junk filter) and are
capped at ``config.tags.max_per_article``; ``always`` tags the article
mentions are kept beyond the cap.
"""
from __future__ import annotations

from dataclasses import dataclass

from site_builder.config.options import TagsConfig
from site_builder.importing.tagging.entities import entities
from site_builder.importing.tagging.gazetteer import gazetteer
from site_builder.importing.tagging.keyphrases import keyphrases
from site_builder.importing.tagging.normalise import finalise, ranked_list

RANKED_LENGTH = 10


@dataclass(frozen=True)
class TagResult:
    """The article's tags, and the tagger's full ranked list (entities and topics by score)."""

    tags: tuple[str, ...]
    ranked: tuple[str, ...]


def extract_tags(title: str, lede: str, paragraphs: tuple[str, ...] | list[str], config: TagsConfig,
                 place: str = "") -> TagResult:
    """Tags for one article (pure and deterministic)."""
    gaz = gazetteer()
    text = "\n\n".join(p for p in (lede, *paragraphs) if p)
    passing: dict[str, str] = {}  # names left out as passing mentions: no topic either
    found = entities(text, title, gaz, place, dropped=passing)
    people = {e.name.lower() for e in found if e.kind == "person"}
    people |= {n.lower() for n, kind in passing.items() if kind == "person"}
    topics = keyphrases(title, text, gaz, exclude={e.name.lower() for e in found} | {n.lower() for n in passing},
                        people=people)
    tags = finalise(found, topics, config, text)
    return TagResult(tags, ranked_list(found, topics, config, RANKED_LENGTH))


def place_tags(place: str, config: TagsConfig) -> TagResult:
    """Tags for an article in a language the tagging rules were not written for: only the dateline
    place's country (a name that is the same whatever language the text is in), when it is known."""
    if not place:
        return TagResult((), ())
    found = entities("", "", gazetteer(), place)
    tags = finalise(found, [], config, "")
    return TagResult(tags, ranked_list(found, [], config, RANKED_LENGTH))
