"""Render every HTML page of the site, and copy the theme's static files.

:func:`render_pages` yields one :class:`~site_builder.model.outputs.Job` per
page (the build renders it only when the fingerprint of its values changed): articles, the paginated home page, paginated tag pages, the tags index,
the archive (index and one page per month), the feeds catalogue and
``404.html``. Each template is loaded once; each article's teaser is rendered
once and reused by every list it appears in, so the work grows linearly with
the number of articles.
"""
from __future__ import annotations

import dataclasses

import hashlib
import html
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import jinja2
from markupsafe import Markup

from site_builder.model import urls as routes
from site_builder.config.options import Config
from site_builder.model.article import Article, Listing, Month, Site, Tag, TagGroup
from site_builder.model.outputs import Job, OutputFile
from site_builder.pages import search
from site_builder.pages.environment import MONTHS, make_environment
from site_builder.pages.meta import PageMeta, article_meta, feed_links, listing_links, page_meta
from site_builder.model.grouping import list_pages, slugs_by_name, tag_key, tags_by_kind
from site_builder.model.related import Related, related_of, related_stories
from site_builder.model.urls import Urls

__all__ = ["article_page", "make_environment", "render_pages", "theme_assets"]

STATIC = "theme/static"
#: Tags a teaser shows before "+N more": list pages stay small whatever an article's tag count.
TEASER_TAGS = 3  # the section and the two most central tags
#: Headings of the tags index, by tag kind.
KIND_NAMES = {"sections": "Sections", "subjects": "Subjects", "places": "Places", "people": "People",
              "organisations": "Organisations", "": "Other tags"}
TEMPLATES = ("article.html", "list.html", "tags.html", "archive.html", "month.html", "feeds.html",
             "404.html", "teaser.html", "search.html")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Assets:
    """Root-relative addresses of the theme's stylesheet and icon (with a content version)."""

    css: str
    icon: str
    search: str  # the search page's script


class Teasers:
    """Each article's teaser HTML, rendered on first use and reused by every list."""

    def __init__(self, template: jinja2.Template, common: dict[str, Any]):
        self._template = template
        self._common = common
        self._done: dict[str, Markup] = {}

    def __call__(self, article: Article) -> Markup:
        found = self._done.get(article.source)
        if found is None:
            found = Markup(self._template.render(self._common, article=article))
            self._done[article.source] = found
        return found


class Partials:
    """Page parts that are the same on many pages (header, footer, feed links), rendered once each.

    A partial sees the site-wide context plus the (hashable) values it is called with.
    """

    def __init__(self, env: jinja2.Environment, common: dict[str, Any]):
        self._env = env
        self._common = common
        self._done: dict[tuple, Markup] = {}

    def __call__(self, name: str, **values: Any) -> Markup:
        key = (name, *sorted(values.items()))
        found = self._done.get(key)
        if found is None:
            found = Markup(self._env.get_template(name).render(self._common, **values))
            self._done[key] = found
        return found


def render_pages(site: Site, config: Config, urls: Urls, env: jinja2.Environment) -> Iterator[Job]:
    """Every HTML page of ``site``, in a fixed order."""
    r = _PageRenderer(config, urls, env, tuple(g.tag for g in site.sections))
    yield from r.articles(site)
    yield from r.home(site)
    yield from r.tags(site)
    yield from r.groups(site.authors, routes.AUTHORS)
    yield from r.groups(site.sections, routes.SECTIONS)
    yield from r.archive(site)
    yield r.feeds(site)
    if config.search.enabled:
        yield r.search_page(search.languages(site.articles, config))
    yield r.not_found()


def article_page(article: Article, config: Config, urls: Urls, env: jinja2.Environment) -> Job:
    """The page of one article, exactly as :func:`render_pages` makes it (it depends on nothing else)."""
    return next(_PageRenderer(config, urls, env).articles_of((article,)))


class _PageRenderer:
    """Makes the page jobs of one site: the templates loaded once, the site-wide context made once.

    It holds nothing of the site model: a page's values come only from the
    inputs of its job (fingerprinted) and from config, urls and templates
    (in the build's salt), so a kept page can never be stale.
    """

    def __init__(self, config: Config, urls: Urls, env: jinja2.Environment, nav: tuple[Tag, ...] = ()):
        self.config, self.urls = config, urls
        self.nav = nav  # the sections the header lists: a value of every page
        self.templates = {name: env.get_template(name) for name in TEMPLATES}
        self.site_feeds = feed_links(config, urls)
        self.common: dict[str, Any] = {
            "config": config, "urls": urls, "tz": config.tz, "routes": routes,
            "assets": _assets(urls), "site_feeds": self.site_feeds, "teaser_tags": TEASER_TAGS,
        }
        self.common["teaser"] = Teasers(self.templates["teaser.html"], self.common)
        self.common["partial"] = Partials(env, self.common)

    def job(self, name: str, route: str, derive: Callable[..., dict[str, Any]], **inputs: Any) -> Job:
        """A page made from ``inputs`` only: ``derive(**inputs)`` gives the template's values.

        The build fingerprints ``inputs`` (plus code, templates and config, which
        ``derive`` and the site-wide context may use) and renders the page only
        when that fingerprint changes, so ``derive`` must not read the site.
        """
        template, common = self.templates[name], self.common

        def render(values: Mapping[str, Any]) -> bytes:
            own = {k: v for k, v in values.items() if k != "nav"}
            return template.render(common, nav=values["nav"], **derive(**own)).encode("utf-8")

        return Job(routes.output_path(route), render, {**inputs, "nav": self.nav})

    def meta(self, name: str, description: str, route: str, **more: Any) -> PageMeta:
        return page_meta(self.config, self.urls, name, description, route, **more)

    def articles(self, site: Site) -> Iterator[Job]:
        return self.articles_of(site.articles + site.withdrawn, slugs_by_name(site.authors),
                                slugs_by_name(site.sections), related_stories(site.articles))

    def articles_of(self, articles: tuple[Article, ...], author_slugs: Mapping[str, str] | None = None,
                    section_slugs: Mapping[str, str] | None = None,
                    related: Mapping[str, tuple[Related, ...]] | None = None) -> Iterator[Job]:
        author_slugs, section_slugs, related = author_slugs or {}, section_slugs or {}, related or {}
        for article in articles:
            bylines = tuple((name, author_slugs.get(tag_key(name))) for name in article.authors)
            section = section_slugs.get(tag_key(article.section)) if article.section else None
            yield self.job("article.html", routes.article(article.slug), self.article_values, article=article,
                           bylines=bylines, section_slug=section, related=related_of(related, article))

    def article_values(self, article: Article, bylines: tuple[tuple[str, str | None], ...] = (),
                       section_slug: str | None = None, related: tuple[Related, ...] = ()) -> dict[str, Any]:
        """``bylines``: (name, slug of the author's page or None); ``section_slug``: the page of its section;
        ``related``: links to related stories (all shown on the page, so all part of its values)."""
        return {"meta": article_meta(article, self.config, self.urls, self.site_feeds), "article": article,
                "standfirst": standfirst(article), "bylines": bylines, "section_slug": section_slug,
                "related": related}

    def home(self, site: Site) -> Iterator[Job]:
        total = len(site.articles)
        shown = self.config.theme.home_sections
        latest = tuple(TagGroup(g.tag, g.articles[:shown]) for g in site.sections) if shown else ()
        for listing in list_pages(site.articles, self.config, routes.home):
            yield self.job("list.html", listing.route, self.home_values, listing=listing, total=total,
                           by_section=latest if listing.number == 1 else ())

    def home_values(self, listing: Listing, total: int, by_section: tuple[TagGroup, ...] = ()) -> dict[str, Any]:
        """``by_section``: the latest stories of each section (``[theme] home_sections``), on the first page."""
        first = listing.number == 1
        name = self.config.title if first else f"Page {listing.number} of {listing.count}"
        heading = "Latest news" if first else f"Latest news, page {listing.number} of {listing.count}"
        meta = self.meta(name, self.config.description, listing.route, section="home" if first else "",
                         **listing_links(listing, self.urls))
        return {"meta": meta, "listing": listing, "heading": heading, "kicker": "", "tag": None, "tag_feeds": (),
                "total": total, "by_section": by_section}

    def tags(self, site: Site) -> Iterator[Job]:
        for group in site.tags:
            tag, total = group.tag, len(group.articles)
            for listing in list_pages(group.articles, self.config, lambda n: routes.tag(tag.slug, n)):
                yield self.job("list.html", listing.route, self.tag_values, listing=listing, tag=tag, total=total)
        sections = tuple(TagGroup(dataclasses.replace(g.tag, kind="sections", linked=True), g.articles)
                         for g in site.sections)
        yield self.job("tags.html", routes.tags_index(), self.tags_index_values, groups=sections + site.tags)

    def tag_values(self, listing: Listing, tag: Tag, total: int) -> dict[str, Any]:
        tag_feeds = feed_links(self.config, self.urls, tag)
        description = f"{total} article{'s' if total != 1 else ''} tagged {tag.name} on {self.config.title}."
        name = tag.name if listing.number == 1 else f"{tag.name}, page {listing.number} of {listing.count}"
        meta = self.meta(name, description, listing.route, alternates=self.site_feeds + tag_feeds,
                         **listing_links(listing, self.urls))
        return {"meta": meta, "listing": listing, "kicker": "Tag", "tag": tag, "heading": tag.name,
                "tag_feeds": tag_feeds, "total": total, "by_section": ()}

    def groups(self, groups: tuple[TagGroup, ...], folder: str) -> Iterator[Job]:
        """The paginated pages of each author or section (``folder``)."""
        for group in groups:
            tag, total = group.tag, len(group.articles)
            for listing in list_pages(group.articles, self.config, lambda n: routes.listing(folder, tag.slug, n)):
                yield self.job("list.html", listing.route, self.group_values, listing=listing, tag=tag, total=total,
                               folder=folder)

    def group_values(self, listing: Listing, tag: Tag, total: int, folder: str) -> dict[str, Any]:
        own_feeds = feed_links(self.config, self.urls, tag, folder)
        kicker, what = ("Author", f"by {tag.name}") if folder == routes.AUTHORS else ("Section", f"in {tag.name}")
        description = f"{total} article{'s' if total != 1 else ''} {what} on {self.config.title}."
        name = tag.name if listing.number == 1 else f"{tag.name}, page {listing.number} of {listing.count}"
        meta = self.meta(name, description, listing.route, alternates=self.site_feeds + own_feeds,
                         section=f"{folder}{tag.slug}", **listing_links(listing, self.urls))
        return {"meta": meta, "listing": listing, "kicker": kicker, "tag": None, "heading": tag.name,
                "tag_feeds": own_feeds, "total": total, "by_section": ()}

    def tags_index_values(self, groups: tuple[TagGroup, ...]) -> dict[str, Any]:
        meta = self.meta("Tags", f"All tags of {self.config.title}, with the number of articles.", routes.tags_index(),
                         section="tags")
        return {"meta": meta, "groups": groups, "kinds": tags_by_kind(groups), "kind_names": KIND_NAMES}

    def archive(self, site: Site) -> Iterator[Job]:
        months = site.months
        yield self.job("archive.html", routes.archive_index(), self.archive_values, months=months)
        for index, month in enumerate(months):
            newer = (months[index - 1].year, months[index - 1].month) if index > 0 else None
            older = (months[index + 1].year, months[index + 1].month) if index + 1 < len(months) else None
            yield self.job("month.html", routes.archive_month(month.year, month.month), self.month_values,
                           month=month, newer=newer, older=older)

    def archive_values(self, months: tuple[Month, ...]) -> dict[str, Any]:
        meta = self.meta("Archive", f"Articles of {self.config.title} by month.", routes.archive_index(), section="archive")
        return {"meta": meta, "years": years_of(months)}

    def month_values(self, month: Month, newer: tuple[int, int] | None, older: tuple[int, int] | None) -> dict[str, Any]:
        name = f"{MONTHS[month.month - 1]} {month.year}"
        meta = self.meta(name, f"Articles of {self.config.title} published in {name}.",
                         routes.archive_month(month.year, month.month))
        return {"meta": meta, "month": month, "newer": _year_month(newer), "older": _year_month(older)}

    def feeds(self, site: Site) -> Job:
        return self.job("feeds.html", routes.feeds_catalog(), self.feeds_values, groups=site.tags,
                        sections=site.sections, authors=site.authors)

    def feeds_values(self, groups: tuple[TagGroup, ...], sections: tuple[TagGroup, ...] = (),
                     authors: tuple[TagGroup, ...] = ()) -> dict[str, Any]:
        tag_feeds = {g.tag.slug: feed_links(self.config, self.urls, g.tag) for g in groups}
        more = tuple((title, folder, tuple((g, feed_links(self.config, self.urls, g.tag, folder)) for g in found))
                     for title, folder, found in (("By section", routes.SECTIONS, sections),
                                                  ("By author", routes.AUTHORS, authors)) if found)
        meta = self.meta("Feeds", f"Subscribe to {self.config.title} by RSS, Atom or JSON Feed: "
                         "for the whole site or for one tag.", routes.feeds_catalog(), section="feeds")
        return {"meta": meta, "groups": groups, "tag_feeds": tag_feeds, "more_feeds": more}

    def search_page(self, languages: tuple[str, ...]) -> Job:
        """The search page; ``languages``: those the index holds (each searched with its own stemming)."""
        return self.job("search.html", routes.search(), self.search_values, languages=languages)

    def search_values(self, languages: tuple[str, ...]) -> dict[str, Any]:
        meta = self.meta("Search", f"Search the articles of {self.config.title}.", routes.search(), section="search")
        return {"meta": meta, "languages": languages}

    def not_found(self) -> Job:
        return self.job("404.html", routes.not_found(), self.not_found_values)

    def not_found_values(self) -> dict[str, Any]:
        meta = self.meta("Page not found", "There is no page at this address.", routes.not_found(), noindex=True)
        return {"meta": meta}


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int


def _year_month(pair: tuple[int, int] | None) -> YearMonth | None:
    return YearMonth(*pair) if pair else None


def theme_assets(site_dir: Path) -> Iterator[OutputFile]:
    """The theme's static files (stylesheet, icon), each under ``assets/``."""
    for name, data in _static_files():
        yield OutputFile(routes.output_path(routes.asset(name)), data)


def standfirst(article: Article) -> str:
    """The text shown under the headline: the lede, else the summary unless the body opens with it."""
    if article.lede:
        return article.lede
    if not article.summary:
        return ""
    match = _FIRST_PARAGRAPH.search(article.html)
    opening = " ".join(html.unescape(_TAGS.sub(" ", match.group(1))).split()) if match else ""
    return "" if opening.startswith(article.summary) else article.summary


def years_of(months: tuple[Month, ...]) -> tuple[tuple[int, tuple[Month, ...]], ...]:
    """Months grouped by year, newest first (``months`` are already newest first)."""
    years: dict[int, list[Month]] = {}
    for month in months:
        years.setdefault(month.year, []).append(month)
    return tuple((year, tuple(ms)) for year, ms in years.items())


def _static_files() -> list[tuple[str, bytes]]:
    root = resources.files("site_builder").joinpath(STATIC)
    return sorted((f.name, f.read_bytes()) for f in root.iterdir() if f.is_file() and not f.name.startswith("."))


def _assets(urls: Urls) -> Assets:
    versions = {name: hashlib.sha256(data).hexdigest()[:10] for name, data in _static_files()}

    def href(name: str) -> str:
        return f"{urls.path(routes.asset(name))}?v={versions[name]}"
    return Assets(css=href("style.css"), icon=href("favicon.svg"), search=href("search.js"))
