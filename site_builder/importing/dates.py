"""Year inference for datelines that print a month and a day but no year.

Wire datelines (``NUR-SULTAN, October 17. /TASS/.``, ``NEW YORK, March 26 -``)
carry no year. The importer picks one by this rule, in order:

1. **explicit** – the dateline itself prints a year (``October 17, 2021``):
   use it (``date_source: explicit``).
2. **weekday** – the lede or the dateline paragraph names the weekday of a
   statement: a reporting verb followed by ``on <Weekday>`` (``said on
   Sunday``, ``told reporters on Monday``); bare weekdays (``last Friday``,
   ``opening Monday``, ``a meeting on Wednesday``, ``Sunday Times``) do not
   count, nor any when the paragraph says ``today``/``yesterday``. Among the
   years whose <month>/<day> falls on that weekday and is not after the
   reference date, choose a year mentioned in the text if there is
   one (``dateline+weekday+year-in-text``), else the latest such year
   (``dateline+weekday``). Only the 28 years before the reference date are
   searched (the weekday calendar repeats every 28 years).
3. **reference** – otherwise the reference date's year, or the year before
   when <month>/<day> would fall after the reference date
   (``dateline+reference-date``). When the text mentions exactly that year
   the source reads ``dateline+year-in-text``.

The reference date is the article's *arrival* (when it reached the site,
``received`` in front matter), or ``[import] reference_date`` in ``site.toml``
when a bulk archive import sets it. A date after the reference date is never
produced. Articles without a dated dateline get the reference date itself
(``date_source: reference-date``).

**Fresh copy** comes first, when the arrival is known and no reference date
overrides it: a dateline month/day at most :data:`FRESH_DAYS_BEFORE` days
before the arrival's day, or :data:`FRESH_DAYS_AFTER` day after it (time
zones), is today's news and takes the arrival's year
(``date_source: dateline+arrival``), whatever weekday the text names: "said
on Sunday" in a Tuesday story is two days earlier, not another year. Only copy
that arrives long after its dateline (*archival*) goes through rules 2 and 3.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_VERBS = (r"said|says|stated|told|announced|declared|reported|noted|added|wrote|confirmed|urged|warned"
          r"|stressed|emphasized|emphasised|pointed out|explained|insisted|claimed|denied|revealed|disclosed")
_REPORTED_ON = re.compile(rf"\b(?:{_VERBS})\b[^.;!?\n]{{0,30}}?\bon (" + "|".join(WEEKDAYS) + r")\b(?![ -][A-Z])")
_OTHER_DAY = re.compile(r"\b(?:today|yesterday|tonight|tomorrow)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.,$£€-])(1[89]\d\d|20\d\d)(?![\d,]|\.\d)")
_SEARCH_YEARS = 28
FRESH_DAYS_BEFORE = 4  # a Friday story that arrives on Monday (or Tuesday after a holiday) is still fresh
FRESH_DAYS_AFTER = 1  # a dateline east of the site's time zone can be a day ahead of the arrival


@dataclass(frozen=True)
class DatedResult:
    """A full date and how it was found."""

    date: dt.date
    source: str
    fresh: bool = False  # fresh copy: the date gets the arrival's time of day


def month_number(name: str) -> int:
    """1-12 for an English month name or abbreviation (``Oct``, ``Sept.``); 0 if unknown."""
    return MONTHS.get(name.lower().rstrip("."), 0)


def weekdays_named(text: str) -> tuple[int, ...]:
    """Weekday numbers (Monday=0) that ``text`` reports as the day of a statement.

    Only ``<reporting verb> ... on <Weekday>`` counts (``said on Sunday``,
    ``told reporters on Monday``): a bare weekday often names another day
    (``last Friday``, ``opening Monday``, ``a meeting on Wednesday``, the
    ``Sunday Times``). None count when the text says ``today``/``yesterday``.
    """
    if _OTHER_DAY.search(text):
        return ()
    seen: list[int] = []
    for match in _REPORTED_ON.finditer(text):
        number = WEEKDAYS.index(match.group(1))
        if number not in seen:
            seen.append(number)
    return tuple(seen)


def years_named(text: str) -> frozenset[int]:
    """Four-digit years (1800-2099) written in ``text``."""
    return frozenset(int(m.group(1)) for m in _YEAR.finditer(text))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def by_weekday(month: int, day: int, weekdays: tuple[int, ...], years: frozenset[int],
               reference: dt.date) -> DatedResult | None:
    """The date chosen by the weekday rule, or None when no year fits."""
    candidates = []
    for year in range(reference.year, reference.year - _SEARCH_YEARS - 1, -1):
        date = _safe_date(year, month, day)
        if date is not None and date <= reference and date.weekday() in weekdays:
            candidates.append(date)
    if not candidates:
        return None
    mentioned = [d for d in candidates if d.year in years]
    if mentioned:
        return DatedResult(mentioned[0], "dateline+weekday+year-in-text")
    return DatedResult(candidates[0], "dateline+weekday")


def by_reference(month: int, day: int, years: frozenset[int], reference: dt.date) -> DatedResult:
    """The latest <month>/<day> not after the reference date."""
    for year in range(reference.year, reference.year - 9, -1):  # Feb 29 needs at most 8 steps back
        date = _safe_date(year, month, day)
        if date is not None and date <= reference:
            source = "dateline+year-in-text" if year in years else "dateline+reference-date"
            return DatedResult(date, source)
    return DatedResult(reference, "reference-date")  # no such day (March 50): the dateline's date is unusable


def infer_date(month: int, day: int, text: str, reference: dt.date, year: int | None = None,
               weekday_text: str | None = None) -> DatedResult:
    """The full date of a dateline's <month>/<day> by the module's rule.

    ``weekday_text`` is where weekdays are looked for (the lede and the dateline
    paragraph, which report the dateline's day); ``text`` is searched for years.
    """
    if _safe_date(2000, month, day) is None:  # no year has this day (2000 was a leap year)
        return DatedResult(reference, "reference-date")
    if year is not None:
        explicit = _safe_date(year, month, day)
        if explicit is not None and explicit <= reference:
            return DatedResult(explicit, "explicit")
    years = years_named(text)
    weekdays = weekdays_named(text if weekday_text is None else weekday_text)
    if weekdays:
        found = by_weekday(month, day, weekdays, years, reference)
        if found is not None:
            return found
    return by_reference(month, day, years, reference)


def fresh_date(month: int, day: int, arrival: dt.date, year: int | None = None) -> dt.date | None:
    """The date of a dateline's <month>/<day> (and printed ``year``) when it is fresh copy at ``arrival``.

    Fresh: from :data:`FRESH_DAYS_BEFORE` days before the arrival's day to
    :data:`FRESH_DAYS_AFTER` day after it; the year is the arrival's (or the
    adjacent one across New Year). None for archival copy.
    """
    years = (year,) if year is not None else (arrival.year, arrival.year - 1, arrival.year + 1)
    for candidate in years:
        date = _safe_date(candidate, month, day)
        if date is not None and -FRESH_DAYS_AFTER <= (arrival - date).days <= FRESH_DAYS_BEFORE:
            return date
    return None


def date_at_arrival(month: int, day: int, text: str, arrival: dt.date, year: int | None = None,
                    weekday_text: str | None = None) -> DatedResult:
    """The full date of a dateline that arrived on ``arrival``: fresh copy takes the arrival's year,
    archival copy goes through :func:`infer_date` with the arrival as the reference date."""
    fresh = fresh_date(month, day, arrival, year)
    if fresh is not None:
        return DatedResult(fresh, "explicit" if year is not None else "dateline+arrival", fresh=True)
    return infer_date(month, day, text, arrival, year, weekday_text)


def moment_at(date: dt.date, arrival: dt.datetime) -> dt.datetime:
    """``date`` at the arrival's time of day, never later than the arrival (datelines print no time)."""
    return min(dt.datetime.combine(date, arrival.timetz()), arrival)
