"""Final tag lists: config aliases, ``never``, junk filter, cap and ``always``."""
from __future__ import annotations

import calendar
import re

from site_builder.config.options import TagsConfig
from site_builder.importing.datelines import AGENCIES, AGENCY_WORDS, AMBIGUOUS
from site_builder.importing.tagging.entities import Entity
from site_builder.importing.tagging.keyphrases import Keyphrase

TOPIC_SHARE = 2  # article tags keep room for this many topics when there are any
JUNK = frozenset(
    [d.lower() for d in calendar.day_name] + [m.lower() for m in calendar.month_name if m]
    + ["tass", "reuters", "reuter", "ap", "afp", "upi", "bbc", "associated press", "all news", "news",
       "president", "minister", "prime minister", "mr", "mrs", "ms", "today", "yesterday"]
) | {spelling for name, agency in AGENCIES.items() for spelling in (name, agency.lower())
   if spelling not in AMBIGUOUS}  # agencies are never tags


_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{},;:!?"
_ABBREVIATION_END = re.compile(r"(?:\b\w\.)+$")  # U.S., U.N.


def tidy(tag: str) -> str:
    """``tag`` with single spaces and without stray punctuation at its ends (keeps ``U.S.``)."""
    tag = " ".join(tag.split()).strip(_EDGE_PUNCTUATION)
    if tag.endswith(".") and not _ABBREVIATION_END.search(tag):
        tag = tag.rstrip(".").rstrip()
    return tag


def canonical(tag: str, config: TagsConfig) -> str:
    """``tag`` after the site's alias table (exact spelling first, then case-insensitive)."""
    if tag in config.aliases:
        return config.aliases[tag]
    lowered = {k.lower(): v for k, v in config.aliases.items()}
    return lowered.get(tag.lower(), tag)


def allowed(tag: str, config: TagsConfig) -> bool:
    """False for junk and for the site's ``never`` tags."""
    lowered = tag.lower()
    return (bool(tag.strip()) and lowered not in JUNK and lowered not in {n.lower() for n in config.never}
            and not AGENCY_WORDS.intersection(lowered.split()))


def _unique(tags: list[str], config: TagsConfig) -> list[str]:
    seen: set[str] = set()
    out = []
    for tag in tags:
        tag = canonical(tidy(tag), config)
        if allowed(tag, config) and tag.lower() not in seen:
            seen.add(tag.lower())
            out.append(tag)
    return out


def finalise(found: list[Entity], topics: list[Keyphrase], config: TagsConfig, text: str) -> tuple[str, ...]:
    """Entities first, then topics, at most ``max_per_article``; plus mentioned ``always`` tags."""
    limit = config.max_per_article
    entity_tags = _unique([e.name for e in found], config)
    topic_tags = [t for t in _unique([t.phrase for t in topics], config) if t.lower() not in {e.lower() for e in entity_tags}]
    room = max(limit - min(TOPIC_SHARE, len(topic_tags)), 0)
    tags = entity_tags[:room]
    tags += topic_tags[: limit - len(tags)]
    for tag in config.always:
        if tag.lower() not in {t.lower() for t in tags} and re.search(rf"\b{re.escape(tag)}\b", text, re.IGNORECASE):
            tags.append(tag)
    return tuple(tags)


def ranked_list(found: list[Entity], topics: list[Keyphrase], config: TagsConfig, length: int) -> tuple[str, ...]:
    """Entities and topics merged by their score relative to the best of each kind."""
    top_e = max((e.score for e in found), default=1.0)
    top_t = max((t.score for t in topics), default=1.0)
    merged = [(e.score / top_e, e.name) for e in found] + [(0.95 * t.score / top_t, t.phrase) for t in topics]
    merged.sort(key=lambda pair: -pair[0])
    return tuple(_unique([name for _, name in merged], config)[:length])
