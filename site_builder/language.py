"""The language of an article's text, as a BCP 47 primary tag (``en``, ``ru``, ``fr``).

A small, deterministic detector that needs no model: the script decides first
(Cyrillic, Greek, Arabic, Hebrew, CJK, Hangul...), then, among languages
written in Latin letters, the one whose commonest function words occur most
often. Wire copy runs to dozens of words, where function words are reliable;
a text too short to tell (fewer than :data:`MIN_HITS` function words) is taken
to be in ``default``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

MIN_HITS = 3
_STOPWORDS = {
    "en": "the of and to in is that for on with was as by at from it his said has have are be an will were which"
          " their its but not this they had been after who would",
    "fr": "le la les des du de et un une est dans pour que qui sur au aux par pas sont ont avec ce cette il elle"
          " été selon a plus ses leur",
    "de": "der die das und den dem des ist nicht ein eine einer mit von zu im auf für sich auch wurde sind hat"
          " bei nach wie aus werden",
    "es": "el la los las de del y en que un una por con para es se al su sus como más fue ha han según lo",
    "it": "il lo la gli le di del della dei e che un una per con non è sono ha nel alla delle anche come più",
    "pt": "o a os as de do da dos das e que um uma em no na para com não por é são foi mais ao pelo pela",
    "nl": "de het een en van in is dat op te met voor zijn niet aan er ook door bij werd naar",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_SCRIPTS = (  # (unicodedata name prefix, language) for scripts that name one language here
    ("CYRILLIC", "ru"), ("GREEK", "el"), ("ARABIC", "ar"), ("HEBREW", "he"), ("HANGUL", "ko"),
    ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("CJK", "zh"), ("THAI", "th"), ("DEVANAGARI", "hi"),
    ("ARMENIAN", "hy"), ("GEORGIAN", "ka"),
)
_UKRAINIAN = frozenset("іїєґІЇЄҐ")


def script_of(char: str) -> str:
    """The script's name for a letter (``CYRILLIC``, ``LATIN``...)."""
    return unicodedata.name(char, "").split(" ")[0]


def detect_language(text: str, default: str = "en") -> str:
    """The language ``text`` is written in (see the module docstring)."""
    letters = Counter(script_of(c) for c in text if c.isalpha())
    if not letters:
        return default
    script, count = letters.most_common(1)[0]
    if script != "LATIN":
        if "HIRAGANA" in letters or "KATAKANA" in letters:
            return "ja"
        if script == "CYRILLIC" and sum(text.count(c) for c in _UKRAINIAN) > count // 200:
            return "uk"
        return next((lang for prefix, lang in _SCRIPTS if script.startswith(prefix)), default)
    words = Counter(w.lower() for w in _TOKEN.findall(text))
    hits = {lang: sum(words[w] for w in stop) for lang, stop in _WORDS.items()}
    best = max(sorted(hits), key=lambda lang: (hits[lang], lang == default))
    return best if hits[best] >= MIN_HITS else default


_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def article_language(extra, default: str) -> str:
    """An article's language: its front matter ``language`` when that is a language tag, else ``default``."""
    value = extra.get("language") if extra else None
    return value if isinstance(value, str) and _TAG.fullmatch(value) else default
