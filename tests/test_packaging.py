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
    assert "built 1 article," in out
    site = work / "mysite" / "output"
    for path in ("index.html", "atom.xml", "feed.json", "assets/style.css", "404.html"):
        assert (site / path).is_file(), path
    new = run(tool, "new", "Second story", "--site", "mysite", cwd=work, env=env).stdout.strip()
    assert Path(new).is_file() or (work / new).is_file()
    assert "built 1 article," in run(tool, "build", "--site", "mysite", cwd=work, env=env).stdout  # new: a draft
    page = Path(new) if Path(new).is_absolute() else work / new
    page.write_text(page.read_text().replace("draft: true\n", ""))
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


# ---------------------------------------------------------------- README's Install and first hour, word by word

FIRST_SEED = """All news

Council approves city budget after late-night session

The budget raises spending on buses and school repairs

LJUBLJANA, November 28. /TASS/. The city council approved next year's budget early on Friday after a \
session that ran past midnight, the mayor's office said on Friday.

"The buses and the schools come first," the mayor told reporters after the vote.

The opposition voted against, saying the plan relied on optimistic tax forecasts.
"""


def readme_blocks(section: str) -> list[list[str]]:
    """The shell blocks of one README section, as lists of command lines."""
    import re

    readme = (REPO / "README.md").read_text("utf-8")
    body = readme.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip().splitlines() for block in re.findall(r"```sh\n(.*?)```", body, re.S)]


def source_at_tag(tmp_path: Path) -> Path:
    """This working tree's tracked files as a git repository tagged v0.1.0 (what a git URL points at)."""
    import shutil

    src = tmp_path / "site_builder-src"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        if (REPO / name).is_symlink():  # site_builder/theme/templates -> ../../templates, as git keeps it
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(REPO / name), src / name)
        elif (REPO / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    identity = {**os.environ, "GIT_AUTHOR_NAME": "R", "GIT_AUTHOR_EMAIL": "r@r.test", "GIT_COMMITTER_NAME": "R",
                "GIT_COMMITTER_EMAIL": "r@r.test"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "release"], ["tag", "v0.1.0"]):
        subprocess.run(["git", *args], cwd=src, env=identity, check=True, capture_output=True)
    return src


def test_readme_install_and_first_hour_word_by_word(tmp_path):
    """Run README's Install and 'Your first hour' blocks as written; only addresses that need the internet change."""
    import re
    import signal
    import urllib.request

    from tests.test_workflow import Runner

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HOME=str(home), GIT_CONFIG_GLOBAL=str(home / ".gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    (home / ".gitconfig").write_text("[user]\n\tname = Desk\n\temail = desk@newsroom.test\n")

    (install,), (pipx,) = readme_blocks("Install")[:1], readme_blocks("Install")[1:]
    git_url = f"git+file://localhost{source_at_tag(tmp_path)}@v0.1.0"  # pip 23 refuses file:/// with @rev
    released = [line for line in install if line.startswith("pip install site-builder==")]
    assert released == ["pip install site-builder==0.1.0"]
    # not on PyPI yet, as README says: that one line is left out
    assert "No release is on PyPI yet" in (REPO / "README.md").read_text("utf-8")
    script = [line.replace("git+https://github.com/OWNER/site_builder@v0.1.0", git_url)
              for line in install if line not in released] + ["site-builder --version"]
    result = subprocess.run(["bash", "-e", "-c", "\n".join(script)], cwd=home, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.strip().endswith("site-builder 0.1.0")
    assert pipx == ["pipx install \"site-builder @ git+https://github.com/OWNER/site_builder@v0.1.0\""]
    pipx_env = {**env, "PATH": f"{Path(sys.executable).parent}:{env['PATH']}"}  # pipx is in requirements-dev.lock
    run("bash", "-e", "-c", pipx[0].replace("git+https://github.com/OWNER/site_builder@v0.1.0", git_url), cwd=home,
        env=pipx_env)
    assert run(home / ".local" / "bin" / "site-builder", "--version", env=env).stdout.strip() == "site-builder 0.1.0"
    bin_dir = home / ".site-builder" / "bin"
    env["PATH"] = f"{bin_dir}:{env['PATH']}"  # what `. ~/.site-builder/bin/activate` did

    start, publish = readme_blocks("Your first hour")
    assert start[-1] == "site-builder serve"
    for line in start[:-1]:
        if line.startswith("cd "):
            continue
        run("bash", "-e", "-c", line, cwd=home if line.startswith("site-builder init") else home / "mysite", env=env)
    site = home / "mysite"
    assert 'base_url = "https://you.github.io/mysite/"' in (site / "site.toml").read_text()
    draft = site / "content" / "council-approves-budget.md"
    assert "draft: true" in draft.read_text()
    # what README tells the writer to do next: write the article, delete `draft: true`, drop wire copy in seeds/
    draft.write_text(draft.read_text().replace("draft: true\n", "").replace(
        "Write the article here, in Markdown. Delete the line `draft: true` above to publish it.",
        "The council approved the budget after a late-night session."))
    (site / "seeds" / "council.txt").write_text(FIRST_SEED, "utf-8")

    proc = subprocess.Popen(["bash", "-c", f"exec {start[-1]} --port 0"], cwd=site, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url, said = None, []
        for _ in range(200):
            said.append(proc.stdout.readline())
            match = re.search(r"serving (http://127\.0\.0\.1:\d+/mysite/)", said[-1])
            if match:
                url = match.group(1)
                break
        assert url, "serve did not announce http://127.0.0.1:PORT/mysite/:\n" + "".join(said)
        with urllib.request.urlopen(url, timeout=30) as response:
            page = response.read().decode("utf-8")
        assert "Council approves budget" in page and "Council approves city budget" in page
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)

    remote = tmp_path / "github" / "you" / "mysite.git"
    run("git", "init", "-q", "--bare", "-b", "main", remote, env=env)
    for line in publish:
        run("bash", "-e", "-c", line.replace("https://github.com/you/mysite.git", str(remote)), cwd=site, env=env)
    pushed = subprocess.run(["git", "ls-tree", "-r", "--name-only", "main"], cwd=remote, capture_output=True,
                            text=True).stdout.split()
    assert {".github/workflows/pages.yml", "requirements.txt", "seeds/council.txt", "site.toml"} <= set(pushed)

    # GitHub runs the pushed workflow's build job: the README's promise, deployed and committed back
    runner = Runner(site / ".github" / "workflows" / "pages.yml", tmp_path, remote, 1, tmp_path / "cache",
                    bin_dir=bin_dir, repository="you/mysite", pages_url="https://you.github.io/mysite/")
    runner.run_job("build")
    atom = (runner.work / "output" / "atom.xml").read_text()
    assert "Council approves budget" in atom and "Council approves city budget" in atom
    committed = subprocess.run(["git", "show", "main:content/council-approves-city-budget-after-late-night-session.md"],
                               cwd=remote, capture_output=True, text=True).stdout
    assert re.search(r"^id: tag:you\.github\.io,\d{4}-11-28:council-approves", committed, re.M), committed
