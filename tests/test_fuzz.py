"""Coverage-guided fuzzing (atheris) of the importer and the front matter reader, time-boxed.

Each target in ``fuzz/`` runs in a subprocess for ``FUZZ_SECONDS`` (default
60 when ``CI`` is set, else 10) on a corpus built in a temporary folder from
``../shared/data/articles/`` (seeds as they are, and each seed's imported
page for the reader) plus hand-made hostile samples. The shared files are
only read, never copied into the repository. Any crash fails the test and
shows the input that caused it.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.config.options import TagsConfig
from site_builder.base.errors import SiteError
from site_builder.importing.wire import parse_seed
from site_builder.importing.seeds import page_text
from tests.conftest import REPO, SHARED

pytestmark = pytest.mark.e2e

SECONDS = int(os.environ.get("FUZZ_SECONDS", "60" if os.environ.get("CI") else "10"))
TARGETS = ("fuzz_importer", "fuzz_reader")
HAND_MADE = [
    b"---\ntitle: x\ndate: 2021-01-01\n---\nbody\n",
    b'\xef\xbb\xbf---\r\ntitle: "a\\x01\\0"\rdate: 0001-01-01T00:00:00+05:00\n---\r\nbody',
    b"---\ntitle: !!python/object/apply:os.system ['true']\ndate: 2021-13-45\ntags: {a: *b}\n---\n",
    b"---\na: &a [1]\nb: *a\ntitle: [x]\ndate: 99999-01-01\nslug: ../../x\n---\n<script>alert(1)</script>",
    b"All news\n\nTitle <BP> {{ 7*7 }}\n\nMOSCOW, October 17. /TASS/. Said on Sunday ]]> \x01.\n\n# x\n",
    b"NEW YORK, March 26 - x\n\ny\n",
    b"MADISON, Fla. (AP) - x\n\ny\n\nz\n",
]


def seed_corpus(folder: Path, limit: int = 200) -> int:
    """Write the corpus into ``folder``: shared articles (when present), their imported pages, hand-made samples."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = list(HAND_MADE)
    for path in sorted((SHARED / "data/articles").glob("*/*.txt"))[:limit]:
        data = path.read_bytes()[:20_000]
        samples.append(data)
        try:
            draft = parse_seed(data.decode("utf-8", "replace"), path="s.txt", reference_date=dt.date(2024, 6, 1),
                               tags=TagsConfig())
        except SiteError:
            continue
        samples.append(page_text(draft, "s", "tag:example.org,2024-06-01:s", "s.txt").encode("utf-8"))
    for i, data in enumerate(samples):
        (folder / f"seed-{i:04d}").write_bytes(data)
    return len(samples)


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target_finds_no_crash(target, tmp_path):
    pytest.importorskip("atheris", reason="atheris is needed to fuzz (pip install atheris)")
    corpus = tmp_path / "corpus"
    count = seed_corpus(corpus)
    assert count >= len(HAND_MADE)
    command = [sys.executable, str(REPO / "fuzz" / f"{target}.py"), str(corpus), f"-max_total_time={SECONDS}",
               "-rss_limit_mb=2048", "-timeout=20", "-max_len=65536", "-print_final_stats=1"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=SECONDS + 300,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    crashes = sorted(p.name for p in tmp_path.glob("crash-*")) + sorted(p.name for p in tmp_path.glob("timeout-*"))
    stats = [line for line in result.stderr.splitlines() if line.startswith(("stat::number_of_executed_units", "Done"))]
    print(f"{target}: {stats}")
    detail = "\n".join(result.stderr.splitlines()[-60:])
    assert result.returncode == 0 and not crashes, f"{target} crashed: {crashes}\n{detail}"
