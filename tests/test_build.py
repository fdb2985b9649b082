"""The whole pipeline: determinism, error reporting, a failed build keeps the old site."""
import datetime as dt
import subprocess
import sys

import pytest

from site_builder.build import BuildOptions, build
from site_builder.cli import main
from site_builder.base.errors import SiteError
from tests.conftest import article, write

NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def small_site(site):
    write(site / "content/one.md", article("One & <only>", "2021-10-17T09:00:00+06:00", ["Kazakhstan", "trade"], body="First *one*. [Link](../two/)"))
    write(site / "content/two.md", article("Two", "2021-10-18", ["trade"], body="Second.\n\n## Part\n\nMore."))
    write(site / "content/sub/three.md", article("Three", "2021-11-01", ["Afghanistan"], body="Third."))
    return site


def run(site, **kw):
    return build(BuildOptions(site_dir=site, now=NOW, **kw))


def test_builds_every_kind_of_output(site):
    report = run(small_site(site))
    out = tree(site / "output")
    for path in ["index.html", "404.html", ".nojekyll", "robots.txt", "sitemap.xml", "feed.xml", "atom.xml", "feed.json",
                 "articles/one/index.html", "articles/three/index.html", "tags/index.html", "tags/trade/index.html",
                 "tags/trade/feed.xml", "tags/trade/atom.xml", "tags/trade/feed.json", "archive/index.html",
                 "archive/2021/10/index.html", "archive/2021/11/index.html", "feeds/index.html"]:
        assert path in out, path
    assert report.articles == 3 and report.tags == 3
    assert b"/repo/articles/one/" in out["index.html"]


def test_two_builds_are_byte_identical_whatever_the_file_order(site, tmp_path_factory):
    small_site(site)
    run(site)
    first = tree(site / "output")
    other = tmp_path_factory.mktemp("other")
    run(site, output_dir=other)
    assert tree(other) == first
    # a copy of the site made in another order, with its cache removed, builds the same bytes
    copy = tmp_path_factory.mktemp("copy")
    for rel in reversed(sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and "output" not in p.parts and ".cache" not in p.parts)):
        write(copy / rel, (site / rel).read_text())
    run(copy)
    assert tree(copy / "output") == first


def test_no_build_clock_in_outputs(site):
    small_site(site)
    run(site)
    first = tree(site / "output")
    build(BuildOptions(site_dir=site, now=NOW + dt.timedelta(days=400)))
    assert tree(site / "output") == first


def test_a_bad_article_is_left_out_and_the_others_are_published(site):
    small_site(site)
    run(site)
    before = tree(site / "output")
    write(site / "content/bad.md", "---\ntitle: Bad\ndate: not a date\n---\nx\n")
    report = run(site)
    assert [str(p) for p in report.problems][0].startswith("content/bad.md:3: 'date' is not a date")
    assert report.articles == 3
    assert tree(site / "output") == before  # the bad file changes nothing that is published
    assert not any(p.name.startswith((".output.staging", ".output.old")) for p in site.iterdir())


def test_failed_build_leaves_previous_output_untouched(site):
    """A site-wide problem (two articles with one URL) stops the build; the bad file is named in the same run."""
    small_site(site)
    run(site)
    before = tree(site / "output")
    write(site / "content/bad.md", "---\ntitle: Bad\ndate: not a date\n---\nx\n")
    write(site / "content/copy.md", article("Copy", "2021-10-20", slug="one"))
    with pytest.raises(SiteError) as info:
        run(site)
    shown = [str(p) for p in info.value.problems]
    assert shown[0].startswith("content/bad.md:3: 'date' is not a date")
    assert shown[1].startswith("content/one.md: slug 'one' is also used by content/copy.md")
    assert tree(site / "output") == before
    assert not any(p.name.startswith((".output.staging", ".output.old")) for p in site.iterdir())


def test_broken_template_is_reported_at_its_line_and_keeps_output(site):
    small_site(site)
    run(site)
    before = tree(site / "output")
    write(site / "templates/article.html", "{% extends 'base.html' %}\n{% block main %}\n{{ article.title }\n{% endblock %}\n")
    with pytest.raises(SiteError) as info:
        run(site)
    problem = info.value.problems[0]
    assert problem.path == "templates/article.html" and problem.line in (3, 4)
    assert tree(site / "output") == before


def test_drafts_and_future_articles_are_left_out(site):
    small_site(site)
    write(site / "content/draft.md", article("Draft", "2021-01-01", draft=True))
    write(site / "content/future.md", article("Future", "2031-01-01"))
    report = run(site)
    assert report.skipped == 2
    assert "articles/draft/index.html" not in tree(site / "output")


def test_duplicate_ids_and_slugs_are_errors(site):
    write(site / "content/a.md", article("A", "2021-01-01", id="urn:x", slug="same"))
    write(site / "content/b.md", article("B", "2021-01-01", id="urn:x", slug="same"))
    with pytest.raises(SiteError) as info:
        run(site)
    messages = " ".join(str(p) for p in info.value.problems)
    assert "slug 'same'" in messages and "id 'urn:x'" in messages


def test_cli_exit_codes_and_messages(site, capsys):
    small_site(site)
    assert main(["build", "--site", str(site)]) == 0
    assert "built 3 articles" in capsys.readouterr().out
    write(site / "site.toml", "titel = 'x'\n")
    assert main(["build", "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert "site.toml:1: error: unknown key 'titel'" in err and "did you mean 'title'" in err
    assert main(["build", "--no-such-option"]) == 2
    assert main(["build", "--site", str(site), "--base-url", "not a url"]) == 1


def test_module_entry_point_and_version():
    result = subprocess.run([sys.executable, "-m", "site_builder", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("site-builder ")


def test_base_url_override_moves_every_link(site):
    small_site(site)
    run(site, base_url="https://other.example/news/")
    out = tree(site / "output")
    assert b"https://other.example/news/articles/one/" in out["feed.xml"]
    assert b"/repo/" not in out["index.html"]


def test_impossible_yaml_date_is_a_located_error(site):
    write(site / "content/bad.md", "---\ntitle: Bad\ndate: 2021-13-45\n---\nx\n")
    with pytest.raises(SiteError) as info:
        run(site)
    assert str(info.value.problems[0]).startswith("content/bad.md:3:")
    assert "not a valid date" in str(info.value.problems[0])


def test_editor_leftovers_in_static_are_not_published(site):
    small_site(site)
    for name in ("CNAME", "logo.png~", ".logo.png.swp", "4913", "#x#", ".well-known/security.txt"):
        write(site / "static" / name, "x")
    run(site)
    out = tree(site / "output")
    assert "CNAME" in out and ".well-known/security.txt" in out
    assert not any(name in out for name in ("logo.png~", ".logo.png.swp", "4913", "#x#"))


def test_base_url_override_does_not_mint_ids(site):
    write(site / "seeds/a.txt", "A title\n\nMOSCOW, May 3. /TASS/. Russia said on Sunday it agreed.\n\nMore.\n")
    run(site, base_url="http://127.0.0.1:8000/repo/")
    (page,) = (site / "content").glob("*.md")
    assert "127.0.0.1" not in page.read_text()
    assert "id: tag:user.github.io," in page.read_text()


def test_the_garbage_collector_is_paused_for_a_build_and_restored_even_after_errors(site, monkeypatch):
    import gc

    import site_builder.build as build_mod

    paused = []
    real = build_mod.read_articles
    monkeypatch.setattr(build_mod, "read_articles", lambda *a, **k: paused.append(gc.isenabled()) or real(*a, **k))
    write(site / "content/a.md", "---\ntitle: A\ndate: 2021-01-01\n---\n\nBody.\n")
    build(BuildOptions(site_dir=site))
    write(site / "content/b.md", "---\ntitle: [unclosed\n---\n")
    (site / "content/a.md").unlink()  # nothing left to publish: the one bad file stops the build
    with pytest.raises(SiteError):
        build(BuildOptions(site_dir=site))
    assert paused == [False, False]
    assert gc.isenabled() and gc.get_freeze_count() == 0
