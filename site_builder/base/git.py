"""Asking git: the one way the build reads a repository's history (arrivals, body edits)."""
from __future__ import annotations

import subprocess
from pathlib import Path

#: Seconds one git command may take.
_GIT_TIMEOUT = 60


def git_output(folder: Path, *args: str) -> str | None:
    """``git`` output run in ``folder``; None when git is missing or fails (not a repository)."""
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=_GIT_TIMEOUT,
                              encoding="utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
