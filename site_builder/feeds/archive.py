"""RFC 5005 archived feeds: one complete feed document per calendar month.

The subscription feeds stay small (``[feeds] limit`` and the size budget);
every article is also in exactly one *archive document*, the feed of its
calendar month (in the site time zone), in the formats of ``[feeds]
archive_formats`` (Atom alone by default: the history is complete in one
format at a third of the bytes; a feed whose format has no archives links to
none). Archived items carry the summary and link unless ``[feeds]
archive_full_content``:

* ``archive/2024/03/atom.xml`` (and ``feed.xml``, ``feed.json``) for the
  site feed, which always has archives;
* ``tags/<slug>/archive/2024/03/atom.xml`` for a tag feed, only when the
  tag has more articles than the subscription feed's limit (a smaller tag's
  feed already holds all of them, unless the size budget drops some: those
  are still in the site's archives). Archives therefore cost files in
  proportion to the tag assignments that overflow, never tags x months.

Links (RFC 5005 section 4): the subscription feed says ``prev-archive`` (the
newest month); each archive says ``current`` (the subscription feed),
``prev-archive`` (the next older month that has articles) and
``next-archive`` (the next newer one), and carries ``<fh:archive/>``. JSON
Feed has only ``next_url`` (older items): ``feed.json`` -> newest month ->
older months. When there is only one month, its archive has no
``prev-archive`` or ``next-archive`` to give: it then also carries
``<fh:complete/>`` (RFC 5005 section 2: the document holds every entry of the
feed), which is true, and is what the W3C feed validator asks of an archive
without archive links (its ``ArchiveIncomplete`` warning); being complete, it
has no ``current`` link either (the validator's ``CurrentNotSelfInCompleteFeed``
error). The second month replaces both with the links.

An archive document depends only on its month's articles and on which
months are its neighbours, so a past month's bytes change only when one of
its articles changes (or, once, when the first article of a newer month
gives it a ``next-archive`` link). The newest month's archive grows until
the month ends.
"""
from __future__ import annotations

import dataclasses
from typing import Iterator, Sequence

from site_builder.model import urls as routes
from site_builder.model.article import Article, Site, Tag
from site_builder.model.urls import Urls

HISTORY_NS = "http://purl.org/syndication/history/1.0"

MonthKey = tuple[int, int]


@dataclasses.dataclass(frozen=True)
class ArchiveMonth:
    """The articles of one archive document, newest first."""

    year: int
    month: int
    articles: tuple[Article, ...]


def month_index(site: Site) -> dict[str, MonthKey]:
    """Article id -> (year, month) of the site's month it belongs to (site time zone)."""
    return {article.id: (m.year, m.month) for m in site.months for article in m.articles}


def archive_months(articles: Sequence[Article], month_of: dict[str, MonthKey]) -> tuple[ArchiveMonth, ...]:
    """``articles`` (newest first) grouped into months, newest month first; linear time."""
    groups: dict[MonthKey, list[Article]] = {}
    for article in articles:
        groups.setdefault(month_of[article.id], []).append(article)
    return tuple(ArchiveMonth(y, m, tuple(groups[(y, m)])) for (y, m) in sorted(groups, reverse=True))


def has_archive(tag: Tag | None, articles: Sequence[Article], limit: int, tag_archives: bool) -> bool:
    """The site feed always has archives; a tag's only with ``[feeds] tag_archives`` and when it overflows its feed."""
    return tag is None or (tag_archives and len(articles) > limit)


def urls_of(urls: Urls, month: ArchiveMonth, tag: Tag | None, kinds: Sequence[str]) -> dict[str, str]:
    """kind -> absolute URL of one month's archive documents, for the archived ``kinds``."""
    slug = tag.slug if tag else None
    return {kind: urls.absolute(routes.feed_archive(kind, month.year, month.month, slug)) for kind in kinds}


def subscription_links(urls: Urls, months: Sequence[ArchiveMonth], tag: Tag | None,
                       kinds: Sequence[str]) -> dict[str, dict[str, str]]:
    """The links the subscription feeds add: ``prev-archive`` to the newest month (in the formats archived:
    a feed whose format has no archives links to none)."""
    return {"prev-archive": urls_of(urls, months[0], tag, kinds)} if months else {}


def archive_metas(meta, urls: Urls, months: Sequence[ArchiveMonth], tag: Tag | None,
                  kinds: Sequence[str]) -> Iterator[tuple[ArchiveMonth, object]]:
    """(month, FeedMeta of its archive documents in ``kinds``) for every month, newest first."""
    for index, month in enumerate(months):
        # The only month is complete: a complete feed links to no other document, not even 'current'.
        links = {"current": {k: meta.urls[k] for k in kinds}} if len(months) > 1 else {}
        if index + 1 < len(months):
            links["prev-archive"] = urls_of(urls, months[index + 1], tag, kinds)
        if index > 0:
            links["next-archive"] = urls_of(urls, months[index - 1], tag, kinds)
        home = urls.absolute(routes.archive_month(month.year, month.month) if tag is None else routes.tag(tag.slug))
        yield month, dataclasses.replace(
            meta,
            title=f"{meta.title} (archive {month.year:04d}-{month.month:02d})",
            home_url=home,
            urls=urls_of(urls, month, tag, kinds),
            hub="",  # archives never change in a way subscribers need pushed
            links=links,
            archive=True,
            complete=len(months) == 1,
        )
