"""Group articles into the site model: tags with unique slugs, months, order.

Pure functions of the articles and the config; the result is immutable.
"""
from __future__ import annotations

import dataclasses
import functools
from collections import Counter, defaultdict
from typing import Iterable

from site_builder.model import slugs
from site_builder.base.errors import Problem, warning
from site_builder.model.article import TAG_KINDS, Article, Listing, Month, Site, Tag, TagGroup


#: The order of tag kinds on the tags index; a tag no front matter list names is of kind "".
TAG_KIND_ORDER = ("sections", *TAG_KINDS, "")


def make_site(articles: Iterable[Article], tz, min_articles: int = 1) -> tuple[Site, tuple[Problem, ...]]:
    """The site model, plus warnings (e.g. two different tags with the same slug).

    A tag carried by fewer than ``min_articles`` articles stays on them unlinked (``Tag.linked`` false) and has
    no group: no page, no feeds.
    """
    articles = sorted(articles, key=lambda a: a.sort_key)
    tags, warnings = _canonical_tags(articles)
    tags = _gathering(tags, articles, min_articles)
    articles = [_with_tags(a, tags) for a in articles]
    # A section is a tag of every article in it, but has a page and feeds of its own (sections/): no tag page.
    groups = tuple(g for g in _tag_groups(articles) if g.tag.linked and g.tag.kind != "sections")
    return Site(tuple(articles), groups, _months(articles, tz), author_groups(articles, min_articles),
                section_groups(articles)), warnings


def author_groups(articles: list[Article], min_articles: int) -> tuple[TagGroup, ...]:
    """Every author with at least ``min_articles`` articles, with them (newest first), by name."""
    return _named_groups(articles, lambda a: a.authors, "author", min_articles)


def section_groups(articles: list[Article]) -> tuple[TagGroup, ...]:
    """Every section articles are filed in, with its articles (newest first), by name."""
    return _named_groups(articles, lambda a: (a.section,) if a.section else (), "section", 1)


def _named_groups(articles: list[Article], names_of, fallback: str, minimum: int) -> tuple[TagGroup, ...]:
    """Groups of articles by the names ``names_of(article)`` gives (case and spaces ignored), each with a
    unique slug; the most used spelling names a group."""
    members: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for article in articles:
        for name in names_of(article):
            key = tag_key(name)
            if not members[key] or members[key][-1] is not article:
                members[key].append(article)
            spellings[key][_spaced(name)] += 1
    kept = sorted(key for key, found in members.items() if len(found) >= minimum)
    taken: set[str] = set()
    groups = []
    for key in kept:
        name = min(spellings[key], key=lambda s: (-spellings[key][s], s))
        slug = slugs.slugify(name, fallback)
        if slug in taken:
            slug = slugs.with_suffix(slug, key)
        taken.add(slug)
        groups.append(TagGroup(Tag(name, slug), tuple(members[key])))
    return tuple(groups)



def slugs_by_name(groups: tuple[TagGroup, ...]) -> dict[str, str]:
    """Name key (see :func:`tag_key`) → slug of each group (author, section)."""
    return {tag_key(g.tag.name): g.tag.slug for g in groups}


def _gathering(tags: dict[str, Tag], articles: list[Article], min_articles: int) -> dict[str, Tag]:
    """``tags`` with their kind, unlinked when fewer than ``min_articles`` articles carry them."""
    counts: Counter = Counter()
    kinds: dict[str, Counter] = defaultdict(Counter)
    for article in articles:
        keys = {tag_key(t.name) for t in article.tags}
        counts.update(keys)
        for key, kind in _kinds_of(article).items():
            if key in keys:
                kinds[key][kind] += 1
    out = {}
    for key, tag in tags.items():
        kind = min(kinds[key], key=lambda k: (-kinds[key][k], k)) if kinds[key] else ""
        out[key] = dataclasses.replace(tag, kind=kind, linked=counts[key] >= min_articles or kind == "sections")
    return out


def _kinds_of(article: Article) -> dict[str, str]:
    """Tag key -> kind, from the article's ``section`` and its subjects / places / people / organisations lists."""
    found: dict[str, str] = {}
    for kind, names in article.tag_kinds:
        found.update((tag_key(n), kind) for n in names)
    if article.section:
        found[tag_key(article.section)] = "sections"
    return found


def tags_by_kind(groups: tuple[TagGroup, ...]) -> tuple[tuple[str, tuple[TagGroup, ...]], ...]:
    """(kind, groups) in :data:`TAG_KIND_ORDER`, kinds without tags left out."""
    return tuple((kind, members) for kind in TAG_KIND_ORDER
                 if (members := tuple(g for g in groups if g.tag.kind == kind)))


@functools.lru_cache(maxsize=65536)
def tag_key(name: str) -> str:
    """Tags that differ only in case or surrounding spaces are the same tag (a pure function: answers are remembered;
    a site has a few hundred tag names and tens of thousands of uses)."""
    return " ".join(name.split()).casefold()


def _canonical_tags(articles: list[Article]) -> tuple[dict[str, Tag], tuple[Problem, ...]]:
    """One Tag per tag key: the most used spelling, and a slug no other tag has."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[str, str] = {}
    for article in articles:
        for tag in article.tags:
            key = tag_key(tag.name)
            spellings[key][_spaced(tag.name)] += 1
            first_seen.setdefault(key, article.source)
    names = {key: min(counter, key=lambda s: (-counter[s], s)) for key, counter in spellings.items()}
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key, name in names.items():
        by_slug[slugs.slugify(name, "tag")].append(key)
    tags: dict[str, Tag] = {}
    warnings: list[Problem] = []
    for slug, keys in by_slug.items():
        if len(keys) == 1:
            tags[keys[0]] = Tag(names[keys[0]], slug)
            continue
        shown = ", ".join(repr(names[k]) for k in sorted(keys))
        keeper = _plain_owner(keys, slug)
        for key in keys:
            plain = key == keeper
            final = slug if plain else slugs.with_suffix(slug, key)
            tags[key] = Tag(names[key], final)
            if not plain:
                warnings.append(warning(f"content/{first_seen[key]}", 0, f"tags {shown} share the slug '{slug}'; "
                                        f"'{names[key]}' is published at tags/{final}/",
                                        hint="rename one of the tags, or add an alias in site.toml [tags]"))
    return tags, tuple(warnings)


@functools.lru_cache(maxsize=65536)
def _spaced(name: str) -> str:
    """``name`` with runs of white space as one space (a pure function, so its answers are remembered)."""
    return " ".join(name.split())


def _plain_owner(keys: list[str], slug: str) -> str | None:
    """Which of the tags sharing ``slug`` keeps it as it is: the one spelled exactly as the slug,
    else the one that differs only by spaces for hyphens; never more than one, never by input order."""
    exact = [k for k in keys if k == slug]
    spaced = sorted(k for k in keys if k.replace(" ", "-") == slug)
    return (exact or spaced or [None])[0]


def _with_tags(article: Article, tags: dict[str, Tag]) -> Article:
    resolved = tuple(dict.fromkeys(tags[tag_key(tag.name)] for tag in article.tags))  # ordered, unique, linear time
    return article if resolved == article.tags else dataclasses.replace(article, tags=resolved)


def _tag_groups(articles: list[Article]) -> tuple[TagGroup, ...]:
    members: dict[Tag, list[Article]] = defaultdict(list)
    for article in articles:
        for tag in article.tags:
            members[tag].append(article)
    ordered = sorted(members, key=lambda t: (tag_key(t.name), t.slug))
    return tuple(TagGroup(t, tuple(members[t])) for t in ordered)


def _months(articles: list[Article], tz) -> tuple[Month, ...]:
    members: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        local = article.date.astimezone(tz)
        members[(local.year, local.month)].append(article)
    return tuple(Month(y, m, tuple(members[(y, m)])) for (y, m) in sorted(members, reverse=True))


def paginate(articles: tuple[Article, ...], per_page: int, route_of, later: int | None = None) -> tuple[Listing, ...]:
    """Pages of ``per_page`` articles, the second and later ones of ``later`` (default: ``per_page``);
    ``route_of(n)`` gives the route of page n (1-based).

    An empty list still has one (empty) page, so a home page always exists.
    """
    later = later or per_page
    chunks = [articles[:per_page]] + [articles[i : i + later] for i in range(per_page, len(articles), later)]
    count = len(chunks)
    return tuple(
        Listing(
            articles=chunk,
            number=n,
            count=count,
            route=route_of(n),
            prev_route=route_of(n - 1) if n > 1 else None,
            next_route=route_of(n + 1) if n < count else None,
        )
        for n, chunk in enumerate(chunks, 1)
    )


def list_pages(articles: tuple[Article, ...], config, route_of) -> tuple[Listing, ...]:
    """The pages of a list of articles (home, a tag, an author, a section): ``per_page`` teasers on the
    first, ``older_per_page`` headlines on each older one. Pages and the sitemap both ask here."""
    return paginate(articles, config.per_page, route_of, config.older_per_page)
