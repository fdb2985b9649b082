"""RFC 5005 archives: walking prev-archive reaches every article once; past months are byte-stable."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import feedparser
from lxml import etree

from site_builder.config.options import Config, FeedsConfig
from site_builder.feeds.archive import HISTORY_NS
from tests.test_feeds import BASE, UTC, render

ATOM = "{http://www.w3.org/2005/Atom}"
FH = f"{{{HISTORY_NS}}}archive"


def article(n: int, month: int, day: int, tags=("Alpha",), **changes):
    from tests.test_feeds import make_article

    a = make_article(n, tags=tags)
    return dataclasses.replace(a, date=dt.datetime(2024, month, day, 12, tzinfo=UTC), **changes)


def corpus() -> list:
    """Seven articles over January, February and April (no March): gaps must be skipped."""
    spec = [(1, 1, 5), (2, 1, 20), (3, 2, 1), (4, 2, 2), (5, 2, 28), (6, 4, 1), (7, 4, 3)]
    return [article(n, m, d, tags=("Alpha", "Big") if n % 2 else ("Big",)) for n, m, d in spec]


def config(limit: int = 2, tag_archives: bool = True, formats=("rss", "atom", "json"), **feeds) -> Config:
    return Config(title="Test News", base_url=BASE, feeds=FeedsConfig(limit=limit, tag_archives=tag_archives,
                                                                      archive_formats=formats, **feeds))


def local(url: str) -> str:
    assert url.startswith(BASE), url
    return url[len(BASE):]


def atom_links(data: bytes) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in etree.fromstring(data).findall(f"{ATOM}link")}


def walk(out: dict[str, bytes], start: str, next_of) -> list[tuple[str, list[str]]]:
    """(path, entry ids) of every document from ``start`` following ``next_of`` until it gives None."""
    seen, path = [], start
    while path is not None:
        assert path not in [p for p, _ in seen], f"loop at {path}"
        data = out[path]
        seen.append((path, [e.id for e in feedparser.parse(data).entries]))
        url = next_of(data)
        path = local(url) if url else None
    return seen


def all_ids(articles) -> set[str]:
    return {a.id for a in articles}


def test_atom_prev_archive_walk_reaches_every_article_exactly_once():
    articles = corpus()
    out = render(articles, config())
    chain = walk(out, "atom.xml", lambda d: atom_links(d).get("prev-archive"))
    assert [p for p, _ in chain] == ["atom.xml", "archive/2024/04/atom.xml", "archive/2024/02/atom.xml",
                                     "archive/2024/01/atom.xml"]
    assert len(chain[0][1]) == 2  # the subscription feed stays small
    archived = [i for _, ids in chain[1:] for i in ids]
    assert len(archived) == len(set(archived)) and set(archived) == all_ids(articles)
    assert set(chain[0][1]) <= set(archived)


def test_archive_documents_say_archive_current_and_neighbours():
    out = render(corpus(), config())
    feb = etree.fromstring(out["archive/2024/02/atom.xml"])
    assert feb.find(FH) is not None and etree.fromstring(out["atom.xml"]).find(FH) is None
    links = atom_links(out["archive/2024/02/atom.xml"])
    assert links["current"] == BASE + "atom.xml"
    assert links["self"] == BASE + "archive/2024/02/atom.xml"
    assert links["prev-archive"] == BASE + "archive/2024/01/atom.xml"
    assert links["next-archive"] == BASE + "archive/2024/04/atom.xml"
    assert "next-archive" not in atom_links(out["archive/2024/04/atom.xml"])
    assert "prev-archive" not in atom_links(out["archive/2024/01/atom.xml"])
    assert feb.findtext(f"{ATOM}updated") == "2024-02-28T12:00:00+00:00"  # newest item of the month, no clock


def test_rss_archives_walk_the_same_way():
    articles = corpus()
    out = render(articles, config())

    def prev(data: bytes):
        link = etree.fromstring(data).find(f"channel/{ATOM}link[@rel='prev-archive']")
        return None if link is None else link.get("href")

    chain = walk(out, "feed.xml", prev)
    archived = [i for _, ids in chain[1:] for i in ids]
    assert len(archived) == len(set(archived)) == len(articles)
    assert etree.fromstring(out["archive/2024/01/feed.xml"]).find(f"channel/{FH}") is not None
    assert all(feedparser.parse(out[p]).bozo == 0 for p, _ in chain)


def test_json_feed_next_url_chain():
    articles = corpus()
    out = render(articles, config())
    chain = walk(out, "feed.json", lambda d: json.loads(d).get("next_url"))
    assert [p for p, _ in chain] == ["feed.json", "archive/2024/04/feed.json", "archive/2024/02/feed.json",
                                     "archive/2024/01/feed.json"]
    ids = [item["id"] for p, _ in chain[1:] for item in json.loads(out[p])["items"]]
    assert sorted(ids) == sorted(all_ids(articles))


def test_tag_archives_only_when_the_tag_overflows():
    out = render(corpus(), config(limit=3))
    assert "tags/big/archive/2024/02/atom.xml" in out  # 7 articles > limit 3
    assert "tags/alpha/archive/2024/04/atom.xml" in out  # 4 articles > 3
    out = render(corpus(), config(limit=4))
    assert not any(p.startswith("tags/alpha/archive/") for p in out)
    chain = walk(out, "tags/big/atom.xml", lambda d: atom_links(d).get("prev-archive"))
    archived = [i for _, ids in chain[1:] for i in ids]
    assert sorted(archived) == sorted(all_ids(corpus()))
    assert atom_links(out["tags/big/archive/2024/01/atom.xml"])["current"] == BASE + "tags/big/atom.xml"


def test_tag_archives_are_off_by_default():
    out = render(corpus(), config(limit=3, tag_archives=False))
    assert not any("/archive/" in p and p.startswith("tags/") for p in out)
    assert "archive/2024/02/atom.xml" in out


def test_past_months_are_byte_stable():
    articles = corpus()
    before = render(articles, config())
    # a new article in April and an edit of a February article
    edited = [dataclasses.replace(a, title="Edited") if a.slug == "story-4" else a for a in articles]
    after = render(edited + [article(8, 4, 20)], config())
    changed = {p for p in before if p.startswith("archive/") and p.endswith(".xml") and before[p] != after[p]}
    assert changed == {"archive/2024/02/atom.xml", "archive/2024/02/feed.xml", "archive/2024/04/atom.xml",
                       "archive/2024/04/feed.xml"}
    assert before["archive/2024/01/feed.json"] == after["archive/2024/01/feed.json"]


def test_subscription_feed_respects_limit_but_archives_are_complete():
    articles = [article(n, 3, n) for n in range(1, 26)]
    out = render(articles, config(limit=20))
    assert len(feedparser.parse(out["atom.xml"]).entries) == 20
    assert len(feedparser.parse(out["archive/2024/03/atom.xml"]).entries) == 25


def test_archives_are_atom_only_by_default_and_other_formats_link_to_none():
    out = render(corpus(), Config(title="Test News", base_url=BASE, feeds=FeedsConfig(limit=2)))
    archives = sorted(p for p in out if p.startswith("archive/") and not p.endswith(".html"))
    assert archives == ["archive/2024/01/atom.xml", "archive/2024/02/atom.xml", "archive/2024/04/atom.xml"]
    assert atom_links(out["atom.xml"])["prev-archive"] == BASE + "archive/2024/04/atom.xml"
    assert etree.fromstring(out["feed.xml"]).find(f"channel/{ATOM}link[@rel='prev-archive']") is None
    assert "next_url" not in json.loads(out["feed.json"])
    assert atom_links(out["archive/2024/02/atom.xml"])["current"] == BASE + "atom.xml"
    chain = walk(out, "atom.xml", lambda d: atom_links(d).get("prev-archive"))
    assert sorted(i for _, ids in chain[1:] for i in ids) == sorted(all_ids(corpus()))  # still complete


def test_archived_items_carry_the_summary_unless_archive_full_content():
    lean = render(corpus(), config(formats=("atom", "json")))
    entry = feedparser.parse(lean["archive/2024/02/atom.xml"]).entries[0]
    assert "content" not in entry and entry.summary
    assert all("content_html" not in item for item in json.loads(lean["archive/2024/02/feed.json"])["items"])
    assert feedparser.parse(lean["atom.xml"]).entries[0].content[0].value  # the subscription feed stays full
    full = render(corpus(), config(formats=("atom",), archive_full_content=True))
    assert feedparser.parse(full["archive/2024/02/atom.xml"]).entries[0].content[0].value


