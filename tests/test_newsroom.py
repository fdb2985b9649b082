"""What a news reader expects of the pages (issue 18): times and versions, bylines, sections, related stories.

Articles are built in memory (``tests.test_pages.art``) or read from hand-written Markdown carrying the
story data the importer records (``received``, ``authors``, ``advisory``, ``section``, ``keywords``...).
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from site_builder.config.options import Config
from site_builder.reading import markup, reader
from site_builder.base.errors import SiteError
from tests.conftest import article as markdown
from tests.test_pages import BASE, Parsed, art
from tests.test_pages import render as render_pages

UTC = dt.timezone.utc


def read(text: str, tz: str = "UTC"):
    """One Article read from Markdown text, as the build reads it."""
    from zoneinfo import ZoneInfo
    source = reader.Source("story.md", "content/story.md", text.encode("utf-8"))
    return reader.read_article(source, markup.Renderer(), ZoneInfo(tz))


# ---------------------------------------------------------------- front matter


def test_story_data_is_read_into_fields_with_defaults():
    plain = read(markdown("Plain", "2026-12-01"))
    assert (plain.received, plain.authors, plain.credits, plain.advisory, plain.language, plain.section,
            plain.keywords) == (None, (), "", "", "", "", ())
    full = read(markdown("Full", "2026-12-01T14:05:00Z", received="2026-12-01T14:06:10Z",
                         authors=["Jane Smith", " Ali  Khan ", "Jane Smith"], credits="Editing by Mark Heinrich",
                         advisory="(Adds analyst comment in paragraph 4)", language="en-GB", section="World",
                         keywords=["grain corridor", "trade talks"]))
    assert full.received == dt.datetime(2026, 12, 1, 14, 6, 10, tzinfo=UTC)
    assert full.authors == ("Jane Smith", "Ali Khan") and full.credits == "Editing by Mark Heinrich"
    assert full.advisory == "(Adds analyst comment in paragraph 4)" and full.language == "en-GB"
    assert full.section == "World" and full.keywords == ("grain corridor", "trade talks")
    assert not set(full.extra) & {"received", "authors", "section", "keywords", "language"}
    assert read(markdown("One", "2026-12-01", authors="Jane Smith")).authors == ("Jane Smith",)


@pytest.mark.parametrize("key, value, message", [
    ("authors", {"name": "x"}, "'authors' must be a list of text"),
    ("language", "english language", "'language' must be a BCP 47 language tag"),
    ("received", "yesterday", "'received' is not a date"),
])
def test_bad_story_data_is_a_problem_with_its_line(key, value, message):
    with pytest.raises(SiteError) as caught:
        read(markdown("Bad", "2026-12-01", **{key: value}))
    (problem,) = caught.value.problems
    assert message in problem.message and problem.line == 5


# ---------------------------------------------------------------- 1. times and versions


def test_pages_and_teasers_show_the_time_of_day_in_the_site_time_zone():
    story = art(1, 17, date=dt.datetime(2021, 10, 17, 23, 30, tzinfo=UTC))
    out = render([story], Config(base_url=BASE, timezone="Europe/Moscow"))
    stamp = '<time datetime="2021-10-18T02:30:00+03:00">18 October 2021, 02:30</time>'
    assert stamp in out["articles/a1/index.html"] and stamp in out["index.html"]


def test_a_date_without_a_time_shows_the_day_alone():
    story = art(1, 17, date=dt.datetime(2021, 10, 17, tzinfo=UTC))
    page = render([story])["articles/a1/index.html"]
    assert '<time datetime="2021-10-17T00:00:00+00:00">17 October 2021</time>' in page


def test_an_updated_story_says_when_and_what_changed():
    story = art(1, 17, updated=dt.datetime(2021, 10, 17, 14, 5, tzinfo=UTC),
                advisory="(Adds analyst comment in paragraph 4)")
    out = render([story])
    page = out["articles/a1/index.html"]
    assert ('Updated <time datetime="2021-10-17T14:05:00+00:00">14:05</time>'
            '<span class="advisory" dir="auto">: adds analyst comment in paragraph 4</span>') in page
    assert 'Updated <time datetime="2021-10-17T14:05:00+00:00">14:05</time>' in out["index.html"]
    later = render([art(1, 17, updated=dt.datetime(2021, 10, 19, 8, 0, tzinfo=UTC))])["articles/a1/index.html"]
    assert 'Updated <time datetime="2021-10-19T08:00:00+00:00">19 October 2021, 08:00</time>' in later
    assert "Updated" not in render([art(1, 17)])["articles/a1/index.html"]


def test_lists_are_newest_first_by_time_within_a_day():
    morning = art(1, 17, title="Morning", date=dt.datetime(2021, 10, 17, 6, 0, tzinfo=UTC), tags=["Trade"])
    evening = art(2, 17, title="Evening", date=dt.datetime(2021, 10, 17, 21, 0, tzinfo=UTC), tags=["Trade"])
    noon = art(3, 17, title="Noon", date=dt.datetime(2021, 10, 17, 12, 0, tzinfo=UTC), tags=["Trade"])
    out = render([morning, noon, evening], Config(base_url=BASE, per_page=10))
    for page in ("index.html", "tags/trade/index.html", "archive/2021/10/index.html"):
        text = out[page]
        assert text.index("Evening") < text.index("Noon") < text.index("Morning"), page


# ---------------------------------------------------------------- 2. bylines

from lxml import etree  # noqa: E402

from site_builder.config.options import AuthorConfig, ThemeConfig  # noqa: E402
from site_builder.feeds import render as feeds  # noqa: E402
from site_builder.model.grouping import make_site  # noqa: E402
from site_builder.model.outputs import materialise  # noqa: E402
from site_builder.model.urls import Urls  # noqa: E402

MIN_ARTICLES = Config().tags.min_articles  # authors gather like tags


def render(articles, config: Config | None = None, site_dir=None) -> dict[str, str]:
    """Every page of a site made of ``articles``, with the default [tags] min_articles."""
    return render_pages(articles, config, site_dir, MIN_ARTICLES)
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def feed_files(articles, config: Config | None = None) -> dict[str, bytes]:
    config = config or Config(title="Test News", base_url=BASE)
    site, _ = make_site(articles, config.tz, MIN_ARTICLES)
    return {f.path: f.data for f in map(materialise, feeds.render_feeds(site, config, Urls(config.base_url)))}


def bylined():
    """Three stories: two by Jane Smith (one with Ali Khan), one agency story without a byline."""
    return [art(1, 1, authors=("Jane Smith", "Ali Khan"), agency="Reuters"),
            art(2, 2, authors=("Jane Smith",), agency="Reuters"),
            art(3, 3, agency="TASS")]


def test_the_byline_names_each_author_and_links_those_with_a_page():
    out = render(bylined())
    page = out["articles/a1/index.html"]
    assert ('By <a href="/repo/authors/jane-smith/" rel="author" dir="auto">Jane Smith</a> and '
            '<span dir="auto">Ali Khan</span>') in page
    assert MIN_ARTICLES == 2 and "authors/ali-khan/index.html" not in out
    listing = out["authors/jane-smith/index.html"]
    assert '<span class="kicker">Author</span> Jane Smith' in listing
    assert listing.count('class="teaser"') == 2 and "Title 3" not in listing
    assert 'href="/repo/authors/jane-smith/feed.xml"' in listing
    assert "By" not in out["articles/a3/index.html"].split('class="byline"')[1].split("</p>")[0]


def test_json_ld_names_people_as_authors_and_the_agency_as_source():
    data = json.loads(Parsed(render(bylined())["articles/a1/index.html"]).scripts[0])
    assert data["author"] == [{"@type": "Person", "name": "Jane Smith"}, {"@type": "Person", "name": "Ali Khan"}]
    assert data["sourceOrganization"] == {"@type": "Organization", "name": "Reuters"}
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == "Test News"
    agency = json.loads(Parsed(render(bylined())["articles/a3/index.html"]).scripts[0])
    assert agency["author"] == {"@type": "Organization", "name": "TASS"}


def test_feed_items_carry_their_own_authors_never_the_site_title():
    files = feed_files(bylined())
    rss = etree.fromstring(files["feed.xml"])
    creators = {i.findtext("title"): [c.text for c in i.iter(f"{DC}creator")] for i in rss.iter("item")}
    assert creators == {"Title 1": ["Jane Smith", "Ali Khan"], "Title 2": ["Jane Smith"], "Title 3": ["TASS"]}
    atom = etree.fromstring(files["atom.xml"])
    names = {e.findtext(f"{ATOM}title"): [a.findtext(f"{ATOM}name") for a in e.iter(f"{ATOM}author")]
             for e in atom.iter(f"{ATOM}entry")}
    assert names == {"Title 1": ["Jane Smith", "Ali Khan"], "Title 2": ["Jane Smith"], "Title 3": ["TASS"]}
    items = {i["title"]: i.get("authors") for i in json.loads(files["feed.json"])["items"]}
    assert items["Title 1"] == [{"name": "Jane Smith"}, {"name": "Ali Khan"}] and items["Title 3"] == [{"name": "TASS"}]
    plain = feed_files([art(4, 4)])
    assert b"Test News</dc:creator>" not in plain["feed.xml"] and b"dc:creator" not in plain["feed.xml"]
    assert etree.fromstring(plain["atom.xml"]).find(f"{ATOM}entry/{ATOM}author") is None  # the feed's author covers it
    assert "authors" not in json.loads(plain["feed.json"])["items"][0]


def test_a_configured_author_still_signs_byline_less_items():
    config = Config(title="T", base_url=BASE, author=AuthorConfig("Ann Reporter"))
    rss = etree.fromstring(feed_files([art(4, 4)], config)["feed.xml"])
    assert [c.text for c in rss.iter(f"{DC}creator")] == ["Ann Reporter"]


def test_an_author_page_has_its_own_feeds():
    files = feed_files(bylined())
    atom = etree.fromstring(files["authors/jane-smith/atom.xml"])
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == ["Title 2", "Title 1"]
    assert atom.find(f"{ATOM}link[@rel='alternate']").get("href") == BASE + "authors/jane-smith/"
    assert "authors/jane-smith/feed.json" in files and "authors/jane-smith/feed.xml" in files
    assert not any(path.startswith("authors/ali-khan/") for path in files)


# ---------------------------------------------------------------- 3. sections


def sectioned():
    return [art(1, 1, section="World"), art(2, 2, section="Sport"), art(3, 3, section="World"),
            art(4, 4, section="world"), art(5, 5)]


def test_the_header_lists_the_sections_on_every_page():
    out = render(sectioned())
    nav = '<nav class="section-nav" aria-label="Sections">'
    for path in ("index.html", "articles/a5/index.html", "tags/index.html", "404.html", "archive/index.html"):
        page = out[path]
        assert nav in page, path
        assert page.index('href="/repo/sections/sport/"') < page.index('href="/repo/sections/world/"')
    assert 'href="/repo/sections/world/" dir="auto" aria-current="page">World</a>' in out["sections/world/index.html"]
    assert nav not in render([art(1, 1)])["index.html"]


def test_each_section_has_a_paginated_page_and_feeds():
    out = render(sectioned())  # two per page
    first, second = out["sections/world/index.html"], out["sections/world/page/2/index.html"]
    assert '<span class="kicker">Section</span> World' in first and "3 articles." in first
    assert first.index("Title 4") < first.index("Title 3") and "Title 1" in second and "Title 2" not in first
    assert 'rel="next" href="/repo/sections/world/page/2/"' in first
    files = feed_files(sectioned())
    rss = etree.fromstring(files["sections/world/feed.xml"])
    assert [i.findtext("title") for i in rss.iter("item")] == ["Title 4", "Title 3", "Title 1"]
    assert "sections/sport/feed.json" in files
    kicker = out["articles/a1/index.html"]
    assert '<p class="kicker"><a href="/repo/sections/world/">World</a></p>' in kicker


def test_the_home_page_can_show_the_latest_stories_of_each_section():
    plain = render(sectioned())["index.html"]
    assert 'class="home-section"' not in plain
    config = Config(title="Test News", base_url=BASE, per_page=2, theme=ThemeConfig(home_sections=1))
    out = render(sectioned(), config)
    home = out["index.html"]
    assert home.count('class="home-section"') == 2
    sport = home.split('id="section-sport"')[1].split("</section>")[0]
    world = home.split('id="section-world"')[1].split("</section>")[0]
    assert "Title 2" in sport and "Title 4" in world and "Title 3" not in world
    assert 'class="home-section"' not in out["page/2/index.html"]


# ---------------------------------------------------------------- 4. related stories

from pathlib import Path  # noqa: E402

from site_builder.model import related as related_mod  # noqa: E402


def newsroom():
    """Stories on two running stories and one loner, with a common tag (Politics) that relates nothing alone."""
    stories = [art(n, n, tags=["Kazakhstan", "Afghanistan", "Trade", "Politics"][: 2 + n % 3]) for n in range(1, 8)]
    stories += [art(10 + n, 10 + n, tags=["Premier League", "Arsenal", "Politics"]) for n in range(1, 4)]
    stories += [art(20, 20, tags=["Politics", "Kazakhstan"], section="World"), art(21, 21, tags=["Politics"])]
    stories += [art(30 + n, 1 + n, tags=[f"Filler {n}", f"Other {n}"]) for n in range(12)]  # a site has other news
    return stories


def test_related_stories_share_two_rarer_features_at_most_five_newest_first():
    stories = newsroom()
    site, _ = make_site(stories, UTC, MIN_ARTICLES)
    related = related_mod.related_stories(site.articles)
    first = related["id1"]
    assert 1 <= len(first) <= related_mod.MOST
    assert [r.date for r in first] == sorted((r.date for r in first), reverse=True)
    assert {r.slug for r in first} <= {f"a{n}" for n in range(2, 8)} | {"a20"}
    assert {r.slug for r in related["id11"]} == {"a12", "a13"}  # football with football, not with politics
    assert related["id21"] == ()  # one common tag alone relates nothing
    assert related == related_mod.related_stories(site.articles)  # deterministic


def test_the_article_page_links_its_related_stories():
    out = render(newsroom())
    page = out["articles/a11/index.html"]
    aside = page.split('<aside class="related"')[1].split("</aside>")[0]
    assert 'href="/repo/articles/a13/"' in aside and 'href="/repo/articles/a12/"' in aside
    assert aside.index("a13") < aside.index("a12") and "a1/" not in aside
    assert '<aside class="related"' not in out["articles/a21/index.html"]


def test_a_page_s_values_hold_the_related_stories_it_shows():
    from site_builder.pages import render as pages
    config = Config(title="Test News", base_url=BASE)
    site, _ = make_site(newsroom(), UTC, MIN_ARTICLES)
    jobs = {j.path: j for j in pages.render_pages(site, config, Urls(BASE), pages.make_environment(Path("/none")))}
    values = jobs["articles/a11/index.html"].values
    assert {r.slug for r in values["related"]} == {"a12", "a13"}
    assert all(isinstance(r, related_mod.Related) for r in values["related"])


def test_related_stories_at_ten_thousand_articles_share_a_tag_and_are_never_the_story_itself():
    # how long it takes is measured by tools/eval_related.py and docs/benchmarks.md, not here
    import random
    pick = random.Random(7)
    names = [f"Entity {n}" for n in range(400)] + ["United States", "Politics", "Economy"]
    stories = [art(n, 1 + n % 28, tags=pick.sample(names, 6), date=dt.datetime(2026, 1, 1, tzinfo=UTC)
                   + dt.timedelta(minutes=7 * n), section=["World", "Business"][n % 2]) for n in range(10_000)]
    site, _ = make_site(stories, UTC, MIN_ARTICLES)
    related = related_mod.related_stories(site.articles)
    assert len(related) == 10_000
    by_slug = {a.slug: a for a in site.articles}
    for article in site.articles[::97]:
        shown = related[article.id]
        assert shown and article.slug not in {r.slug for r in shown}
        names = {t.name for t in article.tags}
        assert all(names & {t.name for t in by_slug[r.slug].tags} for r in shown)


def test_related_stories_are_relevant_on_the_dev_set(shared):
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import eval_related
    figures = eval_related.measure(shared / "data")
    assert figures["judged"] >= 50 and figures["share"] >= eval_related.TARGET, figures


def test_the_feeds_catalogue_and_opml_list_section_and_author_feeds():
    from site_builder import build
    stories = sectioned() + [art(6, 6, authors=("Jane Smith",)), art(7, 7, authors=("Jane Smith",))]
    page = render(stories)["feeds/index.html"]
    assert '<h2 id="sections-feeds">By section</h2>' in page and '<h2 id="authors-feeds">By author</h2>' in page
    assert "https://user.github.io/repo/sections/world/feed.xml" in page
    assert "https://user.github.io/repo/authors/jane-smith/atom.xml" in page
    config = Config(title="Test News", base_url=BASE)
    site, _ = make_site(stories, UTC, MIN_ARTICLES)
    files = {f.path: f.data for f in map(materialise, build.feed_documents(site, config, Urls(BASE)))}
    opml = etree.fromstring(files["feeds/feeds.opml"])
    folders = [o.get("text") for o in opml.find("body") if o.get("type") is None]
    assert folders == ["Sections", "Authors"]
    assert BASE + "sections/sport/feed.xml" in [o.get("xmlUrl") for o in opml.iter("outline")]


def test_related_needs_who_or_where_and_what():
    from site_builder.model.related import ENTITY, SUBJECT, TAG, TOPIC, enough

    assert enough([ENTITY, SUBJECT]) and enough([ENTITY, TOPIC]) and enough([SUBJECT, SUBJECT])
    assert not enough([TOPIC, SUBJECT])  # a section and one subject: the same beat, not the same story
    assert not enough([ENTITY, ENTITY])  # two places alone
    assert enough([TAG, ENTITY]) and not enough([TAG])  # hand-written tags of no known kind: any two


def test_credits_are_shown_and_an_update_at_publication_is_no_update():
    story = art(1, 17, credits="Reporting by Jane Smith; Editing by Ali Khan")
    page = render([story])["articles/a1/index.html"]
    assert '<p class="credits" dir="auto">Reporting by Jane Smith; Editing by Ali Khan</p>' in page
    same = art(1, 17, updated=art(1, 17).date, advisory="(Adds analyst comment)")
    assert "Updated" not in render([same])["articles/a1/index.html"]
