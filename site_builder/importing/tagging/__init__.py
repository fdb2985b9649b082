"""Automatic, deterministic, explainable tags for an imported article.

An article's tags are its section and subjects from the topic vocabulary
(:mod:`.topics`), then its central entities (places, people, organisations
as canonical names, see :mod:`.entities`). Free keyphrases
(:mod:`.keyphrases`) are no tags: they become the article's ``keywords``.
Tags pass through :mod:`.normalise` (config aliases, ``never``, junk filter)
and are capped at ``config.tags.max_per_article``; ``always`` tags the
article mentions are kept beyond the cap.
"""
from __future__ import annotations

from dataclasses import dataclass

from site_builder.model import article as model
from site_builder.config.options import TagsConfig
from site_builder.importing.tagging.entities import entities, lede_end
from site_builder.importing.tagging.gazetteer import gazetteer
from site_builder.importing.tagging.keyphrases import keyphrases
from site_builder.importing.tagging.normalise import canonical, finalise, keyword_list, ranked_list, tidy
from site_builder.importing.tagging.salience import untaggable
from site_builder.importing.tagging.topics import Topics, classify, vocabulary

RANKED_LENGTH = 10
KEYWORDS = 5
PER_KIND = 3  # people, and organisations, tagged per article at most
KINDS = {"place": "places", "person": "people", "org": "organisations"}
TAG_KINDS = model.TAG_KINDS  # the front matter lists the importer writes


@dataclass(frozen=True)
class TagResult:
    """The article's tags (section, subjects, entities), what kind each tag is, its keywords, the tagger's
    full ranked list (entities and keyphrases by score) and the evidence behind every choice."""

    tags: tuple[str, ...]
    ranked: tuple[str, ...]
    section: str = ""
    subjects: tuple[str, ...] = ()
    kinds: tuple[tuple[str, str], ...] = ()  # (tag, kind): section / subjects / places / people / organisations
    keywords: tuple[str, ...] = ()
    topics: Topics | None = None
    entities: tuple[tuple[str, str, float], ...] = ()  # (name, kind, score) of the central entities
    rejected: tuple[tuple[str, str], ...] = ()  # (name, why) of entity candidates left out


def extract_tags(title: str, lede: str, paragraphs: tuple[str, ...] | list[str], config: TagsConfig,
                 place: str = "", category: str = "") -> TagResult:
    """Tags for one article (pure and deterministic); ``category``: the agency's section line, if the copy has one."""
    gaz = gazetteer()
    text = "\n\n".join(p for p in (lede, *paragraphs) if p)
    passing: dict[str, str] = {}  # names left out as passing mentions: no topic either
    reasons: dict[str, str] = {}  # why a recognised name is left out, in words (``import --explain``)
    found = entities(text, title, gaz, place, dropped=passing, why=reasons,
                     lede_end=lede_end(lede, paragraphs[0] if paragraphs else ""))
    people = {e.name.lower() for e in found if e.kind == "person"}
    people |= {n.lower() for n, kind in passing.items() if kind == "person"}
    phrases = keyphrases(title, text, gaz, exclude={e.name.lower() for e in found} | {n.lower() for n in passing},
                         people=people)
    lead = "\n\n".join(p for p in (lede, *paragraphs[:1]) if p)
    places = len({e.name for e in found if e.kind == "place"})
    topics = classify(title, lead, "\n\n".join(paragraphs[1:]), vocabulary(config.subjects, config.builtin_vocabulary),
                      places, category)
    why_not = {e.name: reasons.get(e.name) or untaggable(e.name, e.kind, e.score, e.headline, e.official, e.titled,
                                                         gaz, e.mentions, e.source, e.lede) for e in found}
    named = [e for e in found if not why_not[e.name]]
    for kind in ("person", "org"):  # the most central few of each: a story is about two or three names
        for extra in [e for e in named if e.kind == kind][PER_KIND:]:
            why_not[extra.name] = f"{PER_KIND} more central {KINDS[kind]} already"
    named = [e for e in named if not why_not[e.name]]
    tags = finalise(topics.section, topics.subjects, named, config, text)
    kinds = {canonical(tidy(name), config).lower(): kind for name, kind in (
        (topics.section, "sections"), *((s, "subjects") for s in topics.subjects),
        *((e.name, KINDS[e.kind]) for e in named))}
    rejected = tuple(sorted({**{n: reasons.get(n, f"named in passing ({k})") for n, k in passing.items()},
                             **{n: why for n, why in why_not.items() if why}}.items()))
    return TagResult(tags, ranked_list(found, phrases, config, RANKED_LENGTH), topics.section, topics.subjects,
                     tuple((t, kinds.get(t.lower(), "")) for t in tags),
                     keyword_list(phrases, found, config, KEYWORDS), topics,
                     tuple((e.name, e.kind, round(e.score, 2)) for e in found), rejected)


def place_tags(place: str, config: TagsConfig) -> TagResult:
    """Tags for an article in a language the tagging rules were not written for: only the dateline
    place's country (a name that is the same whatever language the text is in), when it is known.
    No section or subjects: the vocabulary's evidence is English."""
    if not place:
        return TagResult((), ())
    found = [e for e in entities("", "", gazetteer(), place) if e.kind == "place"]
    tags = finalise("", (), found, config, "")
    return TagResult(tags, ranked_list(found, [], config, RANKED_LENGTH), kinds=tuple((t, "places") for t in tags),
                     entities=tuple((e.name, e.kind, round(e.score, 2)) for e in found),
                     rejected=(("section and subjects", "the topic vocabulary's evidence is English; "
                                                        "only the dateline's country is tagged"),))
