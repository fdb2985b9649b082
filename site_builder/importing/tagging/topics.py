"""Section and subjects of an article from a fixed, two-level topic vocabulary.

The vocabulary (``data/topics.toml``) lists about a dozen *sections* (World,
Politics, Business & economy, ...) and the *subjects* in them (Diplomacy,
Interest rates, Football, ...), each with the evidence that assigns it: terms (one point per mention) and strong terms (two points).
A site adds subjects, or replaces the built-in list, with ``[tags] subjects``
and ``[tags] builtin_vocabulary`` in ``site.toml``.

Scoring: the text is cut into lower-case words with plurals folded
(:func:`~site_builder.importing.tagging.keyphrases.stem`); every run of one to three
words that is a term adds its points, three times over in the title and one
and a half times in the lede or first paragraph. A subject is kept when it
scores at least :data:`MIN_SCORE`, at least :data:`RELATIVE` of the best
subject, and has two different terms or one strong term; at most
:data:`MAX_SUBJECTS` are kept. The section is the one whose own terms plus
the points of its subjects (those left out count :data:`REJECTED_SHARE`),
plus one point per central place beyond the first for sections with
``places``, and points per company named by its legal form or ticker
(``Pfizer Inc``, ``<PFE.N>``) for sections with ``companies``, and
:data:`CATEGORY_POINTS` when the agency's section line (``Business & Economy``)
is one of the section's ``categories``, weigh most; below :data:`MIN_SECTION` points the story gets the default section.

Every decision is kept with its evidence, for ``site-builder import --explain``.
"""
from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Mapping

from site_builder.importing.tagging.keyphrases import stem

MAX_SUBJECTS = 3
MIN_SCORE = 4.0
CATEGORY_POINTS = 10.0  # the agency's own section line (``Politics``) weighs as much as a clear subject
REJECTED_SHARE = 0.5  # a subject left out still counts this share of its points for its section
MIN_SECTION = 3.0  # below this the story gets the vocabulary's default section
RELATIVE = 0.4
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 1.5
STRONG_WEIGHT = 2.0
MAX_TERM_WORDS = 3
_WORD = re.compile(r"[a-z0-9]+(?:[-&/'’][a-z0-9]+)*")
# ``Pfizer Inc``, ``GlaxoSmithKline Plc``, a ticker ``<PFE.N>`` or ``(GSK.L)``: a company named as agencies do
_COMPANY = re.compile(r"\b[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*)* (?:Inc|Corp|Corporation|Co|Ltd|Limited|Plc|PLC|AG|SA|NV|"
                      r"GmbH|Holdings|Group)\b|<[A-Z]{1,5}(?:\.[A-Z]{1,2})?>|\([A-Z]{1,5}\.[A-Z]{1,2}\)")
MAX_COMPANIES = 3
_CATEGORY_PARTS = re.compile(r"\n| [/>»›] ")  # ``All news\nSports``, ``News / Sport / Football``


def companies_in(text: str) -> int:
    """How many different companies ``text`` names by legal form or ticker (at most :data:`MAX_COMPANIES`)."""
    return min(len(set(_COMPANY.findall(text))), MAX_COMPANIES)


@dataclass(frozen=True)
class Section:
    """A newsroom desk: its name and the evidence for it (its page's slug is made from the name, as every tag's)."""

    name: str
    terms: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    places: int = 0  # a story naming this many central places earns the section a point per place beyond the first
    companies: float = 0.0  # points per company the story names by its legal form or ticker (at most three)
    categories: tuple[str, ...] = ()  # agency section lines (``Business & Economy``) that name this section


@dataclass(frozen=True)
class Subject:
    """One subject of the vocabulary, inside one section."""

    name: str
    section: str
    terms: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Sections, subjects and the term index (stemmed term -> (owner, points) pairs)."""

    sections: tuple[Section, ...]
    subjects: tuple[Subject, ...]
    default_section: str
    index: Mapping[str, tuple[tuple[str, float], ...]]
    spelled: Mapping[str, str]  # index key -> the term as the vocabulary writes it (for explanations)
    starts: frozenset[str] = frozenset()  # first words of the terms of two or more words

    def subject_named(self, name: str) -> Subject | None:
        return next((s for s in self.subjects if s.name.lower() == name.lower()), None)


@dataclass(frozen=True)
class Candidate:
    """A subject or section that the text gave points to, and what became of it."""

    name: str
    score: float
    evidence: tuple[tuple[str, float], ...]  # (term, points), best first
    kept: bool
    why: str  # why kept or rejected


@dataclass(frozen=True)
class Topics:
    """The article's section and subjects, with every candidate for ``--explain``."""

    section: str
    subjects: tuple[str, ...]
    section_candidates: tuple[Candidate, ...]
    subject_candidates: tuple[Candidate, ...]


def words_of(text: str) -> list[str]:
    """Lower-case words of ``text`` with plurals and possessives folded, as the vocabulary's terms are."""
    return [stem(w[:-2] if w.endswith("'s") else w) for w in _WORD.findall(text.lower().replace("’", "'"))]


@functools.lru_cache(maxsize=8192)
def term_key(term: str) -> str:
    """The index key of a vocabulary term (``interest rates`` -> ``interest rate``)."""
    return " ".join(words_of(term))


def build(sections: tuple[Section, ...], subjects: tuple[Subject, ...], default_section: str) -> Vocabulary:
    """A vocabulary with its term index; subjects of an unknown section get a section of that name."""
    known = {s.name for s in sections}
    extra = tuple(Section(n) for n in dict.fromkeys(s.section for s in subjects) if n not in known)
    sections = sections + extra
    points: dict[str, dict[str, float]] = defaultdict(dict)
    spelled: dict[str, str] = {}
    for owner, terms, weight in _evidence(sections, subjects):
        for term in terms:
            key = term_key(term)
            if key and len(key.split()) <= MAX_TERM_WORDS:
                points[key][owner] = max(points[key].get(owner, 0.0), weight)
                spelled.setdefault(key, term)
    index = {k: tuple(sorted(v.items())) for k, v in points.items()}
    starts = frozenset(k.split(" ", 1)[0] for k in index if " " in k)
    return Vocabulary(sections, subjects, default_section, index, spelled, starts)


def _evidence(sections: tuple[Section, ...], subjects: tuple[Subject, ...]):
    for section in sections:
        yield "§" + section.name, section.terms, 1.0
        yield "§" + section.name, section.strong, STRONG_WEIGHT
    for subject in subjects:
        yield subject.name, subject.terms, 1.0
        yield subject.name, subject.strong, STRONG_WEIGHT


def parse_vocabulary(text: str) -> Vocabulary:
    """The vocabulary in TOML ``text`` (the layout of ``data/topics.toml``)."""
    data = tomllib.loads(text)
    sections = tuple(Section(s["name"], tuple(s.get("terms", ())),
                             tuple(s.get("strong", ())), int(s.get("places", 0)), float(s.get("companies", 0)),
                             tuple(c.lower() for c in s.get("categories", ())))
                     for s in data.get("section", ()))
    subjects = tuple(Subject(s["name"], s["section"], tuple(s.get("terms", ())),
                             tuple(s.get("strong", ()))) for s in data.get("subject", ()))
    return build(sections, subjects, data.get("default_section", sections[0].name if sections else "News"))


@functools.lru_cache(maxsize=1)
def builtin() -> Vocabulary:
    """The vocabulary shipped in ``data/topics.toml``."""
    return parse_vocabulary(resources.files("site_builder.importing.tagging").joinpath("data/topics.toml").read_text("utf-8"))


SiteSubjects = tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, section, terms) from site.toml


@functools.lru_cache(maxsize=8)
def vocabulary(site_subjects: SiteSubjects = (), use_builtin: bool = True) -> Vocabulary:
    """The site's vocabulary: the built-in one (unless ``use_builtin`` is false) with the site's subjects added;
    a site subject with a built-in subject's name replaces it."""
    base = builtin()
    # a site's terms were chosen for its subject: each is a strong term (two points, enough on its own)
    mine = tuple(Subject(name, section, (), terms) for name, section, terms in site_subjects)
    names = {s.name.lower() for s in mine}
    if not use_builtin:
        sections = tuple(s for s in base.sections if s.name in {m.section for m in mine})
        return build(sections, mine, mine[0].section if mine else base.default_section)
    kept = tuple(s for s in base.subjects if s.name.lower() not in names)
    return build(base.sections, kept + mine, base.default_section)


def tally(title: str, lead: str, rest: str, vocab: Vocabulary) -> dict[str, Counter]:
    """Owner (subject name, or ``§`` + section name) -> Counter of term -> points, for the three zones of a story."""
    found: dict[str, Counter] = defaultdict(Counter)
    for text, weight in ((title, TITLE_WEIGHT), (lead, LEAD_WEIGHT), (rest, 1.0)):
        words = words_of(text)
        for start, word in enumerate(words):
            keys = [word]
            if word in vocab.starts:  # only a word that opens a longer term is looked up with the next ones
                keys += [" ".join(words[start:start + size]) for size in range(2, MAX_TERM_WORDS + 1)
                         if start + size <= len(words)]
            for key in keys:
                owners = vocab.index.get(key)
                if owners:
                    for owner, points in owners:
                        found[owner][key] += points * weight
    return found


def classify(title: str, lead: str, rest: str, vocab: Vocabulary, places: int = 0, category: str = "") -> Topics:
    """Section and subjects of a story (``lead``: lede and first paragraph; ``places``: central places named;
    ``category``: the agency's section line when the copy carries one, ``Business & Economy``)."""
    found = tally(title, lead, rest, vocab)
    subjects = _subjects(found, vocab)
    section = _section(found, subjects, vocab, places, companies_in(f"{title}\n{lead}\n{rest}"), category)
    return Topics(section[0], tuple(c.name for c in subjects if c.kept), section[1], tuple(subjects))


def _ranked_evidence(counter: Counter, spelled: Mapping[str, str]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted(((spelled.get(t, t), round(p, 2)) for t, p in counter.items()), key=lambda tp: (-tp[1], tp[0])))


def _subjects(found: dict[str, Counter], vocab: Vocabulary) -> list[Candidate]:
    by_name = {s.name: s for s in vocab.subjects}
    scored = sorted(((sum(c.values()), name) for name, c in found.items() if name in by_name),
                    key=lambda sn: (-sn[0], sn[1]))
    best = scored[0][0] if scored else 0.0
    out: list[Candidate] = []
    kept = 0
    for score, name in scored:
        counter = found[name]
        strong = {term_key(t) for t in by_name[name].strong}
        why = _rejection(score, best, counter, strong, kept)
        out.append(Candidate(name, round(score, 2), _ranked_evidence(counter, vocab.spelled), not why, why or "kept"))
        kept += not why
    return out


def _rejection(score: float, best: float, counter: Counter, strong: set[str], kept: int) -> str:
    """Why a subject is left out ("" when it is kept)."""
    if score < MIN_SCORE:
        return f"score {score:.1f} below {MIN_SCORE:.0f}"
    if score < RELATIVE * best:
        return f"score {score:.1f} below {RELATIVE:.0%} of the best subject ({best:.1f})"
    if len(counter) < 2 and not strong & set(counter):
        return "one weak term only"
    if kept >= MAX_SUBJECTS:
        return f"{MAX_SUBJECTS} subjects already"
    return ""


def _section(found: dict[str, Counter], subjects: list[Candidate], vocab: Vocabulary,
             places: int, companies: int, category: str = "") -> tuple[str, tuple[Candidate, ...]]:
    owner = {s.name: s.section for s in vocab.subjects}
    scores: dict[str, Counter] = defaultdict(Counter)
    for section in vocab.sections:
        scores[section.name].update(found.get("§" + section.name, Counter()))
        if section.places and places >= section.places:
            scores[section.name][f"{places} central places"] += places - 1
        named = {part.strip().lower() for part in _CATEGORY_PARTS.split(category)} & set(section.categories)
        if named:
            scores[section.name][f"agency category {min(named)}"] += CATEGORY_POINTS
        if section.companies and companies:
            evidence = f"{companies} companies named by legal form or ticker"
            scores[section.name][evidence] += section.companies * companies
    for candidate in subjects:
        share = 1.0 if candidate.kept else REJECTED_SHARE
        scores[owner[candidate.name]][f"subject {candidate.name}"] += candidate.score * share
    order = {s.name: i for i, s in enumerate(vocab.sections)}
    ranked = sorted(((sum(c.values()), name) for name, c in scores.items() if c),
                    key=lambda sn: (-sn[0], order.get(sn[1], len(order))))
    if not ranked or ranked[0][0] < MIN_SECTION:
        weak = tuple(Candidate(name, round(score, 2), _ranked_evidence(scores[name], vocab.spelled), False,
                               f"score {score:.1f} below {MIN_SECTION:.0f}") for score, name in ranked)
        return vocab.default_section, (Candidate(vocab.default_section, 0.0, (), True,
                                                 "too little evidence: the default section"),) + weak
    chosen = ranked[0][1]
    return chosen, tuple(Candidate(name, round(score, 2), _ranked_evidence(scores[name], vocab.spelled), name == chosen,
                                   "highest score" if name == chosen else f"score {score:.1f} below {ranked[0][0]:.1f}")
                         for score, name in ranked)
