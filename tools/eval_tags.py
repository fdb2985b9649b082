"""Tag quality on the dev data: reuse, sections, subjects, junk (called by ``tools/eval_import.py``).

* Reuse: share of tag uses on tags carried by at least two of the dev articles, share of
  distinct tags used once, mean tags per article.
* Sections: the article's ``section`` against the BBC category of ``../shared/data`` and the
  AG News category of ``../shared/data-modern`` (a category matches the sections listed for it).
* Subjects: precision/recall of the Reuters TOPICS codes that the vocabulary's subjects stand for
  (:data:`SUBJECT_CODES`), on the Reuters gold documents, counting only the codes covered.
* Junk: entity tags that are lower-case, agencies, weekdays/months, bare titles, numbers or single
  everyday words, listed for the dev set and the modern-copy set.

Nothing here is tuned per file; every figure comes from the importer's output against the sidecars.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

from site_builder.config.options import TagsConfig
from site_builder.importing.wire import Draft, parse_seed

#: Sections that count as right for each BBC category.
BBC_SECTIONS = {"business": {"Business & economy", "Markets", "Energy"}, "entertainment": {"Culture"},
                "politics": {"Politics"}, "sport": {"Sport"}, "tech": {"Science & technology"}}
#: Sections that count as right for each AG News category (AG "World" is all international news).
AG_SECTIONS = {"World": {"World", "Politics", "Crime & justice", "Society", "Health", "Environment"},
               "Sports": {"Sport"}, "Business": {"Business & economy", "Markets", "Energy"},
               "Sci/Tech": {"Science & technology", "Health", "Environment"}}
#: Vocabulary subject -> the Reuters-21578 TOPICS code it corresponds to (one code each).
SUBJECT_CODES = {
    "Trade": "trade", "Mergers and acquisitions": "acq", "Oil": "crude", "Company results": "earn",
    "Grains": "grain", "Currencies": "money-fx", "Economic growth": "gnp", "Natural gas": "nat-gas",
    "Coffee": "coffee", "Cocoa": "cocoa", "Sugar": "sugar", "Steel": "iron-steel", "Manufacturing": "ipi",
    "Balance of payments": "bop", "Livestock and meat": "livestock", "Oilseeds": "oilseed",
    "Petrochemicals": "pet-chem", "Interest rates": "interest", "Inflation": "cpi", "Employment": "jobs",
}
AGENCIES = {"reuters", "reuter", "ap", "afp", "tass", "upi", "xinhua", "kyodo", "interfax", "dpa", "bbc",
            "associated press", "agence france-presse", "ria novosti", "bernama", "yonhap", "ansa", "efe"}
CALENDAR = {n.lower() for n in (*calendar.day_name, *calendar.month_name) if n}
ENTITY_KINDS = ("places", "people", "organisations")


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "  n/a"


def drafts(folder: Path, reference: dt.date) -> list[tuple[Path, dict, Draft]]:
    """(path, sidecar, draft) of every article below ``folder``."""
    out = []
    for path in sorted(folder.glob("*/*.txt")):
        meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
        out.append((path, meta, parse_seed(path.read_text("utf-8"), path=path.name, reference_date=reference,
                                           tags=TagsConfig())))
    return out


def reuse_report(items: list[tuple[Path, dict, Draft]], name: str = "dev set") -> None:
    """Print reuse, tags used once, tags per article and per kind."""
    counts = Counter(t.lower() for _, _, d in items for t in d.tags)
    uses = sum(counts.values())
    shared = sum(c for c in counts.values() if c >= 2)
    once = sum(1 for c in counts.values() if c == 1)
    n = len(items)
    print(f"Tag reuse on the {name} ({n} articles, {len(counts)} distinct tags, {uses} uses)")
    print(f"  uses on tags carried by >= 2 articles: {pct(shared, uses)} (target >= 80%)")
    print(f"  distinct tags used once: {once}/{len(counts)} ({pct(once, len(counts))}) (target <= 30%)")
    print(f"  tags per article: mean {uses / n:.2f} (target 4-8), min {min(len(d.tags) for *_, d in items)},"
          f" max {max(len(d.tags) for *_, d in items)}")
    paged = sum(1 for c in counts.values() if c >= TagsConfig().min_articles)
    print(f"  tags with a page and 3 feeds at [tags] min_articles = {TagsConfig().min_articles}: {paged}"
          f" ({3 * paged} tag feeds for {n} articles)")
    kinds = Counter(k for _, _, d in items for _, k in d.tag_kinds)
    print("  uses by kind: " + ", ".join(f"{k or 'other'} {v}" for k, v in sorted(kinds.items())))


def section_report(name: str, items: list[tuple[Path, dict, Draft]], table: dict[str, set[str]]) -> None:
    """Print section accuracy against the sidecar categories, and every miss."""
    graded = [(p, m, d) for p, m, d in items if m.get("category") in table]
    right = [d.section in table[m["category"]] for _, m, d in graded]
    print(f"Sections vs {name}: {sum(right)}/{len(graded)} ({pct(sum(right), len(graded))}) (target >= 90%)")
    for (path, meta, draft), ok in zip(graded, right):
        if not ok:
            print(f"    {path.name}: {meta['category']} -> {draft.section} ({', '.join(draft.tagging.subjects)})")


def subject_report(data: Path) -> None:
    """Print precision/recall of the covered Reuters TOPICS codes."""
    covered = set(SUBJECT_CODES.values())
    docs = [json.loads(line) for line in (data / "tags-gold" / "reuters21578.jsonl").read_text("utf-8").splitlines()]
    tp = fp = fn = 0
    precisions, recalls, misses = [], [], []
    for doc in docs:
        draft = parse_seed(f"{doc['title']}\n\n{doc['text']}", path=doc["id"], reference_date=dt.date(1987, 12, 31),
                           tags=TagsConfig())
        predicted = {SUBJECT_CODES[s] for s in draft.tagging.subjects if s in SUBJECT_CODES}
        gold = set(doc["topics"]) & covered
        tp, fp, fn = tp + len(predicted & gold), fp + len(predicted - gold), fn + len(gold - predicted)
        if predicted:
            precisions.append(len(predicted & gold) / len(predicted))
        if gold:
            recalls.append(len(predicted & gold) / len(gold))
        if predicted != gold:
            misses.append(f"    {doc['id']}: gold {sorted(gold)} predicted {sorted(predicted)}"
                          f" (subjects {', '.join(draft.tagging.subjects)})")
    p = 100 * sum(precisions) / len(precisions) if precisions else 0.0
    r = 100 * sum(recalls) / len(recalls) if recalls else 0.0
    print(f"Subjects vs Reuters TOPICS ({len(docs)} docs; codes covered: {len(covered)}; target >= 80/80)")
    print(f"  macro P {p:5.1f}  R {r:5.1f}   (docs: {len(precisions)} predicted, {len(recalls)} gold);"
          f" micro P {pct(tp, tp + fp).strip()} R {pct(tp, tp + fn).strip()}")
    for line in misses:
        print(line)


def junk(tag: str) -> str:
    """Why an entity tag is junk ("" when it is not)."""
    from site_builder.importing.tagging.frequency import is_common
    from site_builder.importing.tagging.gazetteer import gazetteer

    gaz = gazetteer()
    low = tag.lower()
    if tag == low:
        return "lower case"
    if low in AGENCIES:
        return "agency"
    if low in CALENDAR:
        return "weekday or month"
    if re.fullmatch(r"[\d.,%\s-]+", tag):
        return "number"
    if all(w.rstrip(".") in gaz.titles or w.lower() in {"of", "the", "for"} for w in tag.split()):
        return "bare title"
    if " " not in tag and is_common(tag) and gaz.lookup_place(tag) is None and tag not in gaz.orgs \
            and not tag.isupper():
        return "single everyday word"
    return ""


def junk_report(name: str, items: list[tuple[Path, dict, Draft]]) -> None:
    """Print every junk entity tag of a set."""
    found = sorted({(t, junk(t)) for _, _, d in items for t, k in d.tag_kinds if k in ENTITY_KINDS and junk(t)})
    print(f"Junk entity tags on {name}: {len(found)}" + (": " + "; ".join(f"{t} ({why})" for t, why in found)
                                                        if found else ""))


def main(data: Path, modern: Path) -> None:
    """Print every tag figure for the dev set (and the modern-copy set when present)."""
    dev = drafts(data / "articles", dt.date(2024, 12, 31))
    reuse_report(dev)
    section_report("BBC categories", dev, BBC_SECTIONS)
    new = drafts(modern / "articles", dt.date(2017, 12, 31)) if (modern / "articles").is_dir() else []
    if new:
        reuse_report(new, "modern-copy set")
        section_report("AG News categories", new, AG_SECTIONS)
    else:
        print(f"Sections vs AG News: no modern data at {modern}; skipped")
    subject_report(data)
    junk_report("the dev set", dev)
    if new:
        junk_report("the modern-copy set", new)
