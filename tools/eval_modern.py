"""Measure the importer on today's agency copy: ../shared/data-modern and tests/wire-modern.

Called by ``tools/eval_import.py`` (``make eval-import``). Every figure is the
importer's output against the sidecars: nothing here is tuned per file.

* ``../shared/data-modern`` (research-only, read in place; skipped when absent):
  structure (title, lede, dateline, agency, paragraph count as in the sidecar),
  place (the place the expected dateline prints), agency, and dates where the
  sidecar has the publication day (ISOT), with that day as the arrival.
* ``tests/wire-modern`` (invented copy in the formats agencies use today, with
  ``expected.json``): structure, date by the arrival rule (arrival from the
  sidecar), place, agency, language, authors, credits, advisory, kill notices,
  and which stories are later versions of which.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from site_builder.config.options import TagsConfig
from site_builder.importing.wire import Draft, display_place, parse_seed
from site_builder.importing.versions import StoryFacts, is_version_of

ROOT = Path(__file__).resolve().parents[1]
MODERN_SET = ROOT / "tests" / "wire-modern"
STRUCTURE = ("title", "lede", "dateline", "agency", "paragraph_count")
_DATELINE_PLACE = re.compile(r"^(.*?)(?:[,.] (?:[A-Z][a-z]{2,8}\.? \d{1,2}\b)| ?\(|$)")


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "  n/a"


def _structure(draft: Draft) -> dict:
    return {"title": draft.title, "lede": draft.lede, "dateline": draft.dateline, "agency": draft.agency,
            "paragraph_count": len(draft.paragraphs)}


class Score:
    """Right/total per measure, and the misses to show."""

    def __init__(self) -> None:
        self.right: dict[str, int] = {}
        self.total: dict[str, int] = {}
        self.misses: list[str] = []

    def add(self, measure: str, ok: bool, miss: str = "") -> None:
        self.right[measure] = self.right.get(measure, 0) + ok
        self.total[measure] = self.total.get(measure, 0) + 1
        if not ok and miss:
            self.misses.append(f"    {measure}: {miss}")

    def report(self, title: str) -> None:
        print(title)
        for measure in self.total:
            r, t = self.right[measure], self.total[measure]
            print(f"  {measure:16s} {r}/{t} ({pct(r, t)})")
        for line in self.misses[:20]:
            print(line)


def expected_place(dateline: str) -> str:
    """The place an expected dateline prints (``BOGOTA, Colombia (Reuters) -`` -> ``Bogota, Colombia``)."""
    match = _DATELINE_PLACE.match(dateline)
    return display_place(match.group(1).strip()) if match else ""


def shared_modern(data: Path) -> None:
    """Score ../shared/data-modern."""
    score = Score()
    for path in sorted((data / "articles").glob("*/*.txt")):
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        expected = meta["expected"]
        published = _sidecar_day(meta.get("date", ""))
        arrival = dt.datetime.combine(published or dt.date(2005, 1, 31), dt.time(12), dt.timezone.utc)
        draft = parse_seed(path.read_text("utf-8"), path=path.name, tags=TagsConfig(), arrival=arrival)
        got = _structure(draft)
        bad = [f for f in STRUCTURE if got[f] != expected[f]]
        score.add("structure", not bad, f"{path.name}: " + ", ".join(f"{f} {got[f]!r} != {expected[f]!r}" for f in bad))
        place = expected_place(expected["dateline"])
        score.add("place", draft.place == place, f"{path.name}: {draft.place!r} != {place!r}")
        score.add("agency", draft.agency == expected["agency"], f"{path.name}: {draft.agency!r} != {expected['agency']!r}")
        if published:
            score.add("date", draft.date == published, f"{path.name}: {draft.date} ({draft.date_source}) != {published}")
    score.report(f"Modern copy, {data} ({sum(1 for _ in (data / 'articles').glob('*/*.txt'))} stories;"
                 " dates where the sidecar has the day, arriving at noon that day)")


def _sidecar_day(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.strip(), "%B %d, %Y").date()
    except ValueError:
        return None


def invented_modern(folder: Path = MODERN_SET) -> None:
    """Score tests/wire-modern (invented copy with expected parses)."""
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    score = Score()
    drafts: dict[str, tuple[Draft, dt.datetime]] = {}
    for name, want in sorted(expected.items()):
        arrival = dt.datetime.fromisoformat(want["arrival"])
        draft = parse_seed((folder / name).read_text("utf-8"), path=name, tags=TagsConfig(), arrival=arrival)
        drafts[name.removesuffix(".txt")] = (draft, arrival)
        got = _structure(draft)
        bad = [f for f in STRUCTURE if got[f] != want[f]]
        score.add("structure", not bad, f"{name}: " + ", ".join(f"{f} {got[f]!r} != {want[f]!r}" for f in bad))
        score.add("date", draft.date.isoformat() == want["date"], f"{name}: {draft.date} ({draft.date_source}) != {want['date']}")
        score.add("place", draft.place == want["place"], f"{name}: {draft.place!r} != {want['place']!r}")
        score.add("agency", draft.agency == want["agency"], f"{name}: {draft.agency!r} != {want['agency']!r}")
        score.add("language", draft.language == want["language"], f"{name}: {draft.language} != {want['language']}")
        score.add("authors", list(draft.authors) == want["authors"], f"{name}: {list(draft.authors)} != {want['authors']}")
        score.add("credits", draft.credits == want["credits"], f"{name}: {draft.credits!r} != {want['credits']!r}")
        score.add("advisory", draft.advisory == want["advisory"], f"{name}: {draft.advisory!r} != {want['advisory']!r}")
        score.add("withdrawn", draft.withdrawn == want["withdrawn"], f"{name}: {draft.withdrawn}")
    for new, (draft, arrival) in sorted(drafts.items()):
        truth = expected[f"{new}.txt"]["version_of"]
        found = [old for old, (other, when) in sorted(drafts.items())
                 if old != new and when < arrival and is_version_of(facts(draft), facts(other), draft.withdrawn)]
        score.add("versions", found == ([truth] if truth else []), f"{new}: version of {found} != {truth or 'none'}")
    score.report(f"Modern copy, invented ({len(expected)} stories in {folder.relative_to(ROOT)}; arrival from the sidecar)")


def facts(draft: Draft) -> StoryFacts:
    """What identifies a draft's story across versions."""
    return StoryFacts(draft.title, draft.place, draft.agency, draft.date, "\n".join((draft.lede, *draft.paragraphs)))


def main(shared: Path) -> None:
    """Print both modern-copy reports."""
    if (shared / "data-modern" / "articles").is_dir():
        shared_modern(shared / "data-modern")
    else:
        print(f"eval-import: no modern dev data at {shared / 'data-modern'}; skipped.")
    invented_modern()
