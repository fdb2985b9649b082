"""Install like a user: build the wheel, install it in a fresh venv, start and build a site outside the repo."""
from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.e2e


def run(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


def test_wheel_installs_and_builds_a_new_site(tmp_path):
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, REPO)
    (wheel,) = dist.glob("site_builder-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    pip = env_dir / "bin" / "pip"
    run(pip, "install", "--quiet", "--disable-pip-version-check", "-r", REPO / "requirements.lock", wheel)
    tool = env_dir / "bin" / "site-builder"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    work = tmp_path / "elsewhere"
    work.mkdir()
    run(tool, "--version", cwd=work, env=env)
    run(tool, "init", "mysite", cwd=work, env=env)
    seed = next((REPO / "seeds").glob("*.txt"))
    (work / "mysite" / "seeds" / seed.name).write_bytes(seed.read_bytes())
    out = run(tool, "build", "--site", "mysite", cwd=work, env=env).stdout
    assert "built 1 articles" in out
    site = work / "mysite" / "output"
    for path in ("index.html", "atom.xml", "feed.json", "assets/style.css", "404.html"):
        assert (site / path).is_file(), path
    new = run(tool, "new", "Second story", "--site", "mysite", cwd=work, env=env).stdout.strip()
    assert Path(new).is_file() or (work / new).is_file()
    assert "built 2 articles" in run(tool, "build", "--site", "mysite", cwd=work, env=env).stdout
    # the installed package carries its theme and data; nothing is read from the repo
    assert_serves(tool, work, env)
    where = run(env_dir / "bin" / "python", "-c", "import site_builder; print(site_builder.__file__)", cwd=work, env=env).stdout
    assert str(env_dir) in where and str(REPO) not in where


def assert_serves(tool: Path, work: Path, env: dict) -> None:
    """`site-builder serve` from the installed wheel answers with the site and its live-reload script."""
    import re
    import signal
    import urllib.request

    proc = subprocess.Popen([str(tool), "serve", "--site", "mysite", "--port", "0"], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        for _ in range(200):
            line = proc.stdout.readline()
            match = re.search(r"serving (http://127\.0\.0\.1:\d+/\S*)", line)
            if match:
                url = match.group(1)
                break
        assert url, "serve did not announce its address"
        with urllib.request.urlopen(url, timeout=30) as response:
            page = response.read().decode("utf-8")
        assert response.status == 200 and "Kazakhstan" in page and "__livereload" in page
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
