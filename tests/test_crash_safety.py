"""Crash safety with real signals: ``kill -9`` a build or an import at random moments.

A mid-size site (300 articles, from ``../shared/bench/peers/gen_corpus.py``
when present, else generated here) is built twice for reference: site A and
site B (A with many articles edited, some added and some deleted). Then, again
and again, ``output/`` is set back to A, the content to B, and ``python -m
site_builder build`` is started and killed with SIGKILL after a random delay
(seeded RNG). After every kill ``output/`` must be exactly A or exactly B,
file for file and byte for byte, never a mix and never missing; the content
must be untouched; and the next build must complete and give exactly B.

The same is done to ``site-builder import``: every page in ``content/`` is,
after any kill, either absent or exactly what a complete import writes, and a
hand-edited page is never lost.

Iterations: ``CRASH_ITERATIONS`` (default 8 per command). Seed: ``CRASH_SEED``.
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SHARED, write

pytestmark = pytest.mark.e2e

ITERATIONS = int(os.environ.get("CRASH_ITERATIONS", "8"))
SEED = int(os.environ.get("CRASH_SEED", "20261129"))
GEN = SHARED / "bench/peers/gen_corpus.py"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1900000000", "PYTHONHASHSEED": "0"}


def digest_tree(folder: Path) -> dict[str, str]:
    """relative path -> sha256 of every file (and '<dir>' for every folder) below ``folder``."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = "<dir>" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def make_content(folder: Path, n: int = 300) -> None:
    """``n`` articles in ``folder``: the shared generator's neutral corpus, or a local stand-in."""
    if GEN.is_file():
        tmp = folder.parent / f".gen-{folder.name}"
        subprocess.run([sys.executable, str(GEN), "gen", "--n", str(n), "--out", str(tmp)], check=True,
                       capture_output=True)
        shutil.copytree(tmp / "neutral/content", folder)
        shutil.rmtree(tmp)
        return
    rng = random.Random(1)
    words = "trade energy court budget harbour council vote river health school market rail".split()
    for i in range(n):
        tags = sorted({rng.choice(words) for _ in range(3)})
        body = "\n\n".join(" ".join(rng.choice(words) for _ in range(60)).capitalize() + "." for _ in range(6))
        write(folder / f"a-{i:04d}.md", f"---\ntitle: Article {i} {rng.choice(words)}\n"
                                         f"date: 2022-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00Z\n"
                                         f"tags: [{', '.join(tags)}]\n---\n\n{body}\n")


def edit_content(folder: Path) -> None:
    """Site B: every 4th article edited (new tag too), 10 deleted, 10 added."""
    files = sorted(folder.glob("*.md"))
    for path in files[::4]:
        text = path.read_text("utf-8")
        text = text.replace("tags: [", "tags: [crash-test, ", 1)
        path.write_text(text + "\nAn added paragraph after the edit.\n", "utf-8")
    for path in files[1:100:10]:
        path.unlink()
    for i in range(10):
        write(folder / f"new-{i}.md", f"---\ntitle: New {i}\ndate: 2023-05-{i + 1:02d}T08:00:00Z\ntags: [fresh]\n---\n\nNew.\n")


def build_cmd(site: Path) -> list[str]:
    return [sys.executable, "-m", "site_builder", "build", "--site", str(site), "--no-import", "--quiet"]


def run_build(site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(build_cmd(site), check=True, env=ENV, capture_output=True, timeout=600)
    return time.perf_counter() - start


def kill_with_workers(process: subprocess.Popen) -> None:
    """SIGKILL the command, then the worker processes it had forked (a safety net: workers ask to die with their parent, see the test below)."""
    workers = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for worker in workers:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".output"))


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    """(site folder, content A, content B, output A digests, output B digests, time of an A -> B build)."""
    root = tmp_path_factory.mktemp("crash")
    site = root / "site"
    write(site / "site.toml", 'title = "Crash"\nbase_url = "https://user.github.io/repo/"\n')
    make_content(root / "content-a")
    shutil.copytree(root / "content-a", root / "content-b")
    edit_content(root / "content-b")
    shutil.copytree(root / "content-a", site / "content")
    run_build(site)
    shutil.copytree(site / "output", root / "output-a")
    shutil.rmtree(site / "content")
    shutil.copytree(root / "content-b", site / "content")
    duration = run_build(site)  # incremental A -> B, like the runs that get killed
    shutil.copytree(site / "output", root / "output-b")
    a, b = digest_tree(root / "output-a"), digest_tree(root / "output-b")
    assert a != b and len(a) > 300 and len(b) > 300
    return root, site, a, b, max(duration, 0.5)


def reset(root: Path, site: Path) -> None:
    """output/ back to site A (copied with metadata so the build cache sees it as A), content to B."""
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.copytree(root / "output-a", site / "output")
    for stale in site.iterdir():
        if stale.name.startswith(".output"):  # staging/spare folders and the lock file of earlier runs
            shutil.rmtree(stale) if stale.is_dir() and not stale.is_symlink() else stale.unlink()


def test_killed_builds_leave_the_old_site_or_the_new_one(references):
    root, site, a, b, _ = references
    content_b = digest_tree(root / "content-b")
    reset(root, site)
    duration = run_build(site)  # timed in the very conditions of the runs that get killed
    assert digest_tree(site / "output") == b
    rng = random.Random(SEED)
    outcomes = {"old": 0, "new": 0}
    deadline = time.monotonic() + 420
    for iteration in range(ITERATIONS):
        if time.monotonic() > deadline:
            break
        reset(root, site)
        delay = rng.uniform(0.05, duration * 1.2)
        process = subprocess.Popen(build_cmd(site), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        kill_with_workers(process)
        now = digest_tree(site / "output")
        assert now in (a, b), (f"iteration {iteration}, killed after {delay:.2f}s: output is a mix "
                               f"({len(set(now.items()) - set(a.items()))} files differ from A, "
                               f"{len(set(now.items()) - set(b.items()))} from B)")
        outcomes["old" if now == a else "new"] += 1
        assert digest_tree(site / "content") == content_b, "content/ changed"
        run_build(site)  # the next build recovers: exactly B, and no staging folder is left behind
        assert digest_tree(site / "output") == b, f"iteration {iteration}: the build after a crash is not B"
        assert [n for n in leftovers(site) if "staging" in n or ".old-" in n] == []
    assert sum(outcomes.values()) >= min(ITERATIONS, 3), outcomes
    print(f"crash-safety build: {outcomes}")


# --- import -----------------------------------------------------------------------------------------------

def make_seeds(folder: Path, n: int = 300) -> None:
    """Wire seeds: the shared articles when present (copied into tmp only), else generated ones."""
    shared = sorted((SHARED / "data/articles").glob("*/*.txt"))[:n]
    if shared:
        for path in shared:
            write(folder / f"{path.parent.name}-{path.name}", path.read_text("utf-8", errors="replace"))
        return
    for i in range(n):
        write(folder / f"s{i:04d}.txt", f"Title number {i}\n\nMOSCOW, October {1 + i % 28}. /TASS/. Paragraph {i} "
                                         "said on Sunday.\n\nAnother paragraph.\n")


def import_cmd(site: Path) -> list[str]:
    return [sys.executable, "-m", "site_builder", "import", "--site", str(site)]


def test_killed_imports_never_truncate_or_lose_pages(tmp_path):
    site = tmp_path / "site"
    write(site / "site.toml", "[import]\nreference_date = 2024-06-01\n")
    make_seeds(site / "seeds")
    (site / "content").mkdir()
    subprocess.run(import_cmd(site), env=ENV, capture_output=True, timeout=600)  # exit 1 on warnings is fine
    complete = {p.name: p.read_bytes() for p in (site / "content").glob("*.md")}
    assert len(complete) > 50
    edited_name = sorted(complete)[0]
    edited = complete[edited_name] + b"\nA paragraph written by hand.\n"
    start = time.perf_counter()
    shutil.rmtree(site / "content")
    (site / "content").mkdir()
    subprocess.run(import_cmd(site), env=ENV, capture_output=True, timeout=600)
    duration = max(time.perf_counter() - start, 0.5)
    rng = random.Random(SEED + 1)
    for iteration in range(ITERATIONS):
        shutil.rmtree(site / "content")
        (site / "content").mkdir()
        (site / "content" / edited_name).write_bytes(edited)
        delay = rng.uniform(0.05, duration * 1.1)
        process = subprocess.Popen(import_cmd(site), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        kill_with_workers(process)
        for page in (site / "content").iterdir():
            if page.name.startswith("."):
                assert page.name.endswith(".tmp"), page.name  # an unfinished temporary file, never a page
                continue
            if page.name == edited_name:
                assert page.read_bytes() == edited, "the hand-edited page was changed"
            else:
                assert page.read_bytes() == complete[page.name], f"iteration {iteration}: {page.name} is truncated"


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killed_build_leaves_no_worker_processes(references):
    root, site, *_ = references
    reset(root, site)
    process = subprocess.Popen(build_cmd(site), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline and process.poll() is None:
            workers = _children(process.pid)
            time.sleep(0.02)
        if not workers:
            pytest.skip("the build finished before it started worker processes")
        process.send_signal(signal.SIGKILL)
        process.wait()
        time.sleep(3)
        assert [w for w in workers if _alive(w)] == []
    finally:
        for worker in workers:  # clean up the orphans this test made
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)
