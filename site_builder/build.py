"""The build, read to write: config → import → read → model → render → write.

:func:`build` is the whole pipeline in one readable function; each step is
one module. Nothing here prints: the caller gets a :class:`BuildReport` or a
:class:`~site_builder.base.errors.SiteError` listing every problem.

A problem in one input file (a seed that cannot be imported, an article that
cannot be read) leaves that file out: it is in ``BuildReport.problems`` and
every good article is published. A site-wide problem (config, templates, two
articles sharing a URL or id, an output path that would leave the folder)
raises SiteError, naming the per-file problems too, and the previous output
folder is left exactly as it was. The whole build holds the site's lock
(:mod:`site_builder.config.sitelock`).
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

import jinja2

from site_builder.memo import cache
from site_builder.memo import fingerprint
from site_builder.memo import incremental
from site_builder.memo import search_index
from site_builder.memo import shortcut
from site_builder.config import options as config_mod
from site_builder.feeds import render as feeds
from site_builder.feeds import items as feed_items, opml, stylesheet
from site_builder.crawl import news_sitemap, sitemap
from site_builder.model import urls as routes
from site_builder.reading import body_history, markup
from site_builder.pages import render as pages
from site_builder.pages import search
from site_builder.reading import reader
from site_builder.model import grouping as site_mod
from site_builder.base import clock
from site_builder.base.errors import Problem, SiteError
from site_builder.config.layout import is_scratch
from site_builder.model.article import Article
from site_builder.writing.output import replace_live, staging
from site_builder.model.outputs import Job, OutputFile, UnsafePath, WriteReport
from site_builder.model.urls import Urls
from site_builder.config.layout import SitePaths
from site_builder.importing.seeds import ImportReport, import_seeds


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output_dir: Path | None = None  # default: <site>/output
    base_url: str | None = None  # overrides site.toml (e.g. the GitHub Pages URL)
    run_import: bool = True
    now: dt.datetime | None = None  # reference time for future-dated articles; default: SOURCE_DATE_EPOCH or the clock
    progress: Callable[[str, int, int], None] | None = None  # (stage, done, total), for a progress bar
    on_wait: Callable[[str], None] | None = None  # told when another process holds the site's lock
    # Asked after the import, with the site's lock held: False ends the build there and build() returns None
    # (the dev loop uses it to skip a rebuild that only the importer's own writes to content/ set off).
    proceed: Callable[[], bool] | None = None

    @property
    def output(self) -> Path:
        return SitePaths.of(self.site_dir, self.output_dir).output


@dataclass(frozen=True)
class BuildReport:
    articles: int
    tags: int
    pages: int
    feeds: int
    write: WriteReport
    skipped: int = 0  # drafts and future-dated articles left out
    warnings: tuple[Problem, ...] = ()  # said, never failing the build
    problems: tuple[Problem, ...] = ()  # errors: seeds and articles left out, each with its file and line
    imported: ImportReport | None = None  # the importer's report, when it ran
    explain: tuple[str, ...] = ()  # what was rendered and why (for --verbose)


def build(options: BuildOptions) -> BuildReport | None:
    """Build the site in ``options.site_dir``, leaving out the files that have problems.

    Raises SiteError (output untouched) on a site-wide problem. None only when
    ``options.proceed`` said not to go on after the import.
    """
    from site_builder.config.sitelock import site_lock

    with site_lock(options.site_dir, options.on_wait), collector_paused():
        return _build(options)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off in this process for the length of a build.

    A build makes hundreds of thousands of long-lived objects (the model,
    the jobs) and next to no cycles, and every full collection walked them
    all again: 0.6 s of a 3.5 s one-article rebuild at 10,000 articles.
    Worker processes turn it back on; so does the end of the build.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(options: BuildOptions) -> BuildReport | None:
    site_dir = options.site_dir
    config = load_config(site_dir, options.base_url)
    # The importer mints permanent ids from site.toml, never from a --base-url given for one build.
    imported = run_import(site_dir, load_config(site_dir, None), options.now) if options.run_import else None
    if options.proceed is not None and not options.proceed():
        return None
    now = reference_now(options.now)
    sig = shortcut.signature(site_dir, config, options.output)
    previous = shortcut.load(site_dir, options.output)
    if shortcut.still_valid(previous, sig, int(now.timestamp() * 1e9), options.output):
        return _unchanged(previous.report, imported)
    # The stage opens first: the spare folder is readied in the background while the site is read.
    found: list[Problem] = list(imported.problems + imported.warnings) if imported is not None else []
    with site_wide(found), staging(options.output) as stage:
        articles, read_problems = read_articles(site_dir, config, _stage(options.progress, "reading"))
        articles = body_history.with_body_updates(articles, site_dir)
        found += read_problems
        if not articles and any(not p.is_warning for p in found):
            raise SiteError(found)  # not one article could be read: keep the last site rather than publish an empty one
        published = [a for a in articles if is_published(a, config, now)]
        check_unique(published)
        site, warnings = site_mod.make_site([a for a in published if not a.withdrawn], config.tz,
                                            config.tags.min_articles)
        site = dataclasses.replace(site, withdrawn=tuple(dataclasses.replace(a, tags=()) for a in published if a.withdrawn))
        urls = Urls(config.base_url)
        manifest = incremental.load(site_dir, options.output)
        salt = incremental.salt(fingerprint.files_fingerprint(SitePaths.of(site_dir).templates), fingerprint.of(config))
        index, search_warnings = search_outputs(site, config, site_dir, options.output_dir)
        warnings += search_warnings
        try:
            with template_errors(site_dir):
                planned = incremental.plan(chain(render_all(site, config, urls, site_dir), index), manifest, stage,
                                           salt, _stage(options.progress, "rendering"))
            written = stage.finish(planned.written)
            outputs = stage.final
        except UnsafePath as exc:
            raise SiteError([Problem("output", 0, str(exc))]) from None
    pages_count, feeds_count = count_kinds(planned.paths)
    incremental.save(manifest, planned.fingerprints, outputs)
    report = BuildReport(
        articles=len(site.articles), tags=len(site.tags), pages=pages_count, feeds=feeds_count,
        write=written, skipped=len(articles) - len(published), warnings=tuple(sorted(warnings)),
        problems=tuple(sorted(read_problems)), explain=explain(planned),
    )
    # The short cut keeps what content/ said; the import's problems are the next import's to say again.
    shortcut.save(site_dir, options.output, sig, published_window(articles, published, config, now), report, outputs)
    return with_import(report, imported)


def with_import(report: BuildReport, imported: ImportReport | None) -> BuildReport:
    """The build report with the import's report and its problems and warnings, seeds and content in one order."""
    if imported is None:
        return report
    return dataclasses.replace(report, imported=imported,
                               problems=tuple(sorted(imported.problems + report.problems)),
                               warnings=tuple(sorted(imported.warnings + report.warnings)))


@contextlib.contextmanager
def site_wide(found: list[Problem]) -> Iterator[None]:
    """A site-wide SiteError raised in the block, naming the per-file problems ``found`` so far as well."""
    try:
        yield
    except SiteError as exc:
        extra = [p for p in found if p not in exc.problems]
        if not extra:
            raise
        raise SiteError([*exc.problems, *extra]) from None


def preview(site_dir: Path, output_dir: Path | None, base_url: str | None, changed: Iterable[str],
            now: dt.datetime | None = None, env: jinja2.Environment | None = None) -> tuple[str, ...]:
    """Write the pages of the edited articles among ``changed`` (site-relative paths) into the live output folder.

    For the dev loop, before the full build: an article's page depends on the
    article alone (and config, templates), so it can be rendered at once from
    the one file and shown while the lists and feeds are brought up to date.
    Files that are not published articles, or that have any problem, are left
    to the full build, which reports them. Returns the output paths written.
    ``env``: the page environment of the site's current templates, when the
    caller keeps one between previews (compiling the templates is most of the work).
    """
    sources = [rel for rel in changed if rel.startswith("content/") and rel.endswith(".md")]
    output = SitePaths.of(site_dir, output_dir).output
    if not sources or not output.is_dir():
        return ()
    config = load_config(site_dir, base_url)
    moment = reference_now(now)
    renderer, urls = markup.Renderer(), Urls(config.base_url)
    env = env or pages.make_environment(site_dir)
    files: list[OutputFile] = []
    for rel in sources:
        try:
            source = reader.load_source(site_dir / rel, SitePaths.of(site_dir).content, site_dir)
            article = reader.read_article(source, renderer, config.tz)
            if not is_published(article, config, moment):
                continue
            # Tags as the site model resolves them within this article (spellings merged, slugs unique); across
            # articles the full build that follows settles them.
            article = site_mod.make_site([article], config.tz)[0].articles[0]
            article = _linked_as_published(article, output, config.tags.min_articles)
            files.append(pages.article_page(article, config, urls, env).run())
        except (SiteError, OSError, ValueError, jinja2.TemplateError):
            continue
    return replace_live(files, output)


def _linked_as_published(article, output: Path, min_articles: int):
    """``article`` whose tags link only where the live output has the tag's page: alone, the article cannot
    count the articles of a tag against ``[tags] min_articles``; the last full build did."""
    if min_articles <= 1:
        return article
    tags = tuple(dataclasses.replace(t, linked=(output / routes.output_path(routes.tag(t.slug))).is_file())
                 for t in article.tags)
    return dataclasses.replace(article, tags=tags)


def _unchanged(report: BuildReport, imported) -> BuildReport:
    """The report of a build that found nothing changed since the recorded one."""
    files = report.write.written + report.write.unchanged
    return with_import(dataclasses.replace(report, write=WriteReport(0, files, 0), imported=None,
                                           explain=("nothing changed since the last build: every output kept",)), imported)


def published_window(articles: list[Article], published: list[Article], config: config_mod.Config,
                     now: dt.datetime) -> tuple[int | None, int | None]:
    """The times (ns since the epoch) between which the same articles are published: from the
    newest published date (before it, that article would be future) to the earliest future one."""
    if config.build.future:
        return None, None
    due = [a.date for a in articles if a.date > now and (config.build.drafts or not a.draft)]
    newest = max((a.date for a in published), default=None)
    return (int(newest.timestamp() * 1e9) if newest else None), (int(min(due).timestamp() * 1e9) if due else None)


def explain(planned: incremental.Plan) -> tuple[str, ...]:
    """Lines saying what was rendered again and why, and how much was kept."""
    lines = [f"rendered {path}: {reason}" for path, reason in sorted(planned.reasons.items())]
    lines.append(f"{planned.rendered} outputs rendered, {planned.kept} kept from the last build")
    return tuple(lines)


def _stage(progress: Callable[[str, int, int], None] | None, name: str):
    """The progress callback of one stage, or None."""
    if progress is None:
        return None
    return lambda done, total: progress(name, done, total)


def load_config(site_dir: Path, base_url: str | None) -> config_mod.Config:
    """The site's config, with the base URL given on the command line if any."""
    if not site_dir.is_dir():
        raise SiteError([Problem(str(site_dir), 0, "site folder does not exist")])
    config = config_mod.load(site_dir)
    if base_url is None:
        return config
    error = config_mod.check_value("base_url", base_url)
    if error:
        raise SiteError([Problem("--base-url", 0, f"'base_url' {error}")])
    return config.with_base_url(base_url)


def run_import(site_dir: Path, config: config_mod.Config, now: dt.datetime | None = None,
               on_wait: Callable[[str], None] | None = None) -> ImportReport | None:
    """Import new and changed seeds into content/: the ImportReport (bad seeds are in its problems), or None.

    Seeds git does not date arrive at ``now`` (given, SOURCE_DATE_EPOCH, or the clock)."""
    if not SitePaths.of(site_dir).seeds.is_dir():
        return None
    return import_seeds(site_dir, config, now=reference_now(now), on_wait=on_wait)


def read_articles(site_dir: Path, config: config_mod.Config, progress=None) -> tuple[list[Article], list[Problem]]:
    """Every article under content/ that can be read, and a problem for each file that cannot (left out)."""
    content_dir = SitePaths.of(site_dir).content
    paths, problems = reader.find_sources(content_dir, site_dir)
    cached = cache.load(site_dir, config.timezone)
    articles, read_problems = reader.read_all(paths, content_dir, site_dir, config.tz, cached, progress)
    cache.save(cached, articles)
    return articles, sorted(problems + read_problems)


def reference_now(now: dt.datetime | None) -> dt.datetime:
    """The time that decides what is 'future': given, SOURCE_DATE_EPOCH, or the clock."""
    return now if now is not None else clock.now()


def is_published(article: Article, config: config_mod.Config, now: dt.datetime) -> bool:
    """Drafts and future-dated articles are left out unless the config asks for them."""
    if article.draft and not config.build.drafts:
        return False
    return config.build.future or article.date <= now


def check_unique(articles: Iterable[Article]) -> None:
    """Two articles may not share a slug (same URL) or an id (same feed entry)."""
    problems: list[Problem] = []
    for attr, what in (("slug", "URL"), ("id", "feed id")):
        owners: dict[str, list[str]] = defaultdict(list)
        for article in articles:
            owners[getattr(article, attr)].append(article.source)
        for value, sources in owners.items():
            if len(sources) > 1:
                for source in sources[1:]:
                    problems.append(Problem(f"content/{source}", 0, f"{attr} {value!r} is also used by content/{sources[0]}: "
                                            f"two articles cannot share a {what}", hint=f"change the {attr} in one of them"))
    if problems:
        raise SiteError(problems)


def render_all(site, config, urls: Urls, site_dir: Path) -> Iterator[OutputFile | Job]:
    """Every output: pages, theme assets, feeds, static files (jobs render only when needed)."""
    env = pages.make_environment(site_dir)
    yield from chain(
        pages.render_pages(site, config, urls, env),
        pages.theme_assets(site_dir),
        machine_files(site, config, urls),
        static_files(site_dir),
    )


def search_outputs(site, config, site_dir: Path, output_dir: Path | None
                   ) -> tuple[list[OutputFile], tuple[Problem, ...]]:
    """The Pagefind index of the articles under ``pagefind/``, or none and a warning saying why not."""
    if not config.search.enabled or not site.articles:
        return [], ()
    found = search.records(site.articles, config)
    try:
        files = search_index.index_files(found, site_dir, output_dir)
    except search.SearchUnavailable as exc:
        return [], (Problem("search", 0, f"search index not built: {exc}",
                            hint="the site is complete without it; its search page says search is unavailable"),)
    return [OutputFile(path, data) for path, data in search.output_paths(files)], ()


def machine_files(site, config, urls: Urls) -> Iterator[OutputFile | Job]:
    """Every file for programs rather than people: feeds, the OPML and XSL, sitemaps (news too), robots.txt,
    .nojekyll."""
    yield from chain(
        feeds.render_feeds(site, config, urls),
        feed_documents(site, config, urls),
        sitemap.crawler_files(site, config, urls, tuple(news_sitemap.news_jobs(site, config, urls))),
        hosting_files(),
    )


def feed_documents(site, config, urls: Urls) -> Iterator[OutputFile | Job]:
    """The OPML list of every feed and the XSL stylesheet that shows RSS and Atom in a browser."""
    yield Job(routes.output_path(routes.opml()), lambda v: opml.opml(v["site"], config, urls), {"site": site})
    yield OutputFile(routes.output_path(routes.asset(feed_items.STYLESHEET)), stylesheet.STYLESHEET.encode("utf-8"))


def hosting_files() -> Iterator[OutputFile]:
    """``.nojekyll``: GitHub Pages publishes the folder as it is (files starting with ``_`` included)."""
    yield OutputFile(".nojekyll", b"")


@contextlib.contextmanager
def template_errors(site_dir: Path) -> Iterator[None]:
    """Template errors as problems located in the site's own files."""
    try:
        yield
    except jinja2.TemplateError as exc:
        raise SiteError([_shown(incremental.template_problem(exc), site_dir)]) from None
    except SiteError as exc:
        raise SiteError([_shown(p, site_dir) for p in exc.problems]) from None


def _shown(problem: Problem, site_dir: Path) -> Problem:
    """The problem with its path relative to the site when it is inside it."""
    path = Path(problem.path)
    if path.is_absolute():
        return dataclasses.replace(problem, path=reader.display(path, site_dir))
    return problem


def static_files(site_dir: Path) -> Iterator[OutputFile]:
    """Files under static/, copied as they are (e.g. CNAME, images); editor leftovers are not inputs."""
    static = SitePaths.of(site_dir).static
    if not static.is_dir():
        return
    for path in sorted(static.rglob("*")):
        rel = path.relative_to(static)
        if not path.is_file() or rel.as_posix() == ".nojekyll" or any(is_scratch(part, in_static=True) for part in rel.parts):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(site_dir.resolve()):
            raise SiteError([Problem(reader.display(path, site_dir), 0, "symbolic link leads outside the site; not copied")])
        yield OutputFile(rel.as_posix(), path.read_bytes())


def count_kinds(paths: Iterable[str]) -> tuple[int, int]:
    """How many of ``paths`` are pages and how many are feeds."""
    paths = list(paths)
    pages_count = sum(path.endswith(".html") for path in paths)
    feeds_count = sum(path.rsplit("/", 1)[-1] in routes.FEED_FILES.values() for path in paths)
    return pages_count, feeds_count
