"""How common an English word is (Zipf scale, from wordfreq), loaded once."""
from __future__ import annotations

import functools
import math


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word: 7 for 'the', ~3 for rare words, 0 when unknown."""
    freq = _frequencies().get(word)
    return math.log10(freq) + 9 if freq else 0.0


def is_common(word: str) -> bool:
    """True for an everyday English word, in any case (``The``, ``However``, ``Air``)."""
    return zipf(word.lower()) >= 4.0
