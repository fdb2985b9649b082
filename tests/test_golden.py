"""Golden-file tests: small whole sites built and compared byte for byte.

Each folder under tests/golden/ has an ``input/`` site and the ``expected/``
output. After an intended change of the output, regenerate with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`` and review
the diff like code.
"""
import datetime as dt
import difflib
import os
import shutil
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build

GOLDEN = Path(__file__).parent / "golden"
NOW = dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def first_difference(got: dict[str, bytes], want: dict[str, bytes]) -> str:
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    if missing or extra:
        return f"missing {missing[:5]}, unexpected {extra[:5]}"
    for path in sorted(want):
        if got[path] != want[path]:
            diff = difflib.unified_diff(want[path].decode("utf-8", "replace").splitlines(),
                                        got[path].decode("utf-8", "replace").splitlines(), "expected/" + path, "got/" + path,
                                        lineterm="", n=1)
            return "\n".join(list(diff)[:40])
    return ""


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()))
def test_site_builds_exactly_as_recorded(name, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(GOLDEN / name / "input", site)
    build(BuildOptions(site_dir=site, now=NOW))
    got = {"output/" + k: v for k, v in tree(site / "output").items()}
    got.update({"content/" + k: v for k, v in tree(site / "content").items()})  # imported pages are output too
    expected_dir = GOLDEN / name / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, data in got.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_bytes(data)
    want = tree(expected_dir)
    assert got == want, first_difference(got, want)
