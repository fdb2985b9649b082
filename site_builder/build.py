"""The build, read to write: config → import → read → model → render → write.

:func:`build` is the whole pipeline in one readable function; each step is
one module. Nothing here prints: the caller gets a :class:`BuildReport` or a
:class:`~site_builder.base.errors.SiteError` listing every problem, and on error
the previous output folder is left exactly as it was.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
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
from site_builder.reading import markup
from site_builder.pages import render as pages
from site_builder.pages import search
from site_builder.reading import reader
from site_builder.model import grouping as site_mod
from site_builder.base.errors import Problem, SiteError
from site_builder.config.layout import is_scratch
from site_builder.model.article import Article
from site_builder.writing.output import replace_live, staging
from site_builder.model.outputs import Job, OutputFile, UnsafePath, WriteReport
from site_builder.model.urls import Urls
from site_builder.config.layout import SitePaths


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output_dir: Path | None = None  # default: <site>/output
    base_url: str | None = None  # overrides site.toml (e.g. the GitHub Pages URL)
    run_import: bool = True
    now: dt.datetime | None = None  # reference time for future-dated articles; default: SOURCE_DATE_EPOCH or the clock
    progress: Callable[[str, int, int], None] | None = None  # (stage, done, total), for a progress bar

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
    warnings: tuple[Problem, ...] = ()
    imported: object | None = None  # the importer's report, when it ran
    explain: tuple[str, ...] = ()  # what was rendered and why (for --verbose)


def build(options: BuildOptions) -> BuildReport:
    """Build the site in ``options.site_dir``; raise SiteError (output untouched) on any error."""
    with collector_paused():
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


def _build(options: BuildOptions) -> BuildReport:
    site_dir = options.site_dir
    config = load_config(site_dir, options.base_url)
    # The importer mints permanent ids from site.toml, never from a --base-url given for one build.
    imported = run_import(site_dir, load_config(site_dir, None)) if options.run_import else None
    now = reference_now(options.now)
    sig = shortcut.signature(site_dir, config, options.output)
    previous = shortcut.load(site_dir, options.output)
    if shortcut.still_valid(previous, sig, int(now.timestamp() * 1e9), options.output):
        return _unchanged(previous.report, imported)
    # The stage opens first: the spare folder is readied in the background while the site is read.
    with staging(options.output) as stage:
        articles = read_articles(site_dir, config, _stage(options.progress, "reading"))
        published = [a for a in articles if is_published(a, config, now)]
        check_unique(published)
        site, warnings = site_mod.make_site(published, config.tz)
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
    import_warnings = tuple(getattr(imported, "warnings", ()) or ())
    report = BuildReport(
        articles=len(site.articles), tags=len(site.tags), pages=pages_count, feeds=feeds_count,
        write=written, skipped=len(articles) - len(published), warnings=import_warnings + warnings, imported=imported,
        explain=explain(planned),
    )
    shortcut.save(site_dir, options.output, sig, published_window(articles, published, config, now),
                  dataclasses.replace(report, imported=None), outputs)
    return report


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
            files.append(pages.article_page(article, config, urls, env).run())
        except (SiteError, OSError, ValueError, jinja2.TemplateError):
            continue
    return replace_live(files, output)


def _unchanged(report: BuildReport, imported) -> BuildReport:
    """The report of a build that found nothing changed since the recorded one."""
    files = report.write.written + report.write.unchanged
    return dataclasses.replace(report, write=WriteReport(0, files, 0), imported=imported,
                               explain=("nothing changed since the last build: every output kept",))


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


def run_import(site_dir: Path, config: config_mod.Config):
    """Import new and changed seeds into content/; SiteError when any seed fails."""
    if not SitePaths.of(site_dir).seeds.is_dir():
        return None
    try:
        from site_builder.importing.seeds import import_seeds
    except ImportError:  # pragma: no cover - the importer is part of the package
        return None
    report = import_seeds(site_dir, config)
    if report.problems:
        raise SiteError(list(report.problems))
    return report


def read_articles(site_dir: Path, config: config_mod.Config, progress=None) -> list[Article]:
    """Every article under content/; SiteError listing every bad file."""
    content_dir = SitePaths.of(site_dir).content
    paths, problems = reader.find_sources(content_dir, site_dir)
    cached = cache.load(site_dir, config.timezone)
    articles, read_problems = reader.read_all(paths, content_dir, site_dir, config.tz, cached, progress)
    problems += read_problems
    if problems:
        raise SiteError(problems)
    cache.save(cached, articles)
    return articles


def reference_now(now: dt.datetime | None) -> dt.datetime:
    """The time that decides what is 'future': given, SOURCE_DATE_EPOCH, or the clock."""
    if now is not None:
        return now
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


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
    feeds_count = sum(path.endswith(("feed.xml", "atom.xml", "feed.json")) for path in paths)
    return pages_count, feeds_count
