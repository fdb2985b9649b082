"""Who a named person is in a story: an office holder, a source quoted, a speaker, one of a roll of names.

``entities.py`` asks here about each mention of a person (or of a name that may be one): the office a title
gives (``Finance Minister X``, ``X, the interior minister,``), the source role (``spokesman X``, ``X, an
analyst at Y``), whether the mention speaks (``X said``, ``said X``), and after all mentions, whether a
pronoun's statement is theirs (``..., he told delegates``) and whether they were only on a roll of names.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict

from site_builder.importing.tagging import salience
from site_builder.importing.tagging.gazetteer import Gazetteer
from site_builder.importing.tagging.salience import Tally

_SPEECH = (r"said|says|told|added|announced|stated|declared|noted|stressed|explained|argued|warned|wrote|predicted"
           r"|urged|insisted|replied|commented|confirmed|denied|estimated|forecast|acknowledged|asserted|maintained")
# a mention that is the speaker of a statement: ``X said``, ``X, the finance minister, told``, ``said X``
_OTHER_SUBJECT = r"(?:the|a|an|its|their|his|her|it|they|he|she|we|officials|sources|analysts|dealers|traders)\b"
_SPEAKER_AFTER = re.compile(  # ``X said``, ``X, the finance minister, said``, ``X, spokesman for Y said``
    rf"['’]?s?\s*(?:,[^,;.\"“”]{{1,70}}?,\s*|,\s+(?!{_OTHER_SUBJECT})[^,;.\"“”]{{1,60}}?\s+)?"
    rf"(?:also\s+|later\s+|then\s+)?(?:{_SPEECH})\b")  # not ``X, the ministry said``
_PRONOUN_SPEECH = re.compile(rf"\b(?:he|she)\s+(?:also\s+|later\s+)?(?:{_SPEECH})\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+|\n")
_SPEAKER_BEFORE = re.compile(rf"(?:\b(?:{_SPEECH})|according to|quoted|quoting)[,]?\s*$")
# ``said Technical Sgt. X``: the speech verb before the titles of the name
_SPEAKER_TITLED_BEFORE = re.compile(rf"(?:\b(?:{_SPEECH})|according to|quoted|quoting)[,]?\s+(?:[A-Z][\w.\-]*\s+){{0,3}}$")
_WORD_BEFORE = re.compile(r"([a-z][a-z\-]+)\s+$")


def titled_before(text: str, offset: int, gaz: Gazetteer) -> bool:
    """True when a lower-case title stands right before a name (``central bank governor Maria Velander``)."""
    match = _WORD_BEFORE.search(text, max(0, offset - 20), offset)
    return bool(match) and match.group(1).capitalize() in gaz.titles and not source_title(match.group(1))


#: Roles of people quoted as sources, not subjects: a spokesman, an analyst or an expert asked for comment, a
#: relative, friend, neighbour or witness (``police spokesman Sgt. X``, ``X, a lawyer for Y``, ``his sister, X``).
_SOURCE_ROLE = (r"spokes(?:man|woman|person|men|women|people)|analysts?|economists?|strategists?|dealers?|traders?|"
                r"brokers?|consultants?|commentators?|lawyers?|attorneys?|professors?|researchers?|scientists?|"
                r"experts?|meteorologists?|forecasters?|witness(?:es)?|neighbou?rs?|residents?|roommates?|"
                r"friends?|fans?|sister|brother|mother|father|son|daughter|wife|husband|widow|cousin|uncle|aunt|"
                r"fianc[ée]e?|girlfriend|boyfriend|grandmother|grandfather")
_ROLE_WORD = re.compile(_SOURCE_ROLE)
_ROLE_BEFORE = re.compile(rf"\b({_SOURCE_ROLE}),?\s+$")
_ROLE_AFTER = re.compile(rf"['’]?,\s+(?!who\b|which\b)[^,;.\"“”]{{0,40}}?\b({_SOURCE_ROLE})\b")
#: Titles that are no office: honorifics and ranks below general (a sergeant quoted is a spokesman, a captain a witness).
_NO_OFFICE = frozenset("Mr Mrs Ms Miss Dr Doctor Sir Dame Lord Lady Professor Prof Rev Reverend Father Lt Lieutenant "
                       "Col Colonel Maj Major Capt Captain Sgt Sergeant Former Acting Senior Special First".split())
_APPOSITIVE = re.compile(r"['’]?,\s+(?!who\b|which\b)([^,;.\"“”]{1,70})")


def source_role(titles: str, text: str, offset: int, end: int) -> str:
    """The source role a mention's context gives a person (``spokesman``), or ""."""
    for word in titles.split():
        if word.rstrip(".").capitalize() in _SOURCE_TITLES or _ROLE_WORD.fullmatch(word.rstrip(".").lower()):
            return word.rstrip(".").lower()
    match = _ROLE_BEFORE.search(text, max(0, offset - 30), offset) or _ROLE_AFTER.match(text, end, end + 60)
    return match.group(1).lower() if match else ""


def office(titles: str, text: str, offset: int, end: int, gaz: Gazetteer) -> str:
    """The public office or post a mention names before or right after the name (``Finance Minister X``,
    ``chief executive X``, ``X, president of Y``), or "". Honorifics, ranks and source titles are no office,
    and neither is a post inside an organisation (``X, director of its lung division``, ``marketing manager X``):
    its holder is quoted as an expert, not as the one who decides."""
    words = [w.rstrip(".") for w in titles.split()]
    found = [w for w in words if w in gaz.titles and w not in _NO_OFFICE]
    if found and not source_title(titles):
        return found[-1].lower()
    candidates = []
    before = _WORD_BEFORE.search(text, max(0, offset - 20), offset)
    if before:
        candidates.append(before.group(1))
    after = _APPOSITIVE.match(text, end, end + 80)
    if after:  # ``X, the interior minister,``, ``X, director of Y``: the first title in the appositive
        candidates.extend(w.strip("’'") for w in after.group(1).split()[:6] if w.islower())
    for word in candidates:
        title = word.capitalize()
        if source_title(word) or _ROLE_WORD.fullmatch(word):
            return ""
        if title in gaz.titles and title not in _NO_OFFICE:
            return word.lower()
    return ""


POSTS = salience.POSTS  # posts inside an organisation, not offices: their holders quoted are experts


#: Titles of sources rather than officials: an analyst quoted by name is no subject of the story.
_SOURCE_TITLES = frozenset("Analyst Analysts Economist Economists Strategist Spokesman Spokeswoman Spokesperson "
                           "Expert Researcher Dealer Trader Broker Consultant Commentator".split())


def source_title(words: str) -> bool:
    """True when ``words`` (the titles before a name) name a source, not an office (``Chief Economist``)."""
    return any(w.rstrip(".").capitalize() in _SOURCE_TITLES for w in words.split())


ROLL = 5  # distinct people named in one paragraph that make it a roll of names


def discount_rolls(text: str, people: list[tuple[int, str]], tallies: dict[str, Tally]) -> None:
    """A paragraph naming ``ROLL`` or more people is a roll (a crew, a squad, a cast, the victims): being on
    it makes no one a subject, so those mentions do not count."""
    ends = [m.start() for m in re.finditer(r"\n\n", text)] + [len(text)]
    by_paragraph: dict[int, set[str]] = defaultdict(set)
    for offset, name in people:
        by_paragraph[bisect.bisect_left(ends, offset)].add(name)
    for names in by_paragraph.values():
        if len(names) >= ROLL:
            for name in names:
                tally = tallies[name]
                tally.score -= 1.0
                tally.mentions -= 1


def quoted_by_pronoun(text: str, people: list[tuple[int, str]], tallies: dict[str, Tally]) -> None:
    """``Liam Fox opened the forum. "...", he told delegates``: the speaker is the first person named in the
    sentence before the pronoun's sentence (or earlier in the pronoun's own sentence)."""
    if not people:
        return
    matches = list(_PRONOUN_SPEECH.finditer(text))
    if not matches:
        return
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    offsets = [offset for offset, _ in people]
    for match in matches:
        here = bisect.bisect_right(starts, match.start()) - 1  # the sentence holding the pronoun
        window_start = starts[max(here - 1, 0)]
        index = bisect.bisect_left(offsets, window_start)
        if index < len(people) and people[index][0] < match.start():
            tally = tallies.get(people[index][1])
            if tally is not None:
                tally.quoted = True


def speaks(text: str, offset: int, end: int) -> bool:
    """True when the mention ``text[offset:end]`` is the speaker of a statement (``X said``, ``X, the finance
    minister, told``, ``said Technical Sgt. X``)."""
    return bool(_SPEAKER_AFTER.match(text, end, end + 100)
                or _SPEAKER_TITLED_BEFORE.search(text, max(0, offset - 50), offset))


def quoted(text: str, offset: int, end: int) -> bool:
    """True when the mention ``text[offset:end]`` is quoted right there (``X said``, ``said X``, ``according to X``)."""
    return bool(_SPEAKER_AFTER.match(text, end, end + 100) or _SPEAKER_BEFORE.search(text, max(0, offset - 30), offset))
