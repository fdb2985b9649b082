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
from tests.test_pages import BASE, Parsed, art, render

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
    assert ('Updated <time datetime="2021-10-17T14:05:00+00:00">14:05</time>: '
            '<span dir="auto">adds analyst comment in paragraph 4</span>') in page
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
