import datetime as dt
from zoneinfo import ZoneInfo

from site_builder.model import urls
from site_builder.model.article import Article, Tag
from site_builder.model.grouping import make_site, paginate

UTC = dt.timezone.utc


def art(n, day, tags, source=None):
    return Article(source=source or f"a{n}.md", slug=f"a{n}", id=f"id{n}", title=f"T{n}",
                   date=dt.datetime(2021, 1, day, tzinfo=UTC), updated=None, summary="", lede="",
                   tags=tuple(Tag(t, "") for t in tags), html="")


def test_articles_newest_first_ties_broken_by_id():
    site, _ = make_site([art(1, 1, []), art(3, 2, []), art(2, 2, [])], UTC)
    assert [a.id for a in site.articles] == ["id2", "id3", "id1"]


def test_tags_merge_case_and_space_variants_and_use_most_common_spelling():
    site, warnings = make_site([art(1, 1, ["Trade"]), art(2, 2, ["trade"]), art(3, 3, ["Trade "])], UTC)
    (group,) = site.tags
    assert group.tag == Tag("Trade", "trade") and len(group.articles) == 3
    assert not warnings


def test_colliding_slugs_are_disambiguated_and_reported():
    site, warnings = make_site([art(1, 1, ["C"]), art(2, 2, ["C++"]), art(3, 3, ["🎉"])], UTC)
    slugs = {g.tag.name: g.tag.slug for g in site.tags}
    assert slugs["C"] == "c" and slugs["C++"].startswith("c-") and slugs["🎉"].startswith("tag-")
    assert len(set(slugs.values())) == 3
    assert len(warnings) == 1 and "share the slug" in warnings[0].message


def test_months_use_site_timezone():
    a = Article(source="a.md", slug="a", id="i", title="t", date=dt.datetime(2021, 1, 31, 23, tzinfo=UTC),
                updated=None, summary="", lede="", tags=(), html="")
    site, _ = make_site([a], ZoneInfo("Asia/Almaty"))
    assert (site.months[0].year, site.months[0].month) == (2021, 2)


def test_paginate():
    arts = tuple(range(25))
    pages = paginate(arts, 10, urls.home)
    assert [len(p.articles) for p in pages] == [10, 10, 5]
    assert pages[0].route == "" and pages[0].prev_route is None and pages[0].next_route == "page/2/"
    assert pages[2].prev_route == "page/2/" and pages[2].next_route is None
    assert len(paginate((), 10, urls.home)) == 1


def test_tags_differing_by_space_or_hyphen_get_distinct_slugs():
    site, warnings = make_site([art(1, 1, ["stock market"]), art(2, 2, ["stock-market"])], UTC)
    slugs = sorted(g.tag.slug for g in site.tags)
    assert slugs[0] == "stock-market" and slugs[1].startswith("stock-market-")
    assert len(warnings) == 1


def kinded(n, day, tags, section="", keywords=(), **kinds):
    """An article with a section, keywords and kind lists (``subjects=[...]``, ``places=[...]``), as the reader makes it."""
    import dataclasses

    return dataclasses.replace(art(n, day, tags), section=section, keywords=tuple(keywords),
                               tag_kinds=tuple((kind, tuple(names)) for kind, names in kinds.items()))


def test_tags_below_min_articles_stay_as_text_without_a_group():
    site, _ = make_site([art(1, 1, ["Trade", "Solo"]), art(2, 2, ["Trade"])], UTC, min_articles=2)
    assert [g.tag.name for g in site.tags] == ["Trade"]
    first = next(a for a in site.articles if a.id == "id1")
    assert [(t.name, t.linked) for t in first.tags] == [("Trade", True), ("Solo", False)]
    every, _ = make_site([art(1, 1, ["Trade", "Solo"]), art(2, 2, ["Trade"])], UTC)  # default: every tag links
    assert {g.tag.name for g in every.tags} == {"Trade", "Solo"}


def test_tag_kinds_come_from_front_matter_and_order_the_index():
    from site_builder.model.grouping import tags_by_kind

    articles = [kinded(n, n, ["World", "Diplomacy", "Kazakhstan", "Odd"], section="World", subjects=["Diplomacy"],
                       places=["Kazakhstan"]) for n in (1, 2)]
    site, _ = make_site(articles, UTC, min_articles=2)
    # the section is a tag of its articles, linked to its own page (sections/world/), with no tag page
    assert {g.tag.name: g.tag.kind for g in site.tags} == {"Diplomacy": "subjects", "Kazakhstan": "places", "Odd": ""}
    assert [g.tag.name for g in site.sections] == ["World"]
    assert [(t.name, t.kind, t.linked) for t in site.articles[0].tags][0] == ("World", "sections", True)
    assert [kind for kind, _ in tags_by_kind(site.tags)] == ["subjects", "places", ""]


def test_front_matter_keywords_follow_the_tags_in_meta_keywords():
    from site_builder.pages.meta import keywords_of

    a = kinded(1, 1, ["World", "Trade"], keywords=["presidential envoy", "trade", ""])
    assert keywords_of(a) == ("World", "Trade", "presidential envoy")
    assert keywords_of(art(2, 2, ["World"])) == ("World",)
