"""The command line: the only module that prints and exits.

Exit codes: 0 success, 1 content or config errors (each printed as
``path:line: message``), 2 usage errors.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Sequence

from site_builder import __version__
from site_builder.errors import Problem, SiteError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    top = argparse.ArgumentParser(
        prog="site-builder",
        description="Build a static news site with feeds from raw wire articles and Markdown.",
        epilog="Run 'site-builder COMMAND --help' for a command's options.",
    )
    top.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="import new seeds, then build the site into output/",
                                description="Import new and changed seeds into content/, then build the site.")
    _site_arg(build)
    build.add_argument("--output", "-o", type=Path, metavar="DIR", help="output folder (default: SITE/output)")
    build.add_argument("--base-url", metavar="URL", help="published address, overriding site.toml (e.g. https://user.github.io/repo/)")
    build.add_argument("--no-import", action="store_true", help="do not import seeds first")
    _verbosity(build)

    imp = commands.add_parser("import", help="turn raw articles in seeds/ into Markdown in content/",
                              description="Import raw wire articles (seeds/**/*.txt) into content/<slug>.md. "
                                          "Pages edited by hand are never overwritten (use --force; a backup is kept).")
    _site_arg(imp)
    imp.add_argument("--force", action="store_true", help="overwrite hand-edited pages, keeping a backup")
    imp.add_argument("--explain", action="store_true",
                     help="write nothing; print, for each seed, its section and tags with the evidence that chose "
                          "them, and the rejected candidates with why")
    imp.add_argument("seeds", nargs="*", type=Path, metavar="SEED", help="only these seed files (default: all)")
    _verbosity(imp)

    watch = commands.add_parser("watch", help="build, then rebuild output/ on every change",
                                description="Build the site, then rebuild it whenever seeds/, content/, templates/, "
                                            "static/ or site.toml change. A saved article's own page is written first, then the "
                                            "rest of the site. Errors are reported and the watch goes on.")
    _site_arg(watch)
    watch.add_argument("--poll", action="store_true", help="poll for changes (for file systems without inotify: WSL, Docker mounts)")
    _verbosity(watch)

    serve = commands.add_parser("serve", help="build, watch and serve the site locally with live reload",
                                description="Serve a dev build (in SITE/.site-builder/serve/, never output/) at the base URL's "
                                            "path on a local address; open pages reload when a saved article's page is written and "
                                            "after each rebuild.")
    _site_arg(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", "-p", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    serve.add_argument("--poll", action="store_true", help="poll for changes (for file systems without inotify: WSL, Docker mounts)")
    _verbosity(serve)
    init = commands.add_parser("init", help="start a new site in a folder",
                               description="Create a new site: a commented site.toml, seeds/, content/, templates/, "
                                           "static/, a .gitignore, the GitHub Pages workflow and a README. "
                                           "Refuses to touch a folder that already holds a site.")
    init.add_argument("directory", type=Path, metavar="DIR", help="folder of the new site (created if missing)")
    init.add_argument("--title", default="", help="site title (default: from the folder name)")

    new = commands.add_parser("new", help="start a new Markdown article in content/",
                              description="Write content/<slug>.md with front matter (title, date now in the site "
                                          "time zone, slug, permanent id) and print its path.")
    new.add_argument("title", help="the article's title")
    _site_arg(new)

    check = commands.add_parser("check", help="check a built output/ before publishing it (feeds, links, ids)",
                                description="Check a built site: every feed parses and follows the rules (absolute public "
                                            "URLs, self links at the published location, unique ids, size budget), internal "
                                            "links resolve, and, given the previously published output, no id churn, no "
                                            "vanished items, no mass 'updated' changes. Exit 1 on any problem.")
    _site_arg(check)
    check.add_argument("--output", "-o", type=Path, metavar="DIR", help="the built site to check (default: SITE/output)")
    check.add_argument("--base-url", metavar="URL", help="the address it is published at (default: base_url of site.toml)")
    check.add_argument("--against", type=Path, metavar="DIR",
                       help="the previously published output, to compare ids with and find vanished items, "
                            "tag pages and tag feeds")
    _verbosity(check)
    return top


def _site_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", "-s", type=Path, default=Path("."), metavar="DIR", help="the site folder (default: .)")


def _verbosity(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--quiet", "-q", action="store_true", help="print errors only, no progress bar")
    group.add_argument("--verbose", "-v", action="store_true", help="say what was rebuilt and why")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except SiteError as exc:
        _print_problems(exc.problems, site=getattr(args, "site", None))
        print(f"{len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _print_problems(problems: Sequence[Problem], label: str = "", site: Path | None = None) -> None:
    """Each problem as ``path:line:column: error: message``, its source line, a caret and a hint."""
    from site_builder.diagnostics import format_problem

    color = _color(sys.stderr)
    for problem in problems:
        print(format_problem(problem, site, color=color, warning=label.startswith("warning")), file=sys.stderr, flush=True)


def _color(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    import os

    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _progress(quiet: bool):
    """A progress callback drawing a bar per stage on a terminal; None when quiet or not a TTY."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="file", leave=False, file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
    return update


def cmd_build(args: argparse.Namespace) -> int:
    from site_builder.build import BuildOptions, build

    started = time.perf_counter()
    report = build(BuildOptions(site_dir=args.site, output_dir=args.output, base_url=args.base_url,
                                run_import=not args.no_import, progress=_progress(args.quiet)))
    _print_problems(report.warnings, "warning: ", site=args.site)
    if args.verbose:
        for line in report.explain:
            print(line)
    if not args.quiet:
        w = report.write
        seconds = time.perf_counter() - started
        print(f"built {report.articles} articles, {report.tags} tags: {report.pages} pages, {report.feeds} feeds; "
              f"{w.written} files written, {w.unchanged} unchanged, {w.removed} removed "
              f"({report.skipped} drafts/future left out) in {seconds:.2f}s → {args.output or args.site / 'output'}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from site_builder import config as config_mod
    from site_builder.imports import import_seeds

    config = config_mod.load(args.site)
    if args.explain:
        return _explain(args, config)
    report = import_seeds(args.site, config, force=args.force, only=args.seeds or None)
    _print_problems(getattr(report, "warnings", ()), "warning: ", site=args.site)
    for path in report.kept_edited:
        print(f"warning: {path}: edited by hand since import; not overwritten (use --force to replace it, a backup is kept)", file=sys.stderr)
    if not args.quiet:
        print(f"imported {len(report.written)} written, {len(report.unchanged)} unchanged, "
              f"{len(report.kept_edited)} kept (edited by hand), {len(report.problems)} failed")
    if report.problems:
        _print_problems(report.problems, site=args.site)
        return EXIT_ERRORS
    return EXIT_OK


def _explain(args: argparse.Namespace, config) -> int:
    """Print why each seed gets its section and tags (``import --explain``); writes nothing."""
    from site_builder.imports import explain_seeds

    explained, problems = explain_seeds(args.site, config, only=args.seeds or None)
    for display, lines in explained:
        print(display)
        print("\n".join(f"  {line}" for line in lines))
    if problems:
        _print_problems(problems, site=args.site)
        return EXIT_ERRORS
    return EXIT_OK


def _result_printer(quiet: bool):
    """A watch callback printing each build's outcome (problems as path:line: message)."""
    from site_builder.watch import summary

    def show(result) -> None:
        _print_problems(result.warnings, "warning: ")
        if not result.ok:
            _print_problems(result.problems)
            print(f"error: {len(result.problems)} problem(s); the last good site is kept, waiting for a fix",
                  file=sys.stderr, flush=True)
        elif not quiet:
            print(summary(result), flush=True)
    return show


def _preview_printer(quiet: bool):
    """A watch callback printing the pages written ahead of a build, or None when quiet."""
    if quiet:
        return None

    def show(preview) -> None:
        print(f"preview: {', '.join(preview.paths)} written {preview.seconds * 1000:.0f} ms after the change; "
              "rebuilding lists and feeds", flush=True)
    return show


def cmd_watch(args: argparse.Namespace) -> int:
    from site_builder.watch import Watcher

    watcher = Watcher(args.site, _result_printer(args.quiet), poll=args.poll, on_preview=_preview_printer(args.quiet))
    try:
        watcher.start()
        if not args.quiet:
            print(f"watching {args.site} for changes (Ctrl-C to stop)", flush=True)
        watcher.run_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        watcher.stop()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from site_builder.serve import DevServer

    try:
        server = DevServer(args.site, host=args.host, port=args.port, poll=args.poll, on_result=_result_printer(args.quiet),
                           on_preview=_preview_printer(args.quiet))
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    try:
        server.start()
        print(f"serving {server.url} (dev build in {server.dev_dir}, never output/; Ctrl-C to stop)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.stop()
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from site_builder.scaffold import init_site

    written = init_site(args.directory, args.title)
    for path in written:
        print(f"created {path}")
    print(f"new site in {args.directory}: put raw articles in seeds/ or Markdown in content/, "
          f"then run: site-builder build --site {args.directory}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt

    from site_builder import config as config_mod
    from site_builder.scaffold import new_article

    config = config_mod.load(args.site)
    print(new_article(args.site, config, args.title, dt.datetime.now(dt.timezone.utc)))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from site_builder.build import load_config
    from site_builder.check import check

    config = load_config(args.site, args.base_url)
    output = args.output or args.site / "output"
    if not output.is_dir() or (args.against is not None and not args.against.is_dir()):
        print(f"error: no such folder: {output if not output.is_dir() else args.against}", file=sys.stderr)
        return EXIT_USAGE
    report = check(output, config.base_url, config.feeds.size_budget_kb, args.against)
    _print_problems(report.problems)
    if not args.quiet:
        for note in report.notes:
            print(f"note: {note}")
        verdict = f"{len(report.problems)} problem(s)" if report.problems else "ok"
        print(f"checked {report.feeds} feeds and {report.pages} pages in {output}: {verdict}")
    return EXIT_ERRORS if report.problems else EXIT_OK


COMMANDS = {"build": cmd_build, "import": cmd_import, "watch": cmd_watch, "serve": cmd_serve, "init": cmd_init, "new": cmd_new, "check": cmd_check}
