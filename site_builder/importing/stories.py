"""Stories across their versions: which imported page a new seed updates, and what the page keeps.

:mod:`versions` says whether two texts are versions of one story; this module applies it to a site:
a new seed is matched against this run's earlier seeds and the pages of the same agency and dateline
place (:func:`version_targets`), and the page written for it keeps the story's first date and arrival,
its earlier seeds and its last update (:func:`lineage_of`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from site_builder.importing.versions import StoryFacts, is_version_of
from site_builder.importing.wire import Draft

#: Where ``pages_by_seed`` keeps a page's body beside its front matter (no front matter key can be this).
BODY_KEY = "\x00body"


def recorded_arrival(meta: dict) -> dt.datetime | None:
    """The ``received`` time a page recorded at its import (UTC), or None."""
    from site_builder.reading.reader import to_datetime

    try:
        return to_datetime(meta["received"], ZoneInfo("UTC")).astimezone(dt.timezone.utc)
    except (KeyError, TypeError, ValueError, OverflowError):
        return None



@dataclass(frozen=True)
class Lineage:
    """What a page keeps across versions of its story: its first date and arrival, the last update,
    the seeds of earlier versions, and whether a kill notice withdrew it."""

    date: dt.date | None = None  # the page's date as first imported, a date or a datetime (None: the draft's)
    date_source: str = ""
    received: dt.datetime | None = None
    updated: dt.datetime | None = None
    versions: tuple[str, ...] = ()
    withdrawn: bool = False



def lineage_of(old: dict, old_body: str, draft: Draft, received: dt.datetime, is_version: bool,
               moment: dt.datetime) -> Lineage:
    """What the page of a new ``draft`` that arrived at ``received`` keeps from the page it replaces (``old``,
    {} for a new page; ``old_body`` its body).

    A later version keeps the story's first date and arrival, and is ``updated`` at its own
    arrival. A changed seed whose text changed is ``updated`` at ``moment``: the commit that last
    changed it when git tracks it as it is, else this import.
    """
    if not old:
        return Lineage()
    earlier = tuple(str(v) for v in old.get("versions") or () if isinstance(v, str))
    updated = _aware(old.get("updated"))
    changed = old_body != draft.markdown_body().strip()
    if is_version:
        earlier += (str(old.get("seed")),) if isinstance(old.get("seed"), str) else ()
        updated = received if changed or draft.withdrawn else updated  # a resent copy changes nothing
    elif changed:
        updated = moment
    return Lineage(date=old.get("date") if is_version else None,
                   date_source=str(old.get("date_source") or "") if is_version else "",
                   received=recorded_arrival(old) if is_version else None, updated=updated,
                   versions=earlier, withdrawn=bool(old.get("withdrawn")) and not is_version)


def _aware(value: object) -> dt.datetime | None:
    """A recorded ``updated`` time, or None."""
    return recorded_arrival({"received": value}) if value is not None else None


def _body_of(meta: dict) -> str:
    """The body text recorded with a page's front matter by :func:`pages_by_seed` ('' when unknown)."""
    return str(meta.get(BODY_KEY, "")).strip()


def version_targets(seeds: list[tuple[str, Draft]], known: dict[str, tuple[Path, dict]]) -> dict[str, Path | str]:
    """Seed -> the page (or the earlier seed in this run) whose story it is a later version of.

    ``seeds`` are (seed path, draft) in arrival order; only seeds without a page of their own are versions.
    """
    by_dateline: dict[tuple[str, str], dict[Path, dict]] = {}  # (agency, place) -> pages: few to compare
    for page, meta in known.values():
        if _page_is_story(meta):
            by_dateline.setdefault((str(meta["agency"]), str(meta.get("place") or "").lower()), {})[page] = meta
    roots: list[tuple[str, StoryFacts]] = []
    out: dict[str, Path | str] = {}
    for display, draft in seeds:
        if display in known:
            continue
        new = story_facts(draft)
        match: Path | str | None = next((root for root, facts in roots
                                         if is_version_of(new, facts, draft.withdrawn)), None)
        if match is None:
            same_dateline = by_dateline.get((new.agency, new.place.lower()), {})
            match = next((page for page, meta in sorted(same_dateline.items())
                          if is_version_of(new, page_facts(meta), draft.withdrawn)), None)
        if match is None:
            roots.append((display, new))
        else:
            out[display] = match
    return out


def story_facts(draft: Draft) -> StoryFacts:
    """What identifies a draft's story across its versions."""
    return StoryFacts(draft.title, draft.place, draft.agency, draft.date, "\n".join((draft.lede, *draft.paragraphs)),
                      marked=bool(draft.wire_prefixes or draft.advisory))


def _page_is_story(meta: dict) -> bool:
    return isinstance(meta.get("agency"), str) and isinstance(meta.get("title"), str) and meta.get("date") is not None


def page_facts(meta: dict) -> StoryFacts:
    """What identifies an imported page's story (its title, place, agency, date and body text)."""
    date = meta["date"]
    day = date.date() if isinstance(date, dt.datetime) else date if isinstance(date, dt.date) else dt.date.min
    return StoryFacts(str(meta["title"]), str(meta.get("place") or ""), str(meta["agency"]), day,
                      "\n".join((str(meta.get("lede") or ""), _body_of(meta))))
