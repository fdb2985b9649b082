"""HTML pages and the default theme: what every page carries, escaping, links under a sub-path."""
from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import pytest

from site_builder.model.outputs import materialise
from site_builder.pages import render as pages
from site_builder.model import urls as routes
from site_builder.config.options import Config, FeedsConfig
from site_builder.model.article import Article, Tag
from site_builder.model.grouping import make_site
from site_builder.model.urls import Urls
from tests.conftest import write

UTC = dt.timezone.utc
BASE = "https://user.github.io/repo/"
HOSTILE = '<script>alert(1)</script> {{ 7*7 }} {% if 1 %}X{% endif %} "q" \'s\' ]]> &amp; مرحبا 🎉'


def art(n: int, day: int, tags=(), **more) -> Article:
    values = dict(source=f"a{n}.md", slug=f"a{n}", id=f"id{n}", title=f"Title {n}",
                  date=dt.datetime(2021, 10, day, 9, 30, tzinfo=UTC), updated=None,
                  summary=f"Summary {n}.", lede="", tags=tuple(Tag(t, "") for t in tags),
                  html=f"<p>Body of article {n}.</p>")
    values.update(more)
    return Article(**values)


def render(articles, config: Config | None = None, site_dir: Path | None = None, min_articles: int = 1) -> dict[str, str]:
    """Every page (path -> text) of a site made of ``articles`` (tags and authors of one article get pages too,
    unless ``min_articles`` says otherwise)."""
    config = config or Config(title="Test News", base_url=BASE, per_page=2, older_per_page=2)
    site, _ = make_site(articles, config.tz, min_articles)
    env = pages.make_environment(site_dir or Path("/nonexistent"))
    out = {}
    for f in map(materialise, pages.render_pages(site, config, Urls(config.base_url), env)):
        assert f.path not in out, f"two pages want {f.path}"
        out[f.path] = f.data.decode("utf-8")
    return out


class Parsed(HTMLParser):
    """Start tags with their attributes, and the text of <script> elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def meta(self, prop: str) -> list[str]:
        return [a["content"] for a in self.find("meta", property=prop)]


@pytest.fixture(scope="module")
def small() -> dict[str, str]:
    return render([
        art(1, 1, ["Trade", "Kazakhstan"]),
        art(2, 2, ["Trade"], updated=dt.datetime(2021, 11, 3, tzinfo=UTC), place="Astana", agency="Reuters"),
        art(3, 3, ["Trade"]),
        art(4, 4, [], date=dt.datetime(2021, 9, 30, tzinfo=UTC)),
        art(5, 5, [HOSTILE], title=HOSTILE, summary=HOSTILE, lede=HOSTILE, place=HOSTILE, agency=HOSTILE),
    ])


def test_every_page_is_made(small):
    expected = {"index.html", "page/2/index.html", "page/3/index.html", "404.html", "tags/index.html",
                "archive/index.html", "archive/2021/10/index.html", "archive/2021/09/index.html", "feeds/index.html",
                "tags/trade/index.html", "tags/trade/page/2/index.html", "tags/kazakhstan/index.html", "search/index.html"}
    expected |= {f"articles/a{n}/index.html" for n in range(1, 6)}
    assert expected <= set(small)
    assert len(small) == len(expected) + 1  # plus the hostile tag's page


def test_head_of_every_page(small):
    for path, text in small.items():
        doc = Parsed(text)
        assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">"), path
        assert doc.find("meta", charset="utf-8") and doc.find("meta", name="viewport"), path
        assert doc.find("meta", name="description")[0]["content"], path
        assert doc.meta("og:title") and doc.meta("og:site_name") == ["Test News"], path
        alternates = {(a["type"], a["href"]) for a in doc.find("link", rel="alternate")}
        assert {("application/rss+xml", "/repo/feed.xml"), ("application/atom+xml", "/repo/atom.xml"),
                ("application/feed+json", "/repo/feed.json")} <= alternates, path
        if path == "404.html":
            assert doc.find("meta", name="robots", content="noindex") and not doc.find("link", rel="canonical")
            continue
        canonical = doc.find("link", rel="canonical")[0]["href"]
        assert canonical == BASE + path.removesuffix("index.html"), path
        assert doc.meta("og:url") == [canonical]


def test_article_page(small):
    doc = Parsed(small["articles/a2/index.html"])
    text = small["articles/a2/index.html"]
    assert "<h1 dir=\"auto\">Title 2</h1>" in text and "<p>Body of article 2.</p>" in text
    assert doc.meta("og:type") == ["article"]
    assert doc.meta("article:published_time") == ["2021-10-02T09:30:00+00:00"]
    assert doc.meta("article:modified_time") == ["2021-11-03T00:00:00+00:00"]
    assert {a["datetime"] for a in doc.find("time")} == {"2021-10-02T09:30:00+00:00", "2021-11-03T00:00:00+00:00"}
    assert "2 October 2021" in text and "Updated" in text and "3 November 2021" in text
    assert "Astana" in text and "Reuters" in text
    assert doc.find("a", href="/repo/tags/trade/", rel="tag")
    assert small["articles/a1/index.html"].count('rel="tag"') == 2
    (ld,) = doc.scripts
    data = json.loads(ld)
    assert data["@type"] == "NewsArticle" and data["headline"] == "Title 2"
    assert data["datePublished"] == "2021-10-02T09:30:00+00:00" and data["dateModified"] == "2021-11-03T00:00:00+00:00"
    assert data["url"] == BASE + "articles/a2/" and data["keywords"] == ["Trade"]
    assert data["publisher"]["name"] == "Test News" and data["author"]["name"] == "Reuters"
    assert "description" not in data and [m["content"] for m in doc.find("meta", name="description")] == ["Summary 2."]


def test_hostile_text_is_text_everywhere(small):
    for path, text in small.items():
        assert "<script>alert" not in text, path
        assert "49" not in text.replace("2049", ""), path  # {{ 7*7 }} is never evaluated
    page = small["articles/a5/index.html"]
    doc = Parsed(page)
    assert doc.find("h1")  # the title did not open any element
    assert "{{ 7*7 }} {% if 1 %}X{% endif %}" in page
    (ld,) = doc.scripts
    assert "<" not in ld and ">" not in ld and "&" not in ld
    assert json.loads(ld)["headline"] == HOSTILE
    assert doc.meta("og:title") == [HOSTILE]
    hostile_tag = next(p for p in small if p.startswith("tags/") and p.count("/") == 2
                       and p not in ("tags/index.html", "tags/trade/index.html", "tags/kazakhstan/index.html"))
    assert HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split(" {{")[0] in small[hostile_tag]


def test_links_are_root_relative_under_the_base_path_and_resolve(small):
    feed_names = tuple(routes.FEED_FILES.values())
    for path, text in small.items():
        for tag, attrs in Parsed(text).tags:
            for name in ("href", "src"):
                href = attrs.get(name)
                if href is None or tag == "meta" or (tag == "link" and attrs.get("rel") == "canonical"):
                    continue
                assert href.startswith(("/repo/", "#")), f"{path}: {tag} {name}={href}"
                target = urlsplit(href).path.removeprefix("/repo/")
                if target.endswith(feed_names) or target in ("feeds/feeds.opml",) or target.startswith("assets/"):
                    continue
                if href.startswith("#"):
                    assert f'id="{href[1:]}"' in text, f"{path}: {href}"
                    continue
                assert routes.output_path(target) in small, f"{path}: broken link {href}"


def test_home_pagination_with_rel_prev_next(small):
    doc = Parsed(small["page/2/index.html"])
    assert doc.find("link", rel="prev", href="/repo/") and doc.find("link", rel="next", href="/repo/page/3/")
    assert doc.find("a", rel="prev", href="/repo/") and doc.find("a", rel="next", href="/repo/page/3/")
    first = Parsed(small["index.html"])
    assert not first.find("link", rel="prev") and first.find("link", rel="next", href="/repo/page/2/")
    assert [a["href"] for a in first.find("a") if a.get("href", "").startswith("/repo/articles/")][:2] == [
        "/repo/articles/a5/", "/repo/articles/a3/"]


def test_older_pages_list_more_headlines_without_teasers():
    articles = [art(n, n, ["Trade"]) for n in range(1, 8)]
    config = Config(title="Test News", base_url=BASE, per_page=2, older_per_page=3)
    out = render(articles, config)
    assert "page/3/index.html" in out and "page/4/index.html" not in out  # 2 + 3 + 2
    assert "tags/trade/page/3/index.html" in out
    first, older = Parsed(out["index.html"]), Parsed(out["page/2/index.html"])
    assert len(first.find("article", **{"class": "teaser"})) == 2 and "Summary 7." in out["index.html"]
    assert not older.find("article", **{"class": "teaser"}) and "Summary" not in out["page/2/index.html"]
    linked = [a["href"] for a in older.find("a") if a.get("href", "").startswith("/repo/articles/")]
    assert linked == ["/repo/articles/a5/", "/repo/articles/a4/", "/repo/articles/a3/"]
    assert len(older.find("time")) == 3
    from site_builder.crawl import sitemap
    site, _ = make_site(articles, config.tz, 1)
    listed = {route for route, _ in sitemap.pages(site, config)}
    assert {"page/2/", "page/3/", "tags/trade/page/3/"} <= listed and "page/4/" not in listed


def test_tag_pages_announce_the_tags_own_feeds(small):
    doc = Parsed(small["tags/trade/index.html"])
    alternates = [(a["type"], a["href"]) for a in doc.find("link", rel="alternate")]
    assert ("application/rss+xml", "/repo/tags/trade/feed.xml") in alternates
    assert ("application/atom+xml", "/repo/tags/trade/atom.xml") in alternates
    assert ("application/feed+json", "/repo/tags/trade/feed.json") in alternates
    assert len(alternates) == 6
    assert doc.find("link", rel="next", href="/repo/tags/trade/page/2/")
    assert "3 articles" in small["tags/trade/index.html"]


def test_indexes_count_articles(small):
    tags = small["tags/index.html"]
    assert re.search(r'href="/repo/tags/trade/"[^>]*>Trade</a> <span class="count">3</span>', tags)
    archive = small["archive/index.html"]
    assert re.search(r'href="/repo/archive/2021/10/">October</a> <span class="count">4</span>', archive)
    assert re.search(r'href="/repo/archive/2021/09/">September</a> <span class="count">1</span>', archive)
    month = small["archive/2021/10/index.html"]
    assert month.count('href="/repo/articles/') == 4 and "/repo/archive/2021/09/" in month


def test_feeds_catalog_lists_every_feed_with_absolute_addresses(small):
    page = small["feeds/index.html"]
    for kind in routes.FEED_FILES:
        assert f"<code class=\"feed-url\">{BASE}{routes.feed(kind)}</code>" in page
        for slug in ("trade", "kazakhstan"):
            assert f"{BASE}{routes.feed(kind, slug)}" in page and f'href="/repo/{routes.feed(kind, slug)}"' in page
    assert "How to subscribe" in page and 'href="/repo/feeds/feeds.opml"' in page
    assert "the feeds of tags and authors carry each article’s summary" in page  # says what each feed holds
    full = render([art(1, 1, ["Trade"])], Config(title="T", base_url=BASE, feeds=FeedsConfig(tag_full_content=True)))
    assert "Every feed carries each article in full." in full["feeds/index.html"]


def test_404_links_work_at_any_depth(small):
    doc = Parsed(small["404.html"])
    for tag, attrs in doc.tags:
        href = attrs.get("href")
        if href and tag in ("a", "link") and attrs.get("rel") != "canonical":
            assert href.startswith(("/repo/", "#")), href


def test_dates_are_shown_in_the_site_time_zone():
    late = art(1, 17, date=dt.datetime(2021, 10, 17, 23, 30, tzinfo=UTC))
    out = render([late], Config(base_url=BASE, timezone="Europe/Moscow"))
    page = out["articles/a1/index.html"]
    assert '<time datetime="2021-10-18T02:30:00+03:00">18 October 2021, 02:30</time>' in page


def test_standfirst_is_the_lede_else_a_summary_not_repeating_the_body():
    assert pages.standfirst(art(1, 1, lede="Lede.")) == "Lede."
    assert pages.standfirst(art(1, 1, summary="Body of article 1.")) == ""
    assert pages.standfirst(art(1, 1, summary="Other.")) == "Other."


def test_output_is_deterministic():
    articles = [art(n, n, ["A", "B"]) for n in range(1, 8)]
    assert render(articles) == render(list(reversed(articles)))


def test_empty_site_still_has_a_home_page():
    out = render([])
    assert "No articles yet." in out["index.html"] and "404.html" in out and "feeds/index.html" in out


def test_a_site_template_overrides_the_theme(tmp_path: Path):
    write(tmp_path / "templates" / "footer.html", "<footer><p>Own footer for {{ config.title }}</p></footer>\n")
    out = render([art(1, 1)], site_dir=tmp_path)
    assert "Own footer for Test News" in out["index.html"] and "Own footer" in out["articles/a1/index.html"]


def test_undefined_names_in_templates_are_errors(tmp_path: Path):
    write(tmp_path / "templates" / "footer.html", "<footer>{{ no_such_thing }}</footer>\n")
    with pytest.raises(jinja2.UndefinedError):
        render([art(1, 1)], site_dir=tmp_path)


def test_environment_autoescapes_even_strings():
    env = pages.make_environment(Path("/nonexistent"))
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.undefined is jinja2.StrictUndefined


def test_theme_assets_are_local_and_referenced(small):
    assets = {f.path: f.data for f in pages.theme_assets(Path("/nonexistent"))}
    assert set(assets) == {"assets/style.css", "assets/favicon.svg", "assets/search.js"}
    css = assets["assets/style.css"].decode()
    assert "@import" not in css and "url(" not in css and "prefers-color-scheme: dark" in css
    assert ":focus-visible" in css
    head = small["index.html"]
    assert re.search(r'<link rel="stylesheet" href="/repo/assets/style\.css\?v=[0-9a-f]{10}">', head)
    assert "<script src" not in "".join(small.values())


def test_landmarks_and_skip_link(small):
    for path, text in small.items():
        doc = Parsed(text)
        assert doc.find("main", id="Content") and doc.find("header") and doc.find("footer"), path
        assert doc.find("nav", **{"aria-label": "Site"}) and doc.find("a", href="#Content"), path
    assert Parsed(small["tags/index.html"]).find("a", href="/repo/tags/", **{"aria-current": "page"})


def test_body_headings_cannot_collide_with_the_themes_ids():
    body = '<h2 id="content">Content</h2><h2 id="main">Main</h2>'
    page = render([art(1, 1, html=body)])["articles/a1/index.html"]
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_each_teaser_is_rendered_once_however_many_lists_show_it():
    class Counting:
        renders = 0

        def render(self, *args, **kwargs):
            Counting.renders += 1
            return "<article></article>"
    teasers = pages.Teasers(Counting(), {})
    a, b = art(1, 1), art(2, 2)
    for article in (a, b, a, a, b):
        assert teasers(article) == "<article></article>"
    assert Counting.renders == 2
