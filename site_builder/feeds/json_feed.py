"""JSON Feed 1.1 documents (https://www.jsonfeed.org/version/1.1/).

Keys are written in a fixed order (version first, as the spec shows), with
``json.dumps(ensure_ascii=False)``: the same items give the same bytes.
"""
from __future__ import annotations

import json
from typing import Any

from site_builder.feeds.items import FeedItem, FeedMeta, Rendered

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(meta: FeedMeta, items: tuple[FeedItem, ...]) -> Rendered:
    """The JSON Feed document of ``items`` (newest first)."""
    author = _author(meta)
    document: dict[str, Any] = {
        "version": VERSION,
        "title": meta.title,
        "home_page_url": meta.home_url,
        "feed_url": meta.url("json"),
    }
    if meta.description:
        document["description"] = meta.description
    document["language"] = meta.language
    document["authors"] = [author]
    if meta.hub:
        document["hubs"] = [{"type": "WebSub", "url": meta.hub}]
    older = meta.links.get("prev-archive")
    if older and "json" in older:
        document["next_url"] = older["json"]  # pagination: the next (older) page is the previous archive month
    entries = [_item(item) for item in items]
    document["items"] = entries
    data = (_dumps(document) + "\n").encode("utf-8")
    return Rendered(data, lambda: tuple(len(_dumps(entry).encode("utf-8")) for entry in entries))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def _item(item: FeedItem) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": item.id, "url": item.url, "title": item.title}
    if item.content_html:
        entry["content_html"] = item.content_html
        if item.summary:
            entry["summary"] = item.summary
    else:
        entry["content_text"] = item.summary or item.title
    entry["date_published"] = item.published.isoformat()
    entry["date_modified"] = item.modified.isoformat()
    if item.tags:
        entry["tags"] = list(item.tags)
    if item.authors:  # else the feed's authors stand for the item
        entry["authors"] = [{"name": name} for name in item.authors]
    if item.language:
        entry["language"] = item.language
    return entry


def _author(meta: FeedMeta) -> dict[str, str]:
    """JSON Feed authors have no e-mail field: a configured e-mail becomes a ``mailto:`` URL."""
    author = {"name": meta.author_name}
    if meta.author_email:
        author["url"] = f"mailto:{meta.author_email}"
    return author
