"""The pinned requirement ``init`` writes into a new site's ``requirements.txt``.

The GitHub Pages workflow installs site-builder with ``pip install -r
requirements.txt``, so the site, not the runner, says which site-builder builds
it: the one that ran ``init``, pinned exactly (a release by its version, a git
install by its commit, read from the installed distribution's
``direct_url.json``, PEP 610). A site is upgraded by editing that line, never
by a new release appearing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata

from site_builder import __version__

DIST = "site-builder"


@dataclass(frozen=True)
class Requirement:
    line: str  # a pip requirement
    note: str = ""  # why CI may not be able to install it ('' when it can)


def pinned_requirement() -> Requirement:
    """How the running site-builder was installed, as a requirement CI can install again."""
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError:
        return Requirement(f"{DIST}=={__version__}", "site-builder runs from a source folder, not an installed package")
    return requirement_from(dist.version, dist.read_text("direct_url.json"))


def requirement_from(version: str, direct_url: str | None) -> Requirement:
    """The requirement for a distribution of ``version`` installed from ``direct_url`` (PEP 610 JSON, or None: an index)."""
    if not direct_url:
        return Requirement(f"{DIST}=={version}")
    info = json.loads(direct_url)
    url = info.get("url", "")
    vcs = info.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and not url.startswith("file:"):
        return Requirement(f"{DIST} @ git+{url}@{vcs['commit_id']}")
    if "archive_info" in info and url.startswith(("https://", "http://")):
        return Requirement(f"{DIST} @ {url}")
    return Requirement(f"{DIST}=={version}", f"site-builder was installed from {url or 'a local file'}, which GitHub "
                                              "Actions cannot reach")


def requirements_txt(requirement: Requirement) -> str:
    """The text of a new site's ``requirements.txt``."""
    lines = ["# The site-builder that builds this site, on your machine and in GitHub Actions",
             "# (.github/workflows/pages.yml runs `pip install -r requirements.txt`).",
             "# Pinned: a new version is used only when you change this line.",
             "# A release: site-builder==0.1.0",
             "# A git tag or commit: site-builder @ git+https://github.com/OWNER/site_builder@v0.1.0"]
    if requirement.note:
        lines.append(f"# Check this line: {requirement.note}.")
    return "\n".join(lines + [requirement.line]) + "\n"
