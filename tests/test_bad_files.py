"""One bad file never stops the news (issue 16): per-file problems, warnings, every problem in one run.

Real files, the real command line. A seed or article that cannot be read is
named (``path:line: error: message`` and a hint) and left out; every good
article is published; warnings are said and never fail a build.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.config import options as config_mod
from site_builder.cli import main
from site_builder.importing.seeds import import_seeds
from site_builder.dev.watch import Watcher
from tests.conftest import article, write

GOOD = ("Kazakhstan opens a new border crossing\n\n"
        "ASTANA, March 3. /TASS/. Kazakhstan opened a new crossing on the Chinese border on Monday, officials said.\n\n"
        "Traffic is expected to grow.\n")


def news_site(root: Path) -> Path:
    write(root / "site.toml", 'title = "Wire"\nbase_url = "https://user.github.io/repo/"\n[import]\nreference_date = 2024-03-10\n')
    write(root / "seeds/good.txt", GOOD)
    return root


def bad_seeds(site: Path) -> None:
    """The issue's three: an empty file, a binary file and a title-only file."""
    (site / "seeds/empty.txt").write_bytes(b"")
    (site / "seeds/binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (site / "seeds/title.txt").write_text("Only a title\n", "utf-8")


def published(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "output/articles").glob("*/index.html"))


def test_bad_seeds_beside_a_good_story_publish_the_story(tmp_path, capsys):
    """Before: '3 problem(s); nothing was written', exit 1, no output/."""
    site = news_site(tmp_path)
    bad_seeds(site)
    assert main(["build", "--site", str(site), "--format", "text"]) == 0
    out, err = capsys.readouterr()
    assert published(site) == ["kazakhstan-opens-a-new-border-crossing"]
    assert "built 1 article," in out
    lines = [ln for ln in err.splitlines() if re.match(r"\S+: (error|warning): ", ln) or re.match(r"\S+:\d+: ", ln)]
    assert lines == ["seeds/binary.txt: error: binary file (NUL bytes), not text; skipped",
                     "seeds/empty.txt: error: empty seed file; skipped",
                     "seeds/title.txt:1: error: the seed has a title but no body"]
    assert "  hint: add the article's paragraphs after a blank line" in err
    assert "published without 3 file(s) with errors; 0 warning(s)" in err
    # --strict tells a script that files were left out; the site is published all the same
    assert main(["build", "--site", str(site), "--strict", "--format", "text"]) == 1
    assert "(--strict: exit 1)" in capsys.readouterr().err
    assert published(site) == ["kazakhstan-opens-a-new-border-crossing"]


def test_github_format_annotates_each_problem_on_its_file_and_line(tmp_path, capsys, monkeypatch):
    site = news_site(tmp_path)
    bad_seeds(site)
    write(site / "content/broken.md", "---\ntitle: Talks: a new round\ndate: 2024-03-01\n---\nBody.\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # the default format inside GitHub Actions
    assert main(["build", "--site", str(site)]) == 0
    out = capsys.readouterr().out
    annotations = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert annotations == [
        "::error file=content/broken.md,line=2,col=13,title=site-builder::front matter: mapping values are not allowed "
        "in this context%0Ahint: quote the title: it contains \": \" (e.g. title: \"Talks: a new round\")",
        "::error file=seeds/binary.txt,title=site-builder::binary file (NUL bytes), not text; skipped",
        "::error file=seeds/empty.txt,title=site-builder::empty seed file; skipped%0Ahint: write a title line, a blank "
        "line, then the article",
        "::error file=seeds/title.txt,line=1,title=site-builder::the seed has a title but no body%0Ahint: add the "
        "article's paragraphs after a blank line",
    ]
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert main(["build", "--site", str(site)]) == 0
    assert "::error" not in capsys.readouterr().out  # plain text elsewhere


def test_the_workflows_build_with_github_annotations():
    root = Path(__file__).resolve().parents[1]
    for workflow in (root / ".github/workflows/pages.yml", root / "site_builder/scaffold/pages.yml"):
        text = workflow.read_text("utf-8")
        assert "site-builder import --format github" in text, workflow
        assert 'site-builder build --no-import --format github --base-url "$BASE_URL"' in text, workflow
        assert text.count("site-builder check --format github") == 2, workflow
    makefile = (root / "Makefile").read_text("utf-8")
    assert "$(if $(FORMAT),--format $(FORMAT),)" in makefile and "$(if $(STRICT),--strict,)" in makefile


def test_seed_and_content_problems_are_reported_together_in_one_stable_order(tmp_path):
    """Before: the first build named only the seeds; front matter problems appeared after they were fixed."""
    site = news_site(tmp_path)
    bad_seeds(site)
    write(site / "content/a-tab.md", "---\ntitle: Tabs\n\tdate: 2024-03-01\n---\nBody.\n")
    write(site / "content/b-bracket.md", "---\ntitle: Bracket\ntags: [Kazakhstan, trade\ndate: 2024-03-01\n---\nBody.\n")
    write(site / "content/c-alias.md", "---\ntitle: &t Alias\nsummary: *t\ndate: 2024-03-01\n---\nBody.\n")
    write(site / "content/d-updated.md", "---\ntitle: Updated\ndate: 2024-03-01\nupdated: yesterday\n---\nBody.\n")
    write(site / "content/e-unclosed.md", "---\ntitle: Unclosed\ndate: 2024-03-01\nBody.\n")
    write(site / "content/f-good.md", article("A good article", "2024-03-02"))
    result = subprocess.run([sys.executable, "-m", "site_builder", "build", "--site", str(site), "--format", "text"],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    heads = [ln for ln in result.stderr.splitlines() if re.match(r"(content|seeds)/", ln)]
    assert heads == [
        "content/a-tab.md:3:1: error: front matter: found a tab character that violates indentation",
        "content/b-bracket.md:3:7: error: front matter: this '[' is never closed (did not find expected ',' or ']')",
        "content/c-alias.md:2:8: error: front matter: YAML aliases (*name) are not allowed in front matter",
        "content/d-updated.md:4: error: 'updated' is not a date: 'yesterday'",
        "content/e-unclosed.md:1: error: front matter is not closed",
        "seeds/binary.txt: error: binary file (NUL bytes), not text; skipped",
        "seeds/empty.txt: error: empty seed file; skipped",
        "seeds/title.txt:1: error: the seed has a title but no body",
    ]
    assert "hint: a tab cannot indent YAML: indent with spaces" in result.stderr
    assert "hint: close it with ']' on this line" in result.stderr
    assert published(site) == ["f-good", "kazakhstan-opens-a-new-border-crossing"]
    again = subprocess.run([sys.executable, "-m", "site_builder", "build", "--site", str(site), "--format", "text"],
                           capture_output=True, text=True, timeout=300, cwd=tmp_path)
    # nothing changed: the same problems in the same order (the build short cut keeps them)
    assert again.returncode == 0 and again.stderr == result.stderr


def test_warnings_never_fail_a_build_and_their_seeds_are_published(tmp_path, capsys):
    """Before: a cp1252 seed or a control character stopped the build ('1 problem(s); nothing was written')."""
    site = news_site(tmp_path)
    (site / "seeds/cp1252.txt").write_bytes("Caf\u00e9 owners protest in Paris\n\nPARIS, March 4 (Reuters) - "
                                            "Owners of caf\u00e9s \u2014 about 300 \u2014 marched on Monday.\n".encode("cp1252"))
    (site / "seeds/control.txt").write_bytes(b"Oil prices rise\x01 again\n\nLONDON, March 5 (Reuters) - Oil rose\x0b on Tuesday.\n")
    assert main(["build", "--site", str(site), "--strict", "--format", "text"]) == 0  # warnings: not even --strict fails
    out, err = capsys.readouterr()
    assert "seeds/control.txt:1: warning: removed control characters that are not allowed in XML/HTML" in err
    assert "seeds/cp1252.txt:1: warning: not UTF-8; read as Windows-1252 (cp1252)" in err
    assert "seeds/control.txt:3: warning: removed control characters" in err  # one warning per line
    assert "published with no errors; 3 warning(s)" in err
    assert published(site) == ["cafe-owners-protest-in-paris", "kazakhstan-opens-a-new-border-crossing", "oil-prices-rise-again"]
    assert "Café owners" in (site / "output/articles/cafe-owners-protest-in-paris/index.html").read_text("utf-8")


def test_a_seed_above_the_limit_is_skipped_with_a_warning(tmp_path, capsys):
    site = news_site(tmp_path)
    with open(site / "seeds/huge.txt", "wb") as f:
        f.truncate(5 * 1024 * 1024 + 1)
    assert main(["build", "--site", str(site), "--strict", "--format", "text"]) == 0
    err = capsys.readouterr().err
    assert "seeds/huge.txt: warning: seed is 5120 KB, more than the 5 MB limit; skipped" in err
    assert published(site) == ["kazakhstan-opens-a-new-border-crossing"]


def test_a_hand_edited_page_is_the_same_warning_in_import_build_and_watch(tmp_path, capsys):
    """Before: `import` warned, `serve`/`watch` logged '0 files written' and nothing else."""
    site = news_site(tmp_path)
    import_seeds(site, config_mod.load(site))
    page = site / "content/kazakhstan-opens-a-new-border-crossing.md"
    page.write_text(page.read_text("utf-8").replace("Traffic is expected", "Edited by hand: traffic is expected"), "utf-8")
    write(site / "seeds/good.txt", GOOD.replace("Monday", "Tuesday"))
    expected = ("content/kazakhstan-opens-a-new-border-crossing.md: warning: edited by hand since import; not overwritten\n"
                "  hint: the seed seeds/good.txt changed; use 'site-builder import --force' to replace the page (a backup is kept)")
    assert main(["import", "--site", str(site)]) == 0
    captured = capsys.readouterr()
    assert expected in captured.err and "1 kept (edited by hand), 0 failed, 1 warning(s)" in captured.out
    assert main(["build", "--site", str(site)]) == 0
    assert expected in capsys.readouterr().err
    results = []
    watcher = Watcher(site, results.append)
    try:
        first = watcher.start()
    finally:
        watcher.stop()
    from site_builder.cli import _result_printer

    _result_printer(quiet=True)(first)
    assert first.ok and [str(w.message) for w in first.warnings] == ["edited by hand since import; not overwritten"]
    assert expected in capsys.readouterr().err  # watch and serve print it as build and import do
    assert "Edited by hand" in page.read_text("utf-8")


@pytest.mark.parametrize("front, expected, hint", [
    ("title: Talks: a new round", "content/x.md:2:13: front matter: mapping values are not allowed in this context",
     'quote the title: it contains ": " (e.g. title: "Talks: a new round")'),
    ("title: x\n\tsummary: y", "content/x.md:3:1: front matter: found a tab character that violates indentation",
     "a tab cannot indent YAML: indent with spaces"),
    ("title: x\ntags: [a, b\nsummary: y", "content/x.md:3:7: front matter: this '[' is never closed",
     "close it with ']' on this line"),
    ("title: x\nplace: {city: Astana\nsummary: y", "content/x.md:3:8: front matter: this '{' is never closed",
     "close it with '}' on this line"),
    ('title: "x\nsummary: y', "content/x.md:2:8: front matter: this quote is never closed",
     "close it with the same quote on this line"),
])
def test_yaml_errors_carry_a_hint_at_the_line_to_fix(front, expected, hint):
    from site_builder.reading import frontmatter
    from site_builder.base.errors import SiteError

    with pytest.raises(SiteError) as info:
        frontmatter.parse(f"---\n{front}\ndate: 2024-03-01\n---\nBody\n", "content/x.md")
    (problem,) = info.value.problems
    assert str(problem).startswith(expected) and problem.hint == hint


def test_serve_prints_the_hand_edit_warning_that_import_prints(tmp_path):
    """The issue's case, with a real `serve` process: before, it logged '0 files written' and nothing else."""
    import os
    import signal

    site = news_site(tmp_path / "site")
    import_seeds(site, config_mod.load(site))
    page = site / "content/kazakhstan-opens-a-new-border-crossing.md"
    page.write_text(page.read_text("utf-8").replace("Traffic is expected", "Edited: traffic is expected"), "utf-8")
    write(site / "seeds/good.txt", GOOD.replace("Monday", "Tuesday"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    serve = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--site", str(site), "--port", "0"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env)
    try:
        line = ""
        while "serving" not in line and serve.poll() is None:
            line = serve.stdout.readline()
    finally:
        serve.send_signal(signal.SIGINT)
        _, err = serve.communicate(timeout=60)
    assert "serving http://127.0.0.1:" in line
    assert ("content/kazakhstan-opens-a-new-border-crossing.md: warning: edited by hand since import; not overwritten\n"
            "  hint: the seed seeds/good.txt changed; use 'site-builder import --force'") in err
    assert "published with no errors; 1 warning(s)" in err
