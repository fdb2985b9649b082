"""Fingerprints: short hashes of everything an output depends on.

:func:`code_fingerprint` covers this package's own source and data files
(so a code change can never reuse a stale cache, even without a version
bump) and the versions of the libraries that shape the output.
:func:`of` hashes any value of the site model canonically: an article by
its source path, the SHA-256 of its bytes and its resolved tags (everything
else in an :class:`~site_builder.model.article.Article` is derived from those, the
code and the time zone), dataclasses field by field, containers in order.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping

from site_builder.model.article import Article

#: The whole site_builder package (this module lives one folder below it).
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
_LIBRARIES = ("markdown", "nh3", "pyyaml", "jinja2", "feedgen", "lxml", "python-slugify")


@functools.cache
def code_fingerprint() -> str:
    """Hash of this package's files and the versions of the libraries it renders with."""
    h = hashlib.sha256()
    for rel, path in package_files():
        h.update(rel.encode())
        h.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}==?".encode())
    return h.hexdigest()


def package_files() -> list[tuple[str, Path]]:
    """(posix path below the package, path) of every source and data file of the package, sorted.

    Symbolic links are followed: the default theme's templates live in the
    repository's top-level ``templates/`` and the package links to them.
    """
    found = []
    for folder, dirs, files in os.walk(PACKAGE_ROOT, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if not name.endswith(".pyc"):
                path = Path(folder) / name
                found.append((path.relative_to(PACKAGE_ROOT).as_posix(), path))
    return sorted(found)


def files_fingerprint(folder: Path) -> str:
    """Hash of the names and bytes of every file below ``folder`` (empty folder or none: a constant)."""
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
    return h.hexdigest()


def of(*values: Any) -> str:
    """A canonical hash of model values (see the module docs)."""
    return Fingerprinter().of(*values)


class Fingerprinter:
    """Hashes model values, remembering each article's hash for the life of one build.

    Articles are immutable and stay alive for the whole build, so their
    identity is a safe memo key; lists of many jobs share most articles.
    """

    def __init__(self) -> None:
        self._articles: dict[int, bytes] = {}
        # id -> (object, digest): the object is kept alive so its id cannot be reused by another.
        self._frozen: dict[int, tuple[Any, bytes]] = {}
        self._fields: dict[type, tuple[tuple[str, bytes], ...]] = {}

    def of(self, *values: Any) -> str:
        h = hashlib.sha256()
        for value in values:
            self._feed(h, value)
        return h.hexdigest()

    def _article(self, article: Article) -> bytes:
        found = self._articles.get(id(article))
        if found is None:
            h = hashlib.sha256(b"A")
            h.update(article.source.encode("utf-8", "surrogatepass") + b"\0" + article.digest.encode())
            for tag in article.tags:
                h.update(b"\0" + tag.name.encode("utf-8", "surrogatepass") + b"\1" + tag.slug.encode()
                         + (b"\1L" if tag.linked else b"\1T"))  # a linked tag renders as a link, else as text
            found = self._articles[id(article)] = h.digest()
        return found

    def _dataclass(self, value: Any) -> bytes:
        """The digest of a dataclass instance; remembered for frozen ones (they cannot change)."""
        frozen = type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
        if frozen:
            found = self._frozen.get(id(value))
            if found is not None and found[0] is value:
                return found[1]
        h = hashlib.sha256(b"C" + type(value).__qualname__.encode() + b"(")
        for name, label in self._fields_of(type(value)):
            h.update(label)
            self._feed(h, getattr(value, name))
        digest = h.digest()
        if frozen:
            self._frozen[id(value)] = (value, digest)
        return digest

    def _fields_of(self, kind: type) -> tuple[tuple[str, bytes], ...]:
        """(name, b"name=") of each field of a dataclass type."""
        found = self._fields.get(kind)
        if found is None:
            found = self._fields[kind] = tuple((f.name, f.name.encode() + b"=") for f in dataclasses.fields(kind))
        return found

    def _feed(self, h: "hashlib._Hash", value: Any) -> None:
        kind = type(value)
        if value is None or isinstance(value, (bool, int, float, str, bytes)):  # the commonest values first
            h.update(kind.__name__.encode() + b":" + repr(value).encode("utf-8", "surrogatepass") + b";")
        elif kind is tuple and value and type(value[0]) is Article:  # the common case: a list of articles
            h.update(b"[")
            memo = self._articles
            for item in value:
                if type(item) is Article:
                    found = memo.get(id(item))
                    h.update(found if found is not None else self._article(item))
                else:
                    self._feed(h, item)
            h.update(b"]")
        elif kind is Article:
            h.update(self._article(value))
        elif isinstance(value, (tuple, list)):
            h.update(b"[")
            for item in value:
                self._feed(h, item)
            h.update(b"]")
        elif isinstance(value, (dt.datetime, dt.date)):
            h.update(b"D" + value.isoformat().encode() + str(getattr(value, "tzinfo", "")).encode() + b";")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            h.update(self._dataclass(value))
        elif isinstance(value, Mapping):
            h.update(b"{")
            for key in value:
                self._feed(h, key)
                self._feed(h, value[key])
            h.update(b"}")
        elif isinstance(value, (set, frozenset)):
            raise TypeError("sets have no stable order: pass a sorted tuple")
        else:
            h.update(b"R" + type(value).__qualname__.encode() + repr(value).encode("utf-8", "surrogatepass") + b";")
