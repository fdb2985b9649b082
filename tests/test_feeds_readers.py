"""Feeds built from real Markdown, checked by the real validators and readers.

Runs ``../shared/checks``: schema-check.py (Atom RELAX NG + Schematron, RSS
XSD), jsonfeed-check.py (JSON Feed 1.1 schema) and readers-check.py
(newsboat, sfeed and feedparser must agree). Skipped, with the reason, when
the checkers are not installed (``../shared/checks/setup.sh``).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from tests.conftest import CHECKS_HOME, SHARED, article, write
from site_builder.config import options as config_mod
from site_builder.reading import reader
from site_builder.build import machine_files
from site_builder.model.outputs import materialise
from site_builder.reading.markup import Renderer
from site_builder.model.grouping import make_site
from site_builder.model.urls import Urls

pytestmark = pytest.mark.e2e

BODY = """Fish & chips, 1 < 2, a CDATA end ]]> and a control \x01 character.

Emoji 🎉 and right-to-left text: שלום עולם, مرحبا بالعالم.

See [the other story](../other-story/), the [section below](#details), and ![a photo](photo.jpg).

<script>alert(1)</script>
<iframe src="https://evil.example/"></iframe>
<p onclick="alert(1)">Click</p>

## Details

More text.
"""


def build_feeds(site_dir: Path, out: Path, **config) -> None:
    """Read the Markdown under ``site_dir`` and write every file render_feeds yields into ``out``."""
    cfg = config_mod.load(site_dir)
    paths, problems = reader.find_sources(site_dir / "content", site_dir)
    assert not problems, problems
    renderer = Renderer()
    articles = [reader.read_article(reader.load_source(p, site_dir / "content", site_dir), renderer, cfg.tz) for p in paths]
    site, _ = make_site(articles, cfg.tz)
    for f in map(materialise, machine_files(site, cfg, Urls(cfg.base_url))):
        target = out / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.data)


@pytest.fixture
def built(site: Path, tmp_path: Path) -> Path:
    write(site / "site.toml", 'title = "Test & <News>"\nbase_url = "https://user.github.io/repo/"\n'
                              'language = "en"\n[feeds]\nwebsub_hub = "https://hub.example/"\n')
    content = site / "content"
    (content / "hostile.md").write_text(article("Q&A: 1 < 2 ]]> \U0001F389 שלום", "2024-03-01T09:00:00+03:00",
                                                tags=["R&D", "שלום", "Emoji 🎉"], body=BODY, slug="hostile",
                                                summary="Fish & chips: 1 < 2 ]]> x<y &amp; done"), encoding="utf-8")
    (content / "other.md").write_text(article("Other story", "2024-03-02T10:00:00Z", tags=["R&D"], slug="other-story",
                                              updated="2024-03-05T00:00:00Z"), encoding="utf-8")
    for n in range(3):
        (content / f"plain-{n}.md").write_text(article(f"Plain {n}", f"2024-02-0{n + 1}T12:00:00Z", tags=["Plain"]),
                                               encoding="utf-8")
    out = tmp_path / "out"
    build_feeds(site, out)
    return out


def run_check(script: str, *args: str) -> str:
    """Run a shared checker; skip when it is not installed, fail with its output when it finds a problem."""

    path = SHARED / "checks" / script
    if not path.is_file() or not (CHECKS_HOME / "venv").is_dir():
        pytest.skip(f"{script} not installed: run ../shared/checks/setup.sh (CHECKS_HOME={CHECKS_HOME})")
    result = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    if result.returncode == 2:
        pytest.skip(f"{script} cannot run here: {output.strip()[-300:]}")
    assert result.returncode == 0, output
    return output


def xml_feeds(out: Path) -> list[str]:
    return sorted(str(p) for p in out.rglob("*.xml") if p.name in ("feed.xml", "atom.xml"))


def test_atom_and_rss_validate_against_schemas(built: Path):
    output = run_check("schema-check.py", *xml_feeds(built))
    assert "0 invalid" in output


def test_json_feeds_validate_against_schema(built: Path):
    output = run_check("jsonfeed-check.py", str(built))
    assert "0 invalid" in output and output.count("valid") >= 5


def test_newsboat_sfeed_and_feedparser_agree(built: Path):
    output = run_check("readers-check.py", "--show", *xml_feeds(built))
    assert "0 with problems" in output
    assert "https://user.github.io/repo/articles/hostile/" in output


def test_summary_only_and_tiny_budget_still_valid(site: Path, tmp_path: Path, built: Path):
    write(site / "site.toml", 'title = "T"\nbase_url = "https://user.github.io/repo/"\n'
                              '[feeds]\nfull_content = false\nsize_budget_kb = 1\nid_authority = "example.org"\n')
    out = tmp_path / "small"
    build_feeds(site, out)
    run_check("schema-check.py", *xml_feeds(out))
    run_check("jsonfeed-check.py", str(out))
    run_check("readers-check.py", *xml_feeds(out))


def test_empty_site_feeds_valid(site: Path, tmp_path: Path):
    """An empty site's feeds: Atom and JSON Feed validate; RSS parses cleanly.

    rss-2_0.xsd requires at least one <item> (a documented hack in the schema:
    the RSS 2.0 spec allows none), so the XSD is not run on the empty RSS feed.
    """
    out = tmp_path / "empty"
    build_feeds(site, out)
    run_check("schema-check.py", str(out / "atom.xml"))
    run_check("jsonfeed-check.py", str(out / "feed.json"))
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.entries == [] and parsed.feed.title == "Test News"
