"""``site-builder init`` and ``new``: the base URL ids are minted on, the pinned requirement, drafts."""
from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.config import options as config_mod
from site_builder.reading import frontmatter
from site_builder.scaffold.create import new_article
from site_builder.scaffold.requirement import requirement_from, requirements_txt


def test_init_sets_the_base_url_and_pins_site_builder(tmp_path, capsys):
    site = tmp_path / "wire"
    assert main(["init", str(site), "--base-url", "https://newsroom.github.io/wire",
                 "--requirement", "site-builder==0.1.0"]) == 0
    config = config_mod.load(site)
    assert config.base_url == "https://newsroom.github.io/wire/"
    assert tomllib.loads((site / "site.toml").read_text())["base_url"] == "https://newsroom.github.io/wire/"
    lines = [l for l in (site / "requirements.txt").read_text().splitlines() if l and not l.startswith("#")]
    assert lines == ["site-builder==0.1.0"]
    assert "no base URL" not in capsys.readouterr().out


def test_init_without_a_base_url_says_ids_are_domain_free(tmp_path, capsys):
    # not a terminal: nothing is asked
    assert main(["init", str(tmp_path / "wire"), "--requirement", "site-builder==0.1.0"]) == 0
    assert "urn:uuid:" in capsys.readouterr().out
    assert config_mod.load(tmp_path / "wire").base_url == "https://example.org/"


def test_init_asks_for_the_base_url_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "https://desk.news.net/" if "Published address" in prompt else "")
    assert main(["init", str(tmp_path / "wire"), "--requirement", "site-builder==0.1.0"]) == 0
    assert config_mod.load(tmp_path / "wire").base_url == "https://desk.news.net/"


def test_init_refuses_a_bad_base_url(tmp_path, capsys):
    assert main(["init", str(tmp_path / "wire"), "--base-url", "user.github.io/wire"]) == 1
    assert "--base-url" in capsys.readouterr().err and not (tmp_path / "wire").exists()


@pytest.mark.parametrize("direct_url, line, warned", [
    (None, "site-builder==0.1.0", False),
    ({"url": "https://github.com/newsroom/site_builder", "vcs_info": {"vcs": "git", "commit_id": "ab" * 20,
                                                                       "requested_revision": "v0.1.0"}},
     f"site-builder @ git+https://github.com/newsroom/site_builder@{'ab' * 20}", False),
    ({"url": "https://files.example.net/site_builder-0.1.0-py3-none-any.whl", "archive_info": {}},
     "site-builder @ https://files.example.net/site_builder-0.1.0-py3-none-any.whl", False),
    ({"url": "file:///home/me/site_builder", "dir_info": {"editable": True}}, "site-builder==0.1.0", True),
    ({"url": "file:///home/me/site_builder", "vcs_info": {"vcs": "git", "commit_id": "cd" * 20}},
     "site-builder==0.1.0", True),
])
def test_the_requirement_is_how_site_builder_was_installed(direct_url, line, warned):
    requirement = requirement_from("0.1.0", json.dumps(direct_url) if direct_url else None)
    assert requirement.line == line and bool(requirement.note) == warned
    text = requirements_txt(requirement)
    assert text.splitlines()[-1] == line and ("# Check this line" in text) == warned


def test_new_writes_a_draft_that_builds_leave_out(tmp_path, capsys):
    from site_builder.build import BuildOptions, build

    site = tmp_path / "wire"
    assert main(["init", str(site), "--base-url", "https://desk.news.net/", "--requirement", "site-builder==0.1.0"]) == 0
    assert main(["new", "Budget vote delayed", "--site", str(site)]) == 0
    out, err = capsys.readouterr()
    page = Path(out.strip().splitlines()[-1])
    meta = frontmatter.parse(page.read_text(), page.name).meta
    assert meta["draft"] is True and meta["id"].startswith("tag:desk.news.net,")
    assert "delete its `draft: true` line" in err
    report = build(BuildOptions(site_dir=site, run_import=False))
    assert report.articles == 0 and report.skipped == 1
    page.write_text(page.read_text().replace("draft: true\n", ""))
    assert build(BuildOptions(site_dir=site, run_import=False)).articles == 1


def test_new_on_a_placeholder_site_mints_a_domain_free_id(tmp_path):
    config = config_mod.load(tmp_path)  # no site.toml: base_url is the placeholder
    when = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc)
    page = new_article(tmp_path, config, "Ferry service restored", when)
    assert frontmatter.parse(page.read_text(), page.name).meta["id"].startswith("urn:uuid:")


def test_init_on_a_terminal_that_answers_nothing(tmp_path, monkeypatch):
    def eof(prompt):
        raise EOFError

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", eof)
    assert main(["init", str(tmp_path / "wire"), "--requirement", "site-builder==0.1.0"]) == 0
    assert config_mod.load(tmp_path / "wire").base_url == "https://example.org/"
