"""Datelines as agencies print them, and the agencies' names.

Every form, with an example (the dateline is cut from the first body paragraph
and kept verbatim; month names may be abbreviated, with or without a dot):

* TASS       ``MOSCOW, December 26. /TASS/.``, ``IGORA /Leningrad Region/, December 26. /TASS/.``
* TASS (ru)  ``МОСКВА, 1 декабря. /ТАСС/.``, ``ВАШИНГТОН, 1 декабря. /Корр. ТАСС Иван Петров/.``
* RIA (ru)   ``МОСКВА, 1 дек — РИА Новости.``
* Interfax (ru) ``Москва. 1 декабря. INTERFAX.RU -``
* agency in brackets, with or without a date: Reuters ``LONDON, Nov 30 (Reuters) -``,
  ``WASHINGTON (Reuters) -``, ``(Reuters) -``; AP ``WASHINGTON (AP) —``; AFP ``PARIS (AFP) -``,
  ``KABUL, Dec 8 (AFP) --``; Xinhua ``BEIJING, Dec. 1 (Xinhua) --``; UPI, dpa, Kyodo, Bloomberg,
  Yonhap, ANSA, EFE, Anadolu, PTI...; CNN ``LONDON, England (CNN) --``;
  Interfax ``MOSCOW. Dec 1 (Interfax) -``; GlobeNewswire ``NEW YORK, Dec. 01, 2026 (GLOBE NEWSWIRE) --``
* PR Newswire ``NEW YORK, Nov. 30, 2026 /PRNewswire/ --`` (Canada Newswire ``/CNW/``)
* ACCESSWIRE ``NEW YORK, NY / ACCESSWIRE / December 1, 2026 /``
* ANSA (agency first) ``(ANSA) - ROME, DEC 1 -``; EFE ``MADRID, Dec 1 (EFE).-``; PTI (no dash) ``NEW DELHI, Dec 1 (PTI)``
* agency suffixes ``KYIV. Dec 1 (Interfax-Ukraine) -``
* Business Wire ``SAN FRANCISCO--(BUSINESS WIRE)--``, ``SAN FRANCISCO, Dec. 1, 2026--(BUSINESS WIRE)--``
* any other source in brackets after a dateline in capitals: ``VANCOUVER (CP) -``, ``NEW YORK (CBS.MW) --``
* Reuters 1987 ``NEW YORK, March 26 -`` (no agency printed: Reuters)
"""
from __future__ import annotations

import re

AGENCIES = {  # lower-case spelling in copy -> the agency's name
    "ap": "AP", "associated press": "AP", "reuters": "Reuters", "reuter": "Reuters", "afp": "AFP", "upi": "UPI",
    "xinhua": "Xinhua", "dpa": "dpa", "kyodo": "Kyodo", "kyodo news": "Kyodo", "tass": "TASS", "тасс": "TASS",
    "interfax": "Interfax", "interfax.ru": "Interfax", "bloomberg": "Bloomberg", "cnn": "CNN", "ansa": "ANSA",
    "efe": "EFE", "yonhap": "Yonhap", "anadolu": "Anadolu", "aa": "Anadolu", "pti": "PTI", "ians": "IANS",
    "ani": "ANI", "bernama": "Bernama", "antara": "Antara", "kuna": "KUNA", "wam": "WAM", "apa": "APA",
    "ria novosti": "RIA Novosti", "риа новости": "RIA Novosti", "prnewswire": "PR Newswire",
    "pr newswire": "PR Newswire", "business wire": "Business Wire", "businesswire": "Business Wire",
    "globe newswire": "GlobeNewswire", "globenewswire": "GlobeNewswire", "newsfile": "Newsfile",
    "accesswire": "ACCESSWIRE", "pa": "PA", "pa media": "PA", "aap": "AAP", "cna": "CNA", "jiji": "Jiji",
    "jiji press": "Jiji", "bna": "BNA", "spa": "SPA", "irna": "IRNA", "mena": "MENA", "apa-dpa": "dpa",
    "cp": "CP", "canadian press": "CP", "cnw": "CNW", "accesswire": "ACCESSWIRE", "reuters health": "Reuters", "reuters breakingviews": "Reuters", "thomson reuters foundation": "Reuters",
    "ap photo": "AP", "xinhua net": "Xinhua", "afp-jiji": "AFP", "kyodo news agency": "Kyodo",
}
# Agency spellings that are also common words or other names ("MENA" the region, "PA", "CP"): only in datelines,
# never filtered out of tags.
AMBIGUOUS = frozenset({"aa", "pa", "pa media", "ani", "spa", "wam", "apa", "cna", "bna", "mena", "cp", "ap photo"})
# Words that only ever name a news agency or wire service: no tag may contain one ("PRNewswire distributes ...").
AGENCY_WORDS = frozenset({"reuters", "reuter", "interfax", "prnewswire", "businesswire", "globenewswire", "newswire",
                          "xinhua", "tass", "afp", "upi", "dpa", "kyodo", "yonhap", "accesswire", "bernama"})
RU_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9, "сент": 9, "окт": 10,
    "ноя": 11, "нояб": 11, "дек": 12,
}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_RU_MONTH = "(?:" + "|".join(sorted(RU_MONTHS, key=len, reverse=True)) + r")\.?"
_ONE_PLACE = r"[A-Z][A-Za-z.'’\-]*(?: [A-Za-z][A-Za-z.'’\-]*){0,5}?"
_REGION = r"(?:, [A-Z][A-Za-z.'’\-]*(?: [A-Z][A-Za-z.'’\-]*){0,3}?)?"
# SAN FRANCISCO/NEW YORK, WEST PALM BEACH, Fla./WASHINGTON: filed from several places
_PLACE = rf"{_ONE_PLACE}(?:{_REGION}/{_ONE_PLACE}){{0,3}}"
_CAPS_PLACE = r"[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]*){0,5}(?:/[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]*){0,5}){0,3}"
_RU_PLACE = r"[А-ЯЁ][А-ЯЁ\-]*(?: [А-ЯЁ][А-ЯЁ\-]*){0,3}(?: /[^/\n]{1,60}/)?"
_DASH = r"[-_–—]+"
_DATE = rf"(?P<month>(?i:{_MONTH})) (?P<day>\d{{1,2}})(?:, (?P<year>\d{{4}}))?"
_IN_BRACKETS = "|".join(re.escape(name) for name in sorted(AGENCIES, key=len, reverse=True) if name.isascii())

PATTERNS = (
    re.compile(  # TASS, also by a correspondent: /TASS correspondent Ivan Petrov/.
        rf"^(?P<place>{_PLACE}(?: /[^/\n]{{1,60}}/)?{_REGION}), (?P<month>{_MONTH}) (?P<day>\d{{1,2}})"
        rf"(?:, (?P<year>\d{{4}}))?\. ?/(?:[^/\n]{{0,20}} )?(?P<agency>TASS)(?: [^/\n]{{0,60}})?/\.", re.IGNORECASE),
    re.compile(  # TASS in Russian, also by a correspondent: /Корр. ТАСС Иван Петров/.
        rf"^(?P<place>{_RU_PLACE}(?:, [А-ЯЁ][^,\n]{{0,40}})?), (?P<day>\d{{1,2}}) (?P<month>{_RU_MONTH})"
        rf"(?: (?P<year>\d{{4}}))?\. ?/(?:[^/\n]{{0,20}} )?(?P<agency>ТАСС)(?: [^/\n]{{0,60}})?/\."),
    re.compile(  # RIA Novosti
        rf"^(?P<place>{_RU_PLACE}), (?P<day>\d{{1,2}}) (?P<month>{_RU_MONTH})(?: (?P<year>\d{{4}}))?"
        rf" {_DASH} (?P<agency>РИА Новости)(?:, [^.\n]{{1,60}})?\."),
    re.compile(  # Interfax in Russian
        rf"^(?P<place>[А-ЯЁ][а-яёА-ЯЁ\-]*(?: [А-ЯЁа-яё\-]+){{0,3}})\. (?P<day>\d{{1,2}}) (?P<month>{_RU_MONTH})"
        rf"(?: (?P<year>\d{{4}}))?\. (?P<agency>INTERFAX\.RU) ?{_DASH}"),
    re.compile(  # PR Newswire, Canada Newswire
        rf"^(?P<place>{_PLACE}{_REGION}), (?P<month>{_MONTH}) (?P<day>\d{{1,2}}), (?P<year>\d{{4}})"
        rf" ?/(?P<agency>PRNewswire|CNW)(?:-[A-Za-z]+)*/ ?{_DASH}"),
    re.compile(  # ACCESSWIRE: NEW YORK, NY / ACCESSWIRE / December 1, 2026 /
        rf"^(?P<place>{_PLACE}{_REGION}) / (?P<agency>ACCESSWIRE) / {_DATE} ?/"),
    re.compile(  # agency first (ANSA): (ANSA) - ROME, DEC 1 -
        rf"^\((?P<agency>(?i:{_IN_BRACKETS}))\) ?{_DASH} ?(?P<place>{_PLACE}{_REGION}), {_DATE} ?{_DASH}"),
    re.compile(  # Business Wire
        rf"^(?P<place>{_PLACE}{_REGION})(?:, {_DATE})? ?{_DASH} ?\((?P<agency>BUSINESS WIRE)\) ?{_DASH}"),
    re.compile(  # PLACE (Agency) -, PLACE, Month Day (Agency) -, (Agency) -, MOSCOW. Dec 1 (Interfax) -
        rf"^(?:(?P<place>{_PLACE}{_REGION})(?:[,.] {_DATE})? ?)?\((?P<agency>(?i:{_IN_BRACKETS})(?:-[A-Z][A-Za-z]+)?)\)"
        rf"(?:\.? ?{_DASH}|(?= [A-Z\"“‘]))"),  # EFE's (EFE).- ; PTI prints no dash: NEW DELHI, Dec 1 (PTI) The
    re.compile(  # any other source in brackets after a dateline in capitals: NEW YORK (CBS.MW) --, VANCOUVER (CP) -
        rf"^(?P<place>{_CAPS_PLACE}{_REGION})(?:, {_DATE})? \((?P<agency>[A-Z][A-Za-z0-9.&/\-]{{0,20}}"
        rf"(?: [A-Z][A-Za-z0-9.&\-]{{0,15}}){{0,2}})\) ?{_DASH}"),
    re.compile(  # Reuters 1987: PLACE, Month Day -
        rf"^(?P<place>{_PLACE}{_REGION}), {_DATE} {_DASH}", re.IGNORECASE),
)


def agency_name(spelling: str | None) -> str:
    """The agency's name for a spelling in a dateline (``(dpa)``, ``/ТАСС/``); Reuters when none is printed."""
    if not spelling:
        return "Reuters"
    return AGENCIES.get(spelling.lower(), spelling)


def ru_month_number(name: str) -> int:
    """1-12 for a Russian month name in the genitive or abbreviated (``декабря``, ``дек``); 0 if unknown."""
    return RU_MONTHS.get(name.lower().rstrip("."), 0)
