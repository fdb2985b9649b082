"""Pagefind's index files made deterministic: the same records always give the same bytes.

Pagefind (1.5.2) writes its filter files from Rust hash maps, whose order is
random per process (upstream issue #638): the same site gives filter files
with their values in another order, so other file names, another
``pagefind.<lang>_<hash>.pf_meta`` and another ``pagefind-entry.json``. The
search answers are the same; the bytes are not. :func:`normalised` rewrites
exactly those files in one canonical form:

* each ``filter/*.pf_filter``: its values sorted by name (each value's pages
  sorted), renamed ``<lang>_<sha256 of the new bytes, 7 hex>.pf_filter``;
* each ``pagefind.<lang>_*.pf_meta``: the filter list sorted by name with the
  new filter names, the sort list sorted by name, renamed likewise (10 hex);
* ``pagefind-entry.json``: the new meta names, keys sorted.

The files are gzip (no time stamp) of ``pagefind_dcd`` followed by CBOR
(RFC 8949) in serde's plain form: definite lengths, shortest integers. The
few CBOR types Pagefind writes are read and written here (:func:`cbor_load`,
:func:`cbor_dump`); every other file (fragments, word indexes, the scripts)
is deterministic already and left as it is.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import struct
from typing import Any

SIGNATURE = b"pagefind_dcd"


def normalised(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's output (path below its folder → bytes) in canonical form (see the module docs)."""
    out = {path: data for path, data in files.items()
           if not path.startswith("filter/") and not path.endswith(".pf_meta") and path != "pagefind-entry.json"}
    renamed: dict[str, str] = {}  # old filter hash -> new
    for path, data in sorted(files.items()):
        if path.startswith("filter/") and path.endswith(".pf_filter"):
            old = path[len("filter/"): -len(".pf_filter")]
            name, values = read(data)
            canonical = write([name, sorted(([v, sorted(pages)] for v, pages in values), key=lambda item: item[0])])
            new = f"{old.split('_', 1)[0]}_{hashlib.sha256(canonical).hexdigest()[:7]}"
            renamed[old] = new
            out[f"filter/{new}.pf_filter"] = canonical
    entry = json.loads(files["pagefind-entry.json"])
    for language, about in sorted(entry["languages"].items()):
        old_meta = f"pagefind.{about['hash']}.pf_meta"
        meta = read(files[old_meta])
        meta = _canonical_meta(meta, renamed)
        data = write(meta)
        new = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        out[f"pagefind.{new}.pf_meta"] = data
        about["hash"] = new
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return out


def _canonical_meta(meta: list, renamed: dict[str, str]) -> list:
    """A meta index (version, pages, index chunks, filters, sorts, ...) with its filter and sort lists in name order."""
    meta = list(meta)
    meta[3] = sorted(([name, renamed.get(hash_, hash_), *rest] for name, hash_, *rest in meta[3]), key=lambda f: f[0])
    meta[4] = sorted(meta[4], key=lambda s: s[0])
    return meta


def read(data: bytes) -> Any:
    """The value in one Pagefind data file (gzip of the signature and CBOR)."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind data file")
    value, end = cbor_load(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError("trailing bytes after the CBOR value")
    return value


def write(value: Any) -> bytes:
    """A Pagefind data file of ``value``: gzip with no time stamp, so the same value gives the same bytes."""
    return gzip.compress(SIGNATURE + cbor_dump(value), compresslevel=9, mtime=0)


def cbor_load(data: bytes, at: int = 0) -> tuple[Any, int]:
    """The CBOR value starting at ``at`` and the offset after it (the types serde writes, definite lengths)."""
    initial = data[at]
    major, info = initial >> 5, initial & 0x1F
    at += 1
    if major == 7:
        if info in (20, 21):
            return info == 21, at
        if info == 22:
            return None, at
        if info == 25:
            return _half(data[at: at + 2]), at + 2
        if info == 26:
            return struct.unpack(">f", data[at: at + 4])[0], at + 4
        if info == 27:
            return struct.unpack(">d", data[at: at + 8])[0], at + 8
        raise ValueError(f"unsupported CBOR simple value {info}")
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length = int.from_bytes(data[at: at + size], "big")
        at += size
    else:
        raise ValueError("indefinite CBOR lengths are not used by Pagefind")
    if major == 0:
        return length, at
    if major == 1:
        return -1 - length, at
    if major == 2:
        return data[at: at + length], at + length
    if major == 3:
        return data[at: at + length].decode("utf-8"), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = cbor_load(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(length):
            key, at = cbor_load(data, at)
            mapping[key], at = cbor_load(data, at)
        return _Map(mapping), at
    raise ValueError(f"unsupported CBOR major type {major}")


class _Map(dict):
    """A CBOR map, kept apart from arrays so it is written back as a map, in its own order."""


def _half(raw: bytes) -> float:
    return struct.unpack(">e", raw)[0]


def cbor_dump(value: Any) -> bytes:
    """``value`` as CBOR with the shortest heads (as serde writes it)."""
    if value is None:
        return b"\xf6"
    if value is True or value is False:
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_dump(k) + cbor_dump(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return _head(4, len(value)) + b"".join(cbor_dump(v) for v in value)
    raise TypeError(f"cannot write {type(value).__name__} as CBOR")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")
