"""The default theme checked by real tools: vnu (HTML5) and headless Chromium under a sub-path.

Builds a small site from Markdown (hostile titles, tags and bodies included),
writes the pages, theme assets and feeds, then runs ``../shared/checks``:
``html-check.sh`` (vnu, errors only; CSS and SVG too) and ``site-check.py``
(every page loaded in Chromium at ``/repo/``: no failed requests, no console
errors, no broken links or fragments). Skipped, with the reason, when the
checkers are not installed (``../shared/checks/setup.sh``).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.config import options as config_mod
from site_builder import build
from site_builder.pages import render as pages
from site_builder.reading import reader
from site_builder.writing.output import write_site
from site_builder.model.outputs import materialise
from site_builder.model.grouping import make_site
from site_builder.model.urls import Urls
from tests.conftest import CHECKS_HOME, SHARED, article, write

pytestmark = pytest.mark.e2e

HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {% if 1 %}X{% endif %} "q" ]]> & مرحبا 🎉'
BODY = """Fish & chips, 1 < 2, a CDATA end ]]> and {{ 7*7 }}.

Right-to-left: שלום עולם, مرحبا بالعالم. Emoji 🎉.

<script>alert(1)</script>
<p onclick="alert(1)">Click</p>

## Main

## Content

See [the tags](../../tags/) and [below](#details).

## Details

More text.
"""


def build_pages(site_dir: Path, out: Path) -> None:
    """Read the site's Markdown and write its pages, theme assets, feeds and search index into ``out``."""
    cfg = config_mod.load(site_dir)
    paths, problems = reader.find_sources(site_dir / "content", site_dir)
    articles, read_problems = reader.read_all(paths, site_dir / "content", site_dir, cfg.tz)
    assert not problems and not read_problems, problems + read_problems
    site, _ = make_site(articles, cfg.tz)
    urls = Urls(cfg.base_url)
    index, warnings = build.search_outputs(site, cfg, site_dir, out)
    assert not warnings, warnings
    files = [*map(materialise, pages.render_pages(site, cfg, urls, pages.make_environment(site_dir))), *pages.theme_assets(site_dir),
             *map(materialise, build.machine_files(site, cfg, urls)), *index]
    write_site(files, out)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    write(site / "site.toml", 'title = "Wire <News> & \\"Co\\""\nbase_url = "https://user.github.io/repo/"\n'
          'timezone = "Europe/Moscow"\nper_page = 3\n')
    write(site / "content" / "hostile.md", article(HOSTILE, "2021-10-17T09:30:00+03:00", tags=[HOSTILE, "Trade"],
                                                    body=BODY, summary=HOSTILE, lede=HOSTILE, place="Астана",
                                                    agency="Reuters", updated="2021-10-18T10:00:00Z"))
    write(site / "content" / "rtl.md", article("عنوان عربي", "2021-09-01", tags=["مرحبا بالعالم", "Trade"]))
    for n in range(1, 6):
        write(site / "content" / f"story-{n}.md", article(f"Story {n}", f"2021-0{n}-1{n}T08:00:00Z",
                                                        tags=["Trade", f"Topic {n % 2}"], body=f"Paragraph {n}."))
    out = tmp_path_factory.mktemp("out") / "site"
    build_pages(site, out)
    return out


def checker(name: str) -> Path:
    script = SHARED / "checks" / name
    if not script.exists():
        pytest.skip(f"{script} not found: the shared checkers sit beside the checkout")
    if not (CHECKS_HOME / "venv").is_dir():
        pytest.skip(f"checkers not installed in {CHECKS_HOME}: run ../shared/checks/setup.sh")
    return script


def run(command: list[str]) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode == 2:
        pytest.skip(f"{Path(command[0]).name} is not set up: {done.stderr.strip()[-300:]}")
    return done


def test_vnu_finds_no_errors_in_pages_css_and_svg(built: Path):
    if shutil.which("java") is None:
        pytest.skip("java is not installed (needed by vnu)")
    script = str(checker("html-check.sh"))
    done = run([script, str(built)])
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-5000:]
    theme = [str(built / f.path) for f in pages.theme_assets(built)  # --css checks every file given: the theme's only
             if f.path.endswith((".css", ".svg"))]
    done = run([script, "--css", "--warnings", *theme])
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-5000:]


def test_chromium_finds_no_broken_links_or_errors_under_a_sub_path(built: Path, tmp_path: Path):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is not installed")
    mount = tmp_path / "mnt"
    mount.mkdir()
    (mount / "repo").symlink_to(built)
    done = run([str(checker("site-check.py")), "--strict", "--pages", "repo/**/*.html", str(mount)])
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    assert "0 error(s)" in done.stdout
