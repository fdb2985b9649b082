"""Feeds, sitemap, robots.txt, OPML: parsed back with feedparser and lxml."""
from __future__ import annotations

import dataclasses
import html
import datetime as dt
import json
import re

import feedparser
import pytest
from lxml import etree

from site_builder.feeds import render as feeds
from site_builder.config.options import AuthorConfig, Config, FeedsConfig
from site_builder.build import machine_files
from site_builder.model.outputs import materialise
from site_builder.model.article import Article, Tag
from site_builder.model.grouping import make_site
from site_builder.model.urls import Urls

BASE = "https://user.github.io/repo/"
UTC = dt.timezone.utc
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = "Q&A <b>bold</b> ]]> \x01ctl\x0b 🎉 שלום"


def make_article(n: int, title: str = "", tags=("Alpha",), html: str = "<p>Body.</p>", updated=None, **extra) -> Article:
    return Article(
        source=f"a{n}.md", slug=f"story-{n}", id=f"urn:uuid:00000000-0000-0000-0000-{n:012d}",
        title=title or f"Story {n}", date=dt.datetime(2024, 3, n, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))),
        updated=updated, summary=f"Summary {n}.", lede="", tags=tuple(Tag(t, t.lower()) for t in tags), html=html, **extra,
    )


def render(articles, config: Config | None = None) -> dict[str, bytes]:
    config = config or Config(title="Test News", base_url=BASE)
    site, _ = make_site(articles, UTC)
    files = [materialise(f) for f in machine_files(site, config, Urls(config.base_url))]
    paths = [f.path for f in files]
    assert len(paths) == len(set(paths)), "two outputs share a path"
    return {f.path: f.data for f in files}


@pytest.fixture
def three() -> list[Article]:
    return [make_article(1, tags=("Alpha", "Beta")), make_article(2, updated=dt.datetime(2024, 3, 20, tzinfo=UTC)),
            make_article(3, tags=("Beta",))]


def test_outputs_for_site_and_every_tag(three):
    out = render(three)
    expected = {"feed.xml", "atom.xml", "feed.json", "sitemap.xml", "news-sitemap.xml", "robots.txt", ".nojekyll",
                "feeds/feeds.opml",
                "assets/feed.xsl", "archive/2024/03/atom.xml"}  # archives: Atom only by default
    for slug in ("alpha", "beta"):
        expected |= {f"tags/{slug}/feed.xml", f"tags/{slug}/atom.xml", f"tags/{slug}/feed.json"}
    assert set(out) == expected
    assert out[".nojekyll"] == b""


@pytest.mark.parametrize("path", ["feed.xml", "atom.xml"])
def test_feedparser_reads_titles_links_ids_dates(three, path):
    parsed = feedparser.parse(render(three)[path])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.title == "Test News"
    assert parsed.feed.link == BASE
    assert [e.title for e in parsed.entries] == ["Story 3", "Story 2", "Story 1"]  # newest first
    assert [e.link for e in parsed.entries] == [f"{BASE}articles/story-{n}/" for n in (3, 2, 1)]
    assert [e.id for e in parsed.entries] == [f"urn:uuid:00000000-0000-0000-0000-{n:012d}" for n in (3, 2, 1)]
    assert parsed.entries[0].published_parsed[:5] == (2024, 3, 3, 6, 30)  # 09:30+03:00 in UTC
    assert [t.term for t in parsed.entries[2].tags] == ["Alpha", "Beta"]


def test_rss_guid_is_not_a_permalink_and_dates_are_rfc822(three):
    root = etree.fromstring(render(three)["feed.xml"])
    guid = root.find("channel/item/guid")
    assert guid.get("isPermaLink") == "false"
    assert root.findtext("channel/item/pubDate") == "Sun, 03 Mar 2024 06:30:00 +0000"
    # the newest *modification* (article 2 was updated on the 20th), not the build clock
    assert root.findtext("channel/lastBuildDate") == "Wed, 20 Mar 2024 00:00:00 +0000"


def test_atom_updated_is_newest_item_and_entries_carry_both_dates(three):
    root = etree.fromstring(render(three)["atom.xml"])
    assert root.findtext(f"{ATOM}updated") == "2024-03-20T00:00:00+00:00"
    story2 = root.findall(f"{ATOM}entry")[1]
    assert story2.findtext(f"{ATOM}published") == "2024-03-02T06:30:00+00:00"
    assert story2.findtext(f"{ATOM}updated") == "2024-03-20T00:00:00+00:00"
    link = story2.find(f"{ATOM}link")
    assert (link.get("rel"), link.get("type")) == ("alternate", "text/html")


def test_json_feed_fields(three):
    doc = json.loads(render(three)["feed.json"])
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["home_page_url"] == BASE and doc["feed_url"] == BASE + "feed.json"
    assert doc["language"] == "en" and doc["authors"] == [{"name": "Test News"}]
    first = doc["items"][0]
    assert first["id"] == "urn:uuid:00000000-0000-0000-0000-000000000003"
    assert first["url"] == BASE + "articles/story-3/"
    assert first["date_published"] == "2024-03-03T06:30:00+00:00"
    assert first["content_html"] == "<p>Body.</p>" and first["summary"] == "Summary 3."
    assert doc["items"][1]["date_modified"] == "2024-03-20T00:00:00+00:00"
    assert "hubs" not in doc


def test_tag_feeds_have_own_title_self_and_alternate(three):
    out = render(three)
    atom = etree.fromstring(out["tags/beta/atom.xml"])
    assert atom.findtext(f"{ATOM}title") == "Test News — Beta"
    links = {l.get("rel"): l.get("href") for l in atom.findall(f"{ATOM}link")}
    assert links == {"self": BASE + "tags/beta/atom.xml", "alternate": BASE + "tags/beta/"}
    assert len(atom.findall(f"{ATOM}entry")) == 2
    rss = etree.fromstring(out["tags/beta/feed.xml"])
    assert rss.find(f"channel/{ATOM}link").get("href") == BASE + "tags/beta/feed.xml"
    assert rss.findtext("channel/link") == BASE + "tags/beta/"
    assert json.loads(out["tags/beta/feed.json"])["feed_url"] == BASE + "tags/beta/feed.json"


def test_deterministic_bytes(three):
    assert render(three) == render(list(reversed(three)))


def test_empty_site_uses_no_clock():
    out = render([])
    atom = etree.fromstring(out["atom.xml"])
    assert atom.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"
    assert etree.fromstring(out["feed.xml"]).find("channel/lastBuildDate") is None
    assert json.loads(out["feed.json"])["items"] == []
    assert feedparser.parse(out["feed.xml"]).bozo == 0
    assert out == render([])


def test_hostile_text_survives_and_control_characters_go():
    body = "<p>Fish &amp; chips &lt;tag&gt; ]]&gt; \x01 🎉 <span dir=\"rtl\">مرحبا</span></p>"
    article = make_article(1, title=HOSTILE_TITLE, tags=("R&D <x>", "עברית 🎉\x0b"), html=body)
    out = render([article])
    clean_title = "Q&A <b>bold</b> ]]> ctl 🎉 שלום"
    for path in ("feed.xml", "atom.xml"):
        assert b"\x01" not in out[path] and b"\x0b" not in out[path]
        parsed = feedparser.parse(out[path])
        assert parsed.bozo == 0
        entry = parsed.entries[0]
        # An RSS title is ambiguous (text or HTML?): feedparser calls one with tags in it HTML; Atom says type="text".
        shown = html.unescape(entry.title) if entry.title_detail.type == "text/html" else entry.title
        assert shown == clean_title
        assert sorted(t.term for t in entry.tags) == ["R&D <x>", "עברית 🎉"]
        assert "Fish &amp; chips &lt;tag&gt; ]]&gt;" in entry.content[0].value
        assert "مرحبا" in entry.content[0].value
    doc = json.loads(out["feed.json"])
    assert doc["items"][0]["title"] == clean_title
    assert doc["items"][0]["tags"] == ["R&D <x>", "עברית 🎉"]
    assert "\x01" not in doc["items"][0]["content_html"]


def test_content_is_sanitised_and_every_url_absolute_under_sub_path():
    html = ('<p><a href="../story-2/">next</a> <a href="#part">part</a> <a href="https://other.org/x">o</a>'
            '<img src="photo.jpg" onerror="alert(1)"> <a href="javascript:alert(1)">js</a>'
            '<q cite="source.html">q</q></p><script>alert(1)</script><iframe src="x"></iframe><style>p{}</style>')
    out = render([make_article(1, html=html), make_article(2)])
    content = json.loads(out["feed.json"])["items"][1]["content_html"]
    page = BASE + "articles/story-1/"
    assert f'href="{BASE}articles/story-2/"' in content
    assert f'href="{page}#part"' in content
    assert f'src="{page}photo.jpg"' in content and f'cite="{page}source.html"' in content
    assert 'href="https://other.org/x"' in content
    for banned in ("<script", "<iframe", "<style", "onerror", "javascript:"):
        assert banned not in content
    for path in ("feed.xml", "atom.xml"):
        text = feedparser.parse(out[path]).entries[1].content[0].value
        assert f'href="{page}#part"' in text and "<script" not in text


def _all_urls(data: bytes) -> list[str]:
    """Every URL in a feed document: link/href/src attributes, link texts, and URLs inside content."""
    text = data.decode("utf-8").replace("&quot;", '"').replace("&amp;", "&")
    found = re.findall(r'(?:href|src|cite|xmlUrl|htmlUrl)="([^"]*)"', text)
    found += re.findall(r"<(?:link|loc|id)>([^<]*)</", text)
    found += re.findall(r'"(?:url|home_page_url|feed_url)": "([^"]*)"', text)
    found += [m.replace('\\"', "") for m in re.findall(r'(?:href|src)=\\"([^"\\]*)\\"', text)]
    return found


def test_every_link_absolute_and_under_the_sub_path(three):
    three[0] = dataclasses.replace(three[0], html='<p><a href="../story-2/">x</a> <img src="a.png"></p>')
    out = render(three)
    for path, data in out.items():
        if path.endswith((".xml", ".json", ".opml")):
            urls = [u for u in _all_urls(data) if not u.startswith(("urn:", "tag:", "/repo/assets/"))]
            assert urls, path
            for url in urls:
                assert url.startswith(BASE), (path, url)
    assert b'href="/repo/assets/feed.xsl"' in out["feed.xml"][:512]


def test_limit_and_size_budget():
    articles = [make_article(n, html="<p>" + "word " * 400 + "</p>") for n in range(1, 21)]
    limited = render(articles, Config(base_url=BASE, feeds=FeedsConfig(limit=3)))
    assert len(feedparser.parse(limited["atom.xml"]).entries) == 3
    budget = Config(base_url=BASE, feeds=FeedsConfig(size_budget_kb=8))
    out = render(articles, budget)
    for path in ("feed.xml", "atom.xml", "feed.json"):
        assert len(out[path]) <= 8 * 1024, path
    kept = [e.id for e in feedparser.parse(out["atom.xml"]).entries]
    assert 1 <= len(kept) < 20
    assert kept == [f"urn:uuid:00000000-0000-0000-0000-{n:012d}" for n in range(20, 20 - len(kept), -1)]  # oldest dropped
    assert len(feedparser.parse(render(articles[:1], Config(base_url=BASE, feeds=FeedsConfig(size_budget_kb=1)))["feed.xml"]).entries) == 1


def test_fit_finds_largest_count_within_budget():
    items = tuple(range(10))

    def render_items(chosen):
        sizes = tuple(100 + 10 * i for i in chosen)
        return feeds.Rendered(b"x" * (50 + sum(sizes)), lambda: sizes)

    for budget in (60, 200, 700, 1000, 5000):
        data = feeds.fit(render_items, items, budget)
        best = max([k for k in range(1, 11) if 50 + sum(100 + 10 * i for i in range(k)) <= budget], default=1)
        assert len(data) == 50 + sum(100 + 10 * i for i in range(best))


def test_summary_only_feeds():
    config = Config(base_url=BASE, feeds=FeedsConfig(full_content=False))
    out = render([make_article(1, html="<p>Secret full text</p>")], config)
    assert b"Secret full text" not in b"".join(out.values())
    item = json.loads(out["feed.json"])["items"][0]
    assert item["content_text"] == "Summary 1." and "content_html" not in item
    assert feedparser.parse(out["atom.xml"]).entries[0].summary == "Summary 1."


def test_tag_feeds_carry_summaries_unless_tag_full_content():
    article = make_article(1, html="<p>Secret full text</p>")
    out = render([article], Config(base_url=BASE))
    assert b"Secret full text" in out["atom.xml"] and b"Secret full text" in out["feed.json"]
    for name in ("atom.xml", "feed.xml", "feed.json"):
        assert b"Secret full text" not in out[f"tags/alpha/{name}"], name
    assert feedparser.parse(out["tags/alpha/atom.xml"]).entries[0].summary == "Summary 1."
    assert json.loads(out["tags/alpha/feed.json"])["items"][0]["content_text"] == "Summary 1."
    full = render([article], Config(base_url=BASE, feeds=FeedsConfig(tag_full_content=True)))
    assert all(b"Secret full text" in full[f"tags/alpha/{name}"] for name in ("atom.xml", "feed.xml", "feed.json"))
    none = render([article], Config(base_url=BASE, feeds=FeedsConfig(full_content=False, tag_full_content=True)))
    assert b"Secret full text" not in b"".join(none.values())  # full_content = false: summaries everywhere


def test_feed_ids_author_and_hub():
    config = Config(title="T", base_url=BASE, author=AuthorConfig("Ann Reporter", "ann@example.org"),
                    feeds=FeedsConfig(id_authority="example.org", websub_hub="https://hub.example/"))
    out = render([make_article(1)], config)
    atom = etree.fromstring(out["atom.xml"])
    assert atom.findtext(f"{ATOM}id") == "tag:example.org,2026:feeds/site"
    assert etree.fromstring(out["tags/alpha/atom.xml"]).findtext(f"{ATOM}id") == "tag:example.org,2026:feeds/tags/alpha"
    assert [l.get("href") for l in atom.findall(f"{ATOM}link[@rel='hub']")] == ["https://hub.example/"]
    assert atom.findtext(f"{ATOM}entry/{ATOM}author/{ATOM}email") == "ann@example.org"
    rss = etree.fromstring(out["feed.xml"])
    assert [l.get("href") for l in rss.findall(f"channel/{ATOM}link[@rel='hub']")] == ["https://hub.example/"]
    assert rss.findtext("channel/item/author") == "ann@example.org (Ann Reporter)"
    doc = json.loads(out["feed.json"])
    assert doc["hubs"] == [{"type": "WebSub", "url": "https://hub.example/"}]
    assert doc["authors"] == [{"name": "Ann Reporter", "url": "mailto:ann@example.org"}]
    default = etree.fromstring(render([make_article(1)])["atom.xml"])
    assert default.findtext(f"{ATOM}id") == BASE + "atom.xml"


def test_content_html_made_once_per_article(monkeypatch):
    calls = []
    original = feeds.content_html
    monkeypatch.setattr(feeds, "content_html", lambda html, urls, route: calls.append(route) or original(html, urls, route))
    render([make_article(n, tags=("Alpha", "Beta", "Gamma")) for n in range(1, 6)])
    assert sorted(calls) == sorted(f"articles/story-{n}/" for n in range(1, 6))


def test_sitemap_robots_and_opml(three):
    config = Config(title="Test News", base_url=BASE, per_page=2)
    out = render(three, config)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = etree.fromstring(out["sitemap.xml"])
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)}
    for route in ("", "page/2/", "articles/story-1/", "tags/", "tags/beta/", "tags/alpha/", "archive/", "archive/2024/03/",
                  "feeds/"):
        assert BASE + route in entries, route
    assert len(entries) == 12  # 2 home pages, 3 articles, tags index, 2 tag pages, archive index, 1 month, feeds, search
    assert entries[BASE + "articles/story-2/"] == "2024-03-20T00:00:00+00:00"
    assert entries[BASE + "articles/story-3/"] == "2024-03-03T06:30:00+00:00"
    assert out["robots.txt"].decode().splitlines() == ["User-agent: *", "Allow: /", "", f"Sitemap: {BASE}sitemap.xml",
                                                      f"Sitemap: {BASE}news-sitemap.xml"]
    opml = etree.fromstring(out["feeds/feeds.opml"])
    urls = [o.get("xmlUrl") for o in opml.iter("outline") if o.get("xmlUrl")]
    assert urls == [BASE + "feed.xml", BASE + "tags/alpha/feed.xml", BASE + "tags/beta/feed.xml"]


def test_stylesheet_instruction_and_xslt_view(three):
    out = render(three)
    transform = etree.XSLT(etree.fromstring(out["assets/feed.xsl"]))
    for path in ("feed.xml", "atom.xml"):
        head = out[path][:512]
        assert b'<?xml-stylesheet type="text/xsl" href="/repo/assets/feed.xsl"?>' in head
        page = str(transform(etree.fromstring(out[path])))
        assert "This is a web feed" in page and "Story 3" in page
        assert f'href="{BASE}articles/story-3/"' in page
        assert BASE + path in page  # the address to copy


FEED_CONTENT_CASES = [
    "Plain [absolute](https://example.org/a?x=1&y=2#f) link and <mailto:desk@example.org>.",
    "![photo](https://cdn.example.org/p.jpg \"Caption\")\n\n> quoted\n\n| a | b |\n|:--|--:|\n| 1 | 2 |",
    "Footnote[^1].\n\n[^1]: Note with [link](https://example.org/n).\n\n## Heading {#custom}\n\n```\n<a href=\"rel/\">code</a>\n```",
    "Text that shows href=\"https://example.org/t\" literally, and `src=\"x/\"` in code.",
    "A [relative](../other/) link and ![img](pic.png).",
    "A [root](/about/) link, a [query](?page=2) and a [fragment](#top).",
    "An [odd](https://example.org/a/../b) absolute URL and [empty query](https://example.org/x?).",
    "<blockquote cite=\"https://example.org/src\">Quoted</blockquote>\n\n<q cite=\"notes/\">inline</q>",
]


@pytest.mark.parametrize("text", FEED_CONTENT_CASES)
def test_feed_content_fast_path_is_what_the_full_rewrite_gives(text, monkeypatch):
    """Article HTML whose URLs are all absolute is used as it is; that must be exactly what sanitising it again gives."""
    from site_builder.reading import markup

    page_html = markup.Renderer().render(text)
    urls = Urls("https://user.github.io/repo/")
    fast = feeds.content_html(page_html, urls, "articles/story/")
    monkeypatch.setattr(feeds, "_absolute_already", lambda *args: False)
    assert fast == feeds.content_html(page_html, urls, "articles/story/")
    assert 'href="../' not in fast and 'src="pic.png"' not in fast


def test_relative_urls_take_the_full_rewrite():
    from site_builder.reading import markup

    page_html = markup.Renderer().render("A [relative](../other/) link.")
    urls = Urls("https://user.github.io/repo/")
    assert not feeds._absolute_already(page_html, urls, "articles/story/")
    assert 'href="https://user.github.io/repo/articles/other/"' in feeds.content_html(page_html, urls, "articles/story/")
