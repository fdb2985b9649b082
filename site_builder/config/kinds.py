"""Kinds of config value: what a key's TOML value may be, the problem when it is not, and its Python form.

A key of ``site.toml`` is declared in :mod:`site_builder.config.options` with one of these kinds
(``Whole(minimum=1)``, ``Url(site=True)``...); the reader of front matter uses them too (``Language``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Kind:
    """A type of config value: its name in the reference, its check and its conversion from TOML."""

    name: str = "string"

    def problem(self, value: Any) -> str:
        """Why ``value`` is not acceptable (empty when it is)."""
        return "" if isinstance(value, str) else f"must be a string, not {value!r}"

    def convert(self, value: Any) -> Any:
        return value

    def shown(self, default: Any) -> str:
        """The default as TOML, for the reference."""
        return f'"{default}"'


@dataclass(frozen=True)
class Flag(Kind):
    name: str = "boolean"

    def problem(self, value: Any) -> str:
        return "" if isinstance(value, bool) else f"must be true or false, not {value!r}"

    def shown(self, default: Any) -> str:
        return "true" if default else "false"


@dataclass(frozen=True)
class Whole(Kind):
    name: str = "integer"
    minimum: int = 1

    def problem(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, not {value!r}"
        return f"must be at least {self.minimum}, not {value}" if value < self.minimum else ""

    def shown(self, default: Any) -> str:
        return str(default)


@dataclass(frozen=True)
class Strings(Kind):
    name: str = "list of strings"

    def problem(self, value: Any) -> str:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return "" if ok else "must be a list of strings"

    def convert(self, value: Any) -> Any:
        return tuple(value)

    def shown(self, default: Any) -> str:
        return "[" + ", ".join(f'"{v}"' for v in default) + "]"


@dataclass(frozen=True)
class Choices(Strings):
    """A list of strings, each one of ``allowed``, none twice, ``required`` among them."""

    allowed: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    why: str = ""  # why the required ones are

    def problem(self, value: Any) -> str:
        if problem := super().problem(value):
            return problem
        if wrong := [v for v in value if v not in self.allowed]:
            return f"has {wrong[0]!r}; allowed: " + ", ".join(f'"{a}"' for a in self.allowed)
        if missing := [r for r in self.required if r not in value]:
            return f"must include {missing[0]!r}" + (f" ({self.why})" if self.why else "")
        twice = [v for i, v in enumerate(value) if v in value[:i]]
        return f"names {twice[0]!r} twice" if twice else ""


@dataclass(frozen=True)
class Aliases(Kind):
    name: str = "table of strings"

    def problem(self, value: Any) -> str:
        ok = isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        return "" if ok else 'must be a table of "spelling" = "canonical tag"'

    def convert(self, value: Any) -> Any:
        return MappingProxyType(dict(value))

    def shown(self, default: Any) -> str:
        return "{}"


@dataclass(frozen=True)
class Subjects(Kind):
    """Subjects a site adds to the topic vocabulary: ``"Name" = { section = "Sport", terms = ["..."] }``."""

    name: str = "table of subjects"

    def problem(self, value: Any) -> str:
        shape = 'must be a table of "Subject" = { section = "Section", terms = ["term", ...] }'
        if not isinstance(value, dict):
            return shape
        for subject, spec in value.items():
            if not subject.strip() or not isinstance(spec, dict) or set(spec) - {"section", "terms"}:
                return shape
            if not isinstance(spec.get("section"), str) or not spec["section"].strip():
                return f"subject {subject!r} needs a section name"
            terms = spec.get("terms")
            if not (isinstance(terms, list) and terms and all(isinstance(t, str) and t.strip() for t in terms)):
                return f"subject {subject!r} needs a non-empty list of terms"
        return ""

    def convert(self, value: Any) -> Any:
        return tuple((subject.strip(), spec["section"].strip(), tuple(t.strip() for t in spec["terms"]))
                     for subject, spec in value.items())

    def shown(self, default: Any) -> str:
        return "{}"


@dataclass(frozen=True)
class Day(Kind):
    name: str = "date"

    def problem(self, value: Any) -> str:
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        return "" if ok else f"must be a date like 2021-12-31, not {value!r}"

    def shown(self, default: Any) -> str:
        return "(unset)" if default is None else default.isoformat()


@dataclass(frozen=True)
class Url(Kind):
    """An absolute http(s) URL; ``site`` also refuses a query or fragment and ends it with one slash."""

    site: bool = False
    optional: bool = False

    def problem(self, value: Any) -> str:
        if not isinstance(value, str):
            return super().problem(value)
        if self.optional and not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return f"must be an absolute http(s) URL{self._example()}, not {value!r}"
        if self.site and (parts.query or parts.fragment):
            return f"must be an absolute http(s) URL{self._example()}, not {value!r}"
        return ""

    def _example(self) -> str:
        return " such as https://user.github.io/repo/" if self.site else ""

    def convert(self, value: Any) -> Any:
        return normalise_base_url(value) if self.site else value


_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language(Kind):
    def problem(self, value: Any) -> str:
        if not isinstance(value, str):
            return super().problem(value)
        return "" if _LANG.match(value) else f"must be a BCP 47 language tag such as en or en-GB, not {value!r}"


@dataclass(frozen=True)
class TimeZone(Kind):
    def problem(self, value: Any) -> str:
        if not isinstance(value, str):
            return super().problem(value)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            return f"must be an IANA time zone such as UTC or Europe/Moscow, not {value!r}"
        return ""


def normalise_base_url(url: str) -> str:
    """The base URL with exactly one trailing slash."""
    return url.rstrip("/") + "/"
