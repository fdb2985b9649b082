"""``site-builder import --explain``: why an article got its section and each tag, and what was left out."""
from __future__ import annotations

from site_builder.importing.tagging import TagResult
from site_builder.importing.tagging.topics import Candidate

EVIDENCE_SHOWN = 6  # terms listed per candidate
REJECTED_SHOWN = 8  # rejected subjects and sections listed


def _evidence(candidate: Candidate) -> str:
    shown = ", ".join(f"{term} {points:g}" for term, points in candidate.evidence[:EVIDENCE_SHOWN])
    more = len(candidate.evidence) - EVIDENCE_SHOWN
    return shown + (f", +{more} more" if more > 0 else "")


def explanation(result: TagResult) -> list[str]:
    """Lines explaining the section, every tag, and the rejected candidates with why."""
    lines: list[str] = []
    topics = result.topics
    kinds = dict(result.kinds)
    if topics is not None:
        chosen = next(c for c in topics.section_candidates if c.kept)
        lines.append(f"section {result.section}: {chosen.why}, score {chosen.score:g}"
                     + (f" ({_evidence(chosen)})" if chosen.evidence else ""))
        for candidate in [c for c in topics.section_candidates if not c.kept][:REJECTED_SHOWN]:
            lines.append(f"  rejected section {candidate.name}: {candidate.why} ({_evidence(candidate)})")
    by_subject = {c.name: c for c in topics.subject_candidates} if topics else {}
    entities = {name: (kind, score) for name, kind, score in result.entities}
    for tag in result.tags:
        kind = kinds.get(tag, "")
        if kind == "sections":
            continue
        if tag in by_subject:
            candidate = by_subject[tag]
            lines.append(f"tag {tag} (subject): score {candidate.score:g} ({_evidence(candidate)})")
        elif tag in entities:
            entity_kind, score = entities[tag]
            lines.append(f"tag {tag} ({kind or entity_kind}): central, named {score:g} time{'' if score == 1 else 's'} (weighted: title, "
                         "lede and dateline count more)")
        else:
            lines.append(f"tag {tag}: from [tags] always or an alias in site.toml")
    if topics is not None:
        for candidate in [c for c in topics.subject_candidates if not c.kept][:REJECTED_SHOWN]:
            lines.append(f"  rejected subject {candidate.name}: {candidate.why} ({_evidence(candidate)})")
    shown = {t.lower() for t in result.tags}
    for name, kind, _ in result.entities:
        if name.lower() not in shown and not any(name == n for n, _ in result.rejected):
            lines.append(f"  rejected {name} ({kind}): over [tags] max_per_article, or in [tags] never")
    for name, why in result.rejected:
        lines.append(f"  rejected {name}: {why}")
    for phrase in result.keywords:
        lines.append(f"  keyword {phrase}: a free keyphrase, kept as keywords (meta, search), not a tag")
    return lines
