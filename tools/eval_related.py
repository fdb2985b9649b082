"""Measure related stories on the dev set: how many related pairs share a Reuters label or a BBC category.

Run as ``make eval-related`` (or ``python tools/eval_related.py``). The 200
articles of ``../shared/data`` are imported into a temporary site (research
data: read from ../shared, written only to a temporary folder, never kept),
the site model is made as the build makes it, and every (article, related
story) pair where both have gold labels (Reuters-21578 TOPICS/PLACES/PEOPLE/
ORGS/EXCHANGES, BBC category) is judged: relevant when they share a label.
Pairs with a TASS or AP story (no gold) are counted apart. Prints the figures;
exits 0 when the data is absent.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from site_builder import build
from site_builder.model.grouping import make_site  # noqa: E402
from site_builder.model.related import related_stories  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
TARGET = 0.80


def gold(sidecar: dict) -> frozenset[str]:
    """The gold labels of one article: its Reuters labels (any field) or its BBC category; empty if none."""
    if sidecar.get("category"):
        return frozenset({f"bbc:{sidecar['category']}"})
    labels = sidecar.get("labels") or {}
    return frozenset(f"reuters:{code}" for codes in labels.values() for code in codes)


def comparable(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two articles' gold labels can agree: both labelled, by the same scheme (a BBC category and a
    Reuters code can never be equal, so such a pair says nothing about relevance either way)."""
    return bool(a and b) and {label.split(":")[0] for label in a} == {label.split(":")[0] for label in b}


def measure(data: Path = DATA) -> dict[str, float | int]:
    """The relevance figures of related stories over the dev set in ``data``."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        (site / "site.toml").write_text('title = "Eval"\n[import]\nreference_date = 2026-11-29\n', encoding="utf-8")
        (site / "seeds").mkdir()
        labels_of_seed: dict[str, frozenset[str]] = {}
        for text in sorted((data / "articles").glob("*/*.txt")):
            shutil.copyfile(text, site / "seeds" / text.name)
            labels_of_seed[f"seeds/{text.name}"] = gold(json.loads(text.with_suffix(".json").read_text("utf-8")))
        config = build.load_config(site, None)
        build.run_import(site, config)
        articles, _ = build.read_articles(site, config)
        model, _ = make_site(articles, config.tz)
        started = time.perf_counter()
        related = related_stories(model.articles)
        seconds = time.perf_counter() - started
    labels = {a.slug: labels_of_seed.get(str(a.extra.get("seed", "")), frozenset()) for a in model.articles}
    judged = relevant = unjudged = 0
    counts = []
    for article in model.articles:
        links = related[article.id]
        counts.append(len(links))
        for other in links:
            if not comparable(labels[article.slug], labels[other.slug]):
                unjudged += 1
                continue
            judged += 1
            relevant += bool(labels[article.slug] & labels[other.slug])
    return {"articles": len(model.articles), "pairs": judged + unjudged, "judged": judged, "relevant": relevant,
            "share": relevant / judged if judged else 0.0, "unjudged": unjudged,
            "with_related": sum(1 for c in counts if c), "with_3_plus": sum(1 for c in counts if c >= 3),
            "seconds": seconds}


def main() -> int:
    if not DATA.is_dir():
        print(f"{DATA} not found: nothing to measure (the dev data sits beside the checkout)")
        return 0
    m = measure()
    print(f"articles: {m['articles']}, with related stories: {m['with_related']}, with 3 or more: {m['with_3_plus']}")
    print(f"related pairs: {m['pairs']} ({m['unjudged']} not judged: a TASS/AP story, or a BBC and a Reuters story)")
    print(f"relevant: {m['relevant']} of {m['judged']} judged pairs = {m['share']:.1%} (target {TARGET:.0%})")
    print(f"time: {m['seconds'] * 1000:.1f} ms for {m['articles']} articles")
    return 0 if m["share"] >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
