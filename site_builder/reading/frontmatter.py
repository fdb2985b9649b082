"""Markdown files with YAML front matter: split, parse safely, dump deterministically.

Parsing keeps the line of every top-level key so later checks can report
``path:line: message``. The loader is YAML's safe loader with three more
refusals: duplicate keys, anchors/aliases (no alias bombs) and non-mapping
documents.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from site_builder.base.errors import Problem, SiteError

FENCE = "---"


@dataclass(frozen=True)
class Document:
    """A parsed Markdown file: its front matter, the line of each key, its body."""

    meta: Mapping[str, Any]
    key_lines: Mapping[str, int]
    body: str
    body_line: int  # 1-based line where the body starts
    fm_line: int = 1  # line of the opening fence
    extra: Mapping[str, Any] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.fm_line)


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate keys (aliases are refused by :func:`_check_no_aliases`)."""

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A YAML date or time, or a located error for impossible ones (2021-13-45)."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _check_no_aliases(root: yaml.Node) -> None:
    """Refuse YAML aliases: a node reached twice is an alias (this also stops alias bombs early)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "YAML aliases (*name) are not allowed in front matter", node.start_mark
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def split(text: str, path: str) -> tuple[str | None, str, int, int]:
    """Split ``text`` into (yaml text or None, body, yaml start line, body start line)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != FENCE:
        return None, text, 0, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r") in (FENCE, "..."):
            yaml_text = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1 :])
            return yaml_text, body, 2, i + 2
    raise SiteError([Problem(path, 1, "front matter is not closed", hint="add a line '---' after the front matter")])


def parse(text: str, path: str) -> Document:
    """Parse a Markdown document with optional front matter; raise SiteError on bad YAML."""
    yaml_text, body, yaml_line, body_line = split(text, path)
    if yaml_text is None:
        return Document(MappingProxyType({}), MappingProxyType({}), body, body_line)
    try:
        loader = _Loader(yaml_text)
        try:
            node = loader.get_single_node()
            if node is None:
                return Document(MappingProxyType({}), MappingProxyType({}), body, body_line)
            _check_no_aliases(node)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise SiteError([yaml_problem(exc, yaml_text, path, yaml_line)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive, e.g. reader errors
        raise SiteError([Problem(path, yaml_line, f"front matter: {exc}")]) from None
    except RecursionError:
        raise SiteError([Problem(path, yaml_line, "front matter is nested too deeply")]) from None
    if not isinstance(data, dict):
        raise SiteError([Problem(path, yaml_line, "front matter must be a mapping of key: value lines")])
    key_lines = {}
    for key_node, _ in node.value:
        key_lines[str(key_node.value)] = yaml_line + key_node.start_mark.line
    bad = [k for k in data if not isinstance(k, str)]
    if bad:
        raise SiteError([Problem(path, key_lines.get(str(bad[0]), yaml_line), f"front matter key {bad[0]!r} is not text")])
    return Document(MappingProxyType(data), MappingProxyType(key_lines), body, body_line, yaml_line - 1)


_OPENERS = {"flow sequence": "[", "flow mapping": "{", "quoted scalar": "quote"}


def yaml_problem(exc: yaml.MarkedYAMLError, yaml_text: str, path: str, yaml_line: int) -> Problem:
    """A YAML error located on the line to fix, with a hint for the usual mistakes of hand-written front matter."""
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    hint = ""
    context = exc.context or ""
    opener = next((name for kind, name in _OPENERS.items() if kind in context), None)
    if opener and exc.context_mark is not None and exc.context_mark.line != getattr(exc.problem_mark, "line", None):
        # The parser gives up lines later; the fix belongs where the bracket or quote was opened.
        mark = exc.context_mark
        closer = {"[": "]", "{": "}"}.get(opener, "the same quote")
        message = f"this {opener if opener == 'quote' else repr(opener)} is never closed ({message})"
        hint = f"close it with {closer if opener == 'quote' else repr(closer)} on this line"
    elif "mapping values are not allowed" in message and mark is not None:
        key = _line(yaml_text, mark.line).split(":", 1)[0].strip()
        hint = (f'quote the {key or "value"}: it contains ": " '
                f'(e.g. {key or "title"}: "{_line(yaml_text, mark.line).split(":", 1)[-1].strip()}")')
    elif "tab character" in message or _line(yaml_text, mark.line if mark else -1).startswith("\t"):
        hint = "a tab cannot indent YAML: indent with spaces"
    line = yaml_line + (mark.line if mark else 0)
    col = (mark.column + 1) if mark else 0
    return Problem(path, line, f"front matter: {message}", column=col, hint=hint)


def _line(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:  # never write anchors
        return True


def _represent_datetime(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _represent_date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(dt.datetime, _represent_datetime)
_Dumper.add_representer(dt.date, _represent_date)


def dump_meta(meta: Mapping[str, Any]) -> str:
    """Front matter YAML for ``meta`` in the given key order; byte-stable."""
    return yaml.dump(
        dict(meta),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )


def dump(meta: Mapping[str, Any], body: str) -> str:
    """A whole Markdown document: fenced front matter, a blank line, the body, one final newline."""
    return f"{FENCE}\n{dump_meta(meta)}{FENCE}\n\n{body.strip(chr(10))}\n"
