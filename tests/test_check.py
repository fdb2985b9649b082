"""``site-builder check``: a clean build passes; each planted defect is caught."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from site_builder.check.site import check
from site_builder.cli import main
from tests.conftest import article, write

BASE = "https://user.github.io/repo/"
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)


def make_site(site: Path, ids: dict[int, str] | None = None, updated: str | None = None) -> None:
    ids = ids or {}
    for n in range(1, 6):
        extra = {"slug": f"story-{n}", "id": ids.get(n, f"tag:news.example,2024:story-{n}")}
        if updated:
            extra["updated"] = updated
        body = f"Body {n} with [a link](../story-{max(1, n - 1)}/) and [a section](#s)."
        write(site / "content" / f"story-{n}.md",
              article(f"Story {n}", f"2024-0{1 + n % 3}-0{n}T12:00:00Z", tags=["Alpha", "Beta"][: 1 + n % 2], body=body,
                      **extra))


def build_into(site: Path, out: Path, base_url: str = BASE) -> Path:
    build(BuildOptions(site_dir=site, output_dir=out, base_url=base_url, run_import=False, now=NOW))
    return out


@pytest.fixture
def built(site: Path, tmp_path: Path) -> Path:
    make_site(site)
    return build_into(site, tmp_path / "out")


def messages(out: Path, budget_kb: int = 250, against: Path | None = None) -> list[str]:
    return [str(p) for p in check(out, BASE, budget_kb, against).problems]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def one(found: list[str], pattern: str) -> None:
    assert any(re.search(pattern, m) for m in found), found


def test_clean_build_passes(built: Path):
    report = check(built, BASE, 250)
    assert report.problems == () and report.feeds >= 9 and report.pages >= 5


def test_feed_that_does_not_parse(built: Path):
    (built / "atom.xml").write_bytes((built / "atom.xml").read_bytes()[:300])
    one(messages(built), r"^atom\.xml:\d+: does not parse as XML")
    (built / "feed.json").write_text("{", encoding="utf-8")
    one(messages(built), r"^feed\.json: does not parse")


def test_relative_and_local_urls(built: Path):
    edit(built / "feed.xml", f"<link>{BASE}articles/", "<link>articles/")
    edit(built / "atom.xml", f'<link href="{BASE}articles/story-4/', '<link href="http://localhost:8000/articles/story-4/')
    edit(built / "feed.json", f'"url": "{BASE}articles/', '"url": "/repo/articles/')
    found = messages(built)
    one(found, r"^feed\.xml:\d+: <link> has a relative or non-web URL 'articles/")
    one(found, r"^atom\.xml:\d+: .*local URL 'http://localhost:8000/")
    one(found, r"^feed\.json: JSON Feed has a relative")


def test_local_url_inside_content(built: Path):
    edit(built / "atom.xml", f'href="{BASE}articles/story-', 'href="http://127.0.0.1/articles/story-')
    one(messages(built), r"^atom\.xml: content has a local URL 'http://127\.0\.0\.1/")


def test_self_link_not_the_published_location(site: Path, tmp_path: Path):
    make_site(site)
    out = build_into(site, tmp_path / "out", "https://old.example/")
    found = messages(out)
    one(found, r"^atom\.xml: self link 'https://old\.example/atom\.xml' is not where the feed is published")
    one(found, r"^sitemap\.xml:\d+: https://old\.example/ is not a page of this output")


def test_missing_required_element(built: Path):
    edit(built / "atom.xml", "<title>Test News</title>", "")
    one(messages(built), r"^atom\.xml:\d+: Atom feed has no <title>")


def test_duplicate_id_in_a_feed_and_shared_ids(site: Path, tmp_path: Path):
    make_site(site)
    out = build_into(site, tmp_path / "out")
    edit(out / "feed.xml", "tag:news.example,2024:story-4</guid>", "tag:news.example,2024:story-5</guid>")
    found = messages(out)
    one(found, r"^feed\.xml: entry id 'tag:news\.example,2024:story-5' appears twice")
    one(found, r"id 'tag:news\.example,2024:story-5' names two articles")


def test_id_in_two_archives_and_not_archived(built: Path):
    months = sorted(p.parent.relative_to(built).as_posix() for p in built.glob("archive/*/*/atom.xml"))
    assert len(months) == 3
    first, second, newest = (built / m / "atom.xml" for m in months)
    entry = re.search(r"<entry>.*?</entry>", first.read_text(encoding="utf-8"), re.S).group(0)
    edit(second, "<entry>", entry + "\n<entry>")  # in two archives
    gone = re.search(r"<entry>.*?</entry>", newest.read_text(encoding="utf-8"), re.S).group(0)
    edit(newest, gone, "")  # in none
    found = messages(built)
    one(found, r"^archive/2024/0\d/atom\.xml: id .* is also archived in")
    one(found, r"^atom\.xml: entry .* is in no monthly archive")


def test_size_over_budget(built: Path):
    one(messages(built, budget_kb=1), r"^atom\.xml: \d+ KB is over the size budget of 1 KB")
    assert not any("archive/" in m and "budget" in m for m in messages(built, budget_kb=1))  # archives are complete


def test_broken_internal_links(built: Path):
    shutil.rmtree(built / "articles" / "story-1")
    index = built / "index.html"
    edit(index, "</body>", '<a href="/articles/story-2/">no sub-path</a><img src="http://localhost/x.png"></body>')
    found = messages(built)
    one(found, r"broken link <a href=\"(/repo/articles/story-1/|\.\./story-1/)\">: no articles/story-1/index\.html")
    one(found, r"^index\.html:\d+: <a href=\"/articles/story-2/\"> leaves the site's base path /repo/")
    one(found, r"^index\.html:\d+: <img src> points at a local address")
    one(found, r"^sitemap\.xml:\d+: https://user\.github\.io/repo/articles/story-1/ is not a page")


def test_relative_canonical_link(built: Path):
    page = built / "articles" / "story-2" / "index.html"
    edit(page, f'rel="canonical" href="{BASE}', 'rel="canonical" href="/repo/')
    one(messages(built), r"^articles/story-2/index\.html:\d+: canonical link has a relative")


def test_against_id_churn_after_base_url_slug_and_id_change(site: Path, tmp_path: Path):
    make_site(site)
    before = build_into(site, tmp_path / "before", "https://old.example/")
    make_site(site, ids={2: "urn:uuid:11111111-2222-3333-4444-555555555555"})
    after = build_into(site, tmp_path / "after")
    found = messages(after, against=before)
    one(found, r"id churn: 'Story 2' was published with id 'tag:news\.example,2024:story-2', now 'urn:uuid:1111")
    assert len([m for m in found if "churn" in m]) == 1
    assert messages(build_into(site, tmp_path / "again"), against=after) == []


def test_against_vanished_item_and_removed_article(site: Path, tmp_path: Path):
    make_site(site)
    before = build_into(site, tmp_path / "before")
    (site / "content" / "story-5.md").unlink()
    after = build_into(site, tmp_path / "after")
    report = check(after, BASE, 250, before)
    assert report.problems == () and any("Story 5" in n for n in report.notes)  # removed on purpose: a note
    for doc in [after / "atom.xml", *after.glob("archive/*/*/atom.xml")]:
        doc.write_text(re.sub(r"<entry>(?:(?!</entry>).)*story-3(?:(?!</entry>).)*</entry>", "",
                              doc.read_text(encoding="utf-8"), flags=re.S), encoding="utf-8")
    one(messages(after, against=before), r"item 'tag:news\.example,2024:story-3' \('Story 3'\) vanished from the feeds, "
                                         r"but its page articles/story-3/ is still published")


def test_ids_on_a_placeholder_domain(site: Path, tmp_path: Path):
    make_site(site, ids={1: "tag:example.org,2024:story-1", 2: "tag:localhost,2024:story-2",
                         3: "tag:news@www.example.com,2024:story-3"})
    out = build_into(site, tmp_path / "out")
    found = messages(out)
    for n, authority in ((1, r"example\.org"), (2, "localhost"), (3, r"news@www\.example\.com")):
        one(found, rf"^[\w/]+\.(xml|json): id 'tag:{authority},2024:story-{n}' is minted on a placeholder domain")
    assert len([m for m in found if "placeholder" in m]) == 3  # once per id, not once per feed
    # once published, such an id is kept: changing it would be churn
    report = check(build_into(site, tmp_path / "again"), BASE, 250, out)
    assert report.problems == ()
    assert sum("placeholder domain but already published" in n for n in report.notes) == 3


def test_against_mass_updated(site: Path, tmp_path: Path):
    make_site(site)
    before = build_into(site, tmp_path / "before")
    make_site(site, updated="2024-06-01T00:00:00Z")
    after = build_into(site, tmp_path / "after")
    one(messages(after, against=before), r"^atom\.xml: 5 of 5 items changed their `updated` date")


def test_cli_exit_codes(built: Path, site: Path, capsys):
    assert main(["check", "--site", str(site), "--output", str(built)]) == 0
    assert "ok" in capsys.readouterr().out
    (built / "atom.xml").write_text("<feed", encoding="utf-8")
    assert main(["check", "--site", str(site), "--output", str(built)]) == 1
    assert "atom.xml:1: error: does not parse as XML" in capsys.readouterr().err
    assert main(["check", "--site", str(site), "--output", str(site / "missing")]) == 2


def test_site_over_its_size_budget(built: Path, site: Path, capsys):
    total = sum(p.stat().st_size for p in built.rglob("*") if p.is_file())
    assert check(built, BASE, 250, site_budget_mb=1).problems == ()  # a small site fits in 1 MB
    (built / "assets" / "big.bin").write_bytes(b"\0" * (1024 * 1024 - total + 1))
    one([str(p) for p in check(built, BASE, 250, site_budget_mb=1).problems],
        r"the site is 1 MB, over its budget of 1 MB \(\[build\] site_budget_mb\)")
    assert check(built, BASE, 250).problems == ()  # the default budget, 1 GB
    (site / "site.toml").write_text("[build]\nsite_budget_mb = 1\n")
    assert main(["check", "--site", str(site), "--output", str(built), "--base-url", BASE]) == 1
    assert "over its budget of 1 MB" in capsys.readouterr().err


def test_against_vanished_tag_page_and_feeds(site: Path, tmp_path: Path):
    """A tag that falls below [tags] min_articles loses its page and feeds: check --against says so (issue 15)."""
    make_site(site)
    write(site / "site.toml", 'title = "Test News"\nbase_url = "https://user.github.io/repo/"\n')  # min_articles = 2
    for n in (6, 7):
        write(site / "content" / f"gamma-{n}.md", article(f"Gamma {n}", f"2024-03-0{n}T12:00:00Z", tags=["Gamma"],
                                                           slug=f"gamma-{n}", id=f"tag:example.org,2024:gamma-{n}"))
    before = build_into(site, tmp_path / "before")
    assert (before / "tags/gamma/index.html").is_file() and (before / "tags/gamma/atom.xml").is_file()
    index = (before / "tags/index.html").read_text("utf-8")
    assert '<h2>Other tags <span class="count">3</span></h2>' in index  # no front matter names their kind
    (site / "content" / "gamma-7.md").unlink()
    after = build_into(site, tmp_path / "after")
    assert not (after / "tags/gamma").exists()  # one article left: below min_articles = 2
    page = (after / "articles/gamma-6/index.html").read_text("utf-8")
    assert '<span class="tag-text" dir="auto">Gamma</span>' in page and "tags/gamma/" not in page
    found = messages(after, against=before)
    one(found, r"^tags/gamma/index\.html: tag page tags/gamma/index\.html vanished since the previous output")
    one(found, r"^tags/gamma/atom\.xml: tag feed tags/gamma/atom\.xml vanished")
    assert not [m for m in found if "vanished" in m and "tags/gamma/" not in m]
    assert messages(build_into(site, tmp_path / "again"), against=after) == []
