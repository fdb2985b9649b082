"""Two site-builder processes on one site never import a story twice (issue 16).

Real processes, started together or a moment apart, against real files: the
site's lock (``site_builder/sitelock.py``) makes the second wait, and a second
import then finds the first one's pages instead of minting new ones.
Before the lock, two imports 0.3 s apart wrote 40 pages with 40 ids for 20 seeds.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.config.sitelock import site_lock
from tests.conftest import write

SEEDS = 20


def cli(site: Path, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), **popen.pop("env", {})}
    return subprocess.Popen([sys.executable, "-m", "site_builder", *args, "--site", str(site)], env=env, cwd=site.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def seed_site(root: Path, seeds: int = SEEDS) -> Path:
    write(root / "site.toml", 'base_url = "https://example.org/news/"\n[import]\nreference_date = 2024-03-10\n')
    (root / "content").mkdir(parents=True, exist_ok=True)
    for i in range(seeds):
        write(root / f"seeds/s{i:02d}.txt", f"Race test article number {i} about Finland\n\n"
                                            f"HELSINKI, March 3. /TASS/. Finland said on Monday that story {i} happened.\n\n"
                                            "More text follows here.\n")
    return root


def pages_and_ids(site: Path) -> tuple[list[str], set[str]]:
    pages = sorted(p.name for p in (site / "content").glob("*.md"))
    ids = {m.group(1) for p in (site / "content").glob("*.md") for m in [re.search(r"^id: (.+)$", p.read_text(), re.M)] if m}
    return pages, ids


@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_imports_started_together_write_each_story_once(tmp_path, delay):
    site = seed_site(tmp_path / "site")
    procs = []
    for _ in range(3):
        procs.append(cli(site, "import"))
        time.sleep(delay)
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    pages, ids = pages_and_ids(site)
    assert len(pages) == SEEDS and len(ids) == SEEDS, pages
    assert not any(re.search(r"-[0-9a-f]{6}\.md$", name) for name in pages)  # no hash-suffixed second copy


def test_build_while_serve_runs_after_a_new_seed_writes_one_page(tmp_path):
    """The issue's race: `serve` running, a seed added, `build` run at once: one page, one id."""
    site = seed_site(tmp_path / "site", seeds=2)
    serve = cli(site, "serve", "--port", "0")
    try:
        deadline = time.monotonic() + 60
        line = ""
        while "serving" not in line and time.monotonic() < deadline:
            line = serve.stdout.readline()
        assert "serving" in line, serve.stderr.read() if serve.poll() is not None else line
        for i in range(2, 2 + SEEDS):  # seeds arriving while serve watches
            write(site / f"seeds/s{i:02d}.txt", f"Race test article number {i} about Finland\n\n"
                                                f"HELSINKI, March 4. /TASS/. Story {i} said something new.\n")
        build = cli(site, "build")
        out, err = build.communicate(timeout=180)
        assert build.returncode == 0, err
        time.sleep(2.0)  # let serve's rebuild of the same change finish
    finally:
        serve.send_signal(signal.SIGINT)
        serve.communicate(timeout=60)
    pages, ids = pages_and_ids(site)
    assert len(pages) == 2 + SEEDS and len(ids) == 2 + SEEDS, pages


def test_a_second_process_waits_for_the_lock_with_a_message_then_builds(tmp_path):
    site = seed_site(tmp_path / "site", seeds=1)
    with site_lock(site):  # this test process is "the other site-builder"
        build = cli(site, "build")
        time.sleep(3.0)
        assert build.poll() is None, "the build must wait while the lock is held"
        assert not (site / "output").exists() and not list((site / "content").glob("*.md"))
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert f"waiting for another site-builder (pid {os.getpid()}) to finish with this site" in err
    assert "built 1 article," in out


def test_a_second_process_gives_up_after_the_timeout_with_a_clear_error(tmp_path):
    site = seed_site(tmp_path / "site", seeds=1)
    with site_lock(site):
        build = cli(site, "build", env={"SITE_BUILDER_LOCK_TIMEOUT": "1"})
        out, err = build.communicate(timeout=120)
    assert build.returncode == 1
    assert f".cache/site.lock: error: another site-builder (pid {os.getpid()}) has been working on this site for more than 1 s" in err
    assert "hint: wait for it to finish or stop it; SITE_BUILDER_LOCK_TIMEOUT sets the wait" in err
    assert not list((site / "content").glob("*.md")) and not (site / "output").exists()


def test_the_lock_is_reentrant_in_one_process_and_released_after(tmp_path):
    with site_lock(tmp_path):
        with site_lock(tmp_path):  # a build that imports holds it once
            pass
    probe = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from site_builder.config.sitelock import site_lock\n"
                            "with site_lock(Path(sys.argv[1]), timeout=0): print('got it')", str(tmp_path)],
                           capture_output=True, text=True, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert probe.stdout.strip() == "got it", probe.stderr
