"""The command line: the only module that prints and exits.

Exit codes: 0 success, 1 content or config errors (each printed as
``path:line: message``), 2 usage errors. A build that published the site
without some files (each named as ``path:line: error: message``) exits 0, or 1
under ``--strict``; warnings never change the exit code. With ``--format
github`` (the default when ``GITHUB_ACTIONS=true``) each problem is also
printed as a GitHub Actions annotation on its file and line.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from site_builder import __version__
from site_builder.base.errors import Problem, SiteError

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
                                description="Import new and changed seeds into content/, then build the site. A seed or "
                                            "article that cannot be read is named (path:line: error: message) and left out; "
                                            "the rest is published (exit 0, or 1 with --strict). Site-wide problems (config, "
                                            "templates, duplicate URLs or ids) stop the build and keep the previous output.")
    _site_arg(build)
    build.add_argument("--output", "-o", type=Path, metavar="DIR", help="output folder (default: SITE/output)")
    build.add_argument("--base-url", metavar="URL", help="published address, overriding site.toml (e.g. https://user.github.io/repo/)")
    build.add_argument("--no-import", action="store_true", help="do not import seeds first")
    build.add_argument("--strict", action="store_true",
                       help="exit 1 when a seed or article was left out because of an error (the site is still published)")
    _format_arg(build)
    _verbosity(build)

    imp = commands.add_parser("import", help="turn raw articles in seeds/ into Markdown in content/",
                              description="Import raw wire articles (seeds/**/*.txt) into content/<slug>.md. "
                                          "A later version of a story (UPDATE n-, REFILE-, CORRECTED-, resent) "
                                          "updates its page in place; a STORY WITHDRAWN/KILL notice withdraws it. "
                                          "Pages edited by hand are never overwritten (use --force; a backup is kept).")
    _site_arg(imp)
    imp.add_argument("--force", action="store_true", help="overwrite hand-edited pages, keeping a backup")
    imp.add_argument("--explain", action="store_true",
                     help="write nothing; print, for each seed, its section and tags with the evidence that chose "
                          "them, and the rejected candidates with why")
    imp.add_argument("seeds", nargs="*", type=Path, metavar="SEED", help="only these seed files (default: all)")
    _format_arg(imp)
    _verbosity(imp)

    watch = commands.add_parser("watch", help="build, then rebuild output/ on every change",
                                description="Build the site, then rebuild it whenever seeds/, content/, templates/, "
                                            "static/ or site.toml change. A saved article's own page is written first, then the "
                                            "rest of the site. Errors are reported and the watch goes on.")
    _site_arg(watch)
    _poll_arg(watch)
    _verbosity(watch)

    serve = commands.add_parser("serve", help="build, watch and serve the site locally with live reload",
                                description="Serve a dev build (in SITE/.site-builder/serve/, never output/) at the base URL's "
                                            "path on a local address; open pages reload when a saved article's page is written and "
                                            "after each rebuild.")
    _site_arg(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", "-p", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    _poll_arg(serve)
    _verbosity(serve)
    init = commands.add_parser("init", help="start a new site in a folder",
                               description="Create a new site: a commented site.toml, seeds/, content/, templates/, "
                                           "static/, a .gitignore, the GitHub Pages workflow, a requirements.txt pinning "
                                           "this site-builder (the workflow installs it) and a README. The base URL is the "
                                           "domain permanent ids are minted on: without one (asked on a terminal) ids are "
                                           "domain-free urn:uuid: ids until base_url is set in site.toml. "
                                           "Refuses to touch a folder that already holds a site.")
    init.add_argument("directory", type=Path, metavar="DIR", help="folder of the new site (created if missing)")
    init.add_argument("--title", default="", help="site title (default: from the folder name)")
    init.add_argument("--base-url", metavar="URL", help="published address, e.g. https://user.github.io/repo/ "
                                                        "(asked on a terminal when missing)")
    init.add_argument("--requirement", metavar="SPEC", help="what requirements.txt installs site-builder from "
                                                            "(default: this installation, pinned)")

    new = commands.add_parser("new", help="start a new draft article in content/",
                              description="Write content/<slug>.md with front matter (title, date now in the site "
                                          "time zone, slug, permanent id, draft: true) and print its path. A draft is "
                                          "left out of builds: delete its `draft: true` line to publish it.")
    new.add_argument("title", help="the article's title")
    _site_arg(new)

    check = commands.add_parser("check", help="check a built output/ before publishing it (feeds, links, ids)",
                                description="Check a built site: every feed parses and follows the rules (absolute public "
                                            "URLs, self links at the published location, unique ids, none on a placeholder "
                                            "domain such as example.org, size budget), internal links resolve, the whole "
                                            "site fits [build] site_budget_mb, and, given the previously published output, "
                                            "no id churn, no vanished items, no mass 'updated' changes. Exit 1 on any problem.")
    _site_arg(check)
    check.add_argument("--output", "-o", type=Path, metavar="DIR", help="the built site to check (default: SITE/output)")
    check.add_argument("--base-url", metavar="URL", help="the address it is published at (default: base_url of site.toml)")
    check.add_argument("--against", type=Path, metavar="DIR",
                       help="the previously published output, to compare ids with and find vanished items, "
                            "tag pages and tag feeds")
    _format_arg(check)
    _verbosity(check)
    return top


def _poll_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--poll", action="store_true",
                        help="poll for changes (for file systems without inotify: WSL, Docker mounts)")


def _site_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", "-s", type=Path, default=Path("."), metavar="DIR", help="the site folder (default: .)")


def _format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "github"), default=None,
                   help="how problems are printed: text, or github (text plus a GitHub Actions annotation on each "
                        "file and line); default: github when GITHUB_ACTIONS=true, else text")


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
        _print_problems(exc.problems, site=getattr(args, "site", None), fmt=getattr(args, "format", None))
        errors = sum(not p.is_warning for p in exc.problems)
        warned = len(exc.problems) - errors
        print(f"{errors} problem(s){f', {warned} warning(s)' if warned else ''}; nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _print_problems(problems: Sequence[Problem], site: Path | None = None, fmt: str | None = None) -> None:
    """Each problem (errors and warnings in one order) as ``path:line:column: error: message``, its source line,
    a caret and a hint; with the github format, also a GitHub Actions annotation."""
    from site_builder.base.diagnostics import format_problem, github_annotation

    color = _color(sys.stderr)
    github = (fmt or _default_format()) == "github"
    for problem in sorted(problems):
        print(format_problem(problem, site, color=color), file=sys.stderr, flush=True)
        if github:
            print(github_annotation(problem), flush=True)  # on stdout: the runner reads workflow commands there


def _default_format() -> str:
    """github inside GitHub Actions, text elsewhere."""
    import os

    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _waiting(message: str) -> None:
    """Say that this command waits for another one working on the same site."""
    print(f"{message}...", file=sys.stderr, flush=True)


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
                                run_import=not args.no_import, progress=_progress(args.quiet), on_wait=_waiting))
    _print_problems(report.problems + report.warnings, site=args.site, fmt=args.format)
    if args.verbose:
        for line in report.explain:
            print(line)
    if not args.quiet:
        w = report.write
        seconds = time.perf_counter() - started
        print(f"built {counted(report.articles, 'article')}, {counted(report.tags, 'tag')}: "
              f"{counted(report.pages, 'page')}, {counted(report.feeds, 'feed')}; "
              f"{counted(w.written, 'file')} written, {w.unchanged} unchanged, {w.removed} removed "
              f"({report.skipped} drafts/future left out) in {seconds:.2f}s → {args.output or args.site / 'output'}")
    if report.problems or report.warnings:
        print(left_out(report.problems, report.warnings) + (" (--strict: exit 1)" if args.strict and report.problems else ""),
              file=sys.stderr)
    return EXIT_ERRORS if args.strict and report.problems else EXIT_OK


def counted(number: int, noun: str) -> str:
    """'1 article', '2 articles'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def left_out(problems: Sequence[Problem], warnings: Sequence[Problem]) -> str:
    """'published without 2 file(s) with errors; 1 warning(s)': the line after a build's problems."""
    files = len({p.path for p in problems})
    parts = [f"published without {files} file(s) with errors" if files else "published with no errors",
             f"{len(warnings)} warning(s)"]
    return "; ".join(parts)


def cmd_import(args: argparse.Namespace) -> int:
    from site_builder.config import options as config_mod
    from site_builder.importing.seeds import import_seeds

    config = config_mod.load(args.site)
    if args.explain:
        return _explain(args, config)
    report = import_seeds(args.site, config, force=args.force, only=args.seeds or None, on_wait=_waiting)
    _print_problems(report.problems + report.warnings, site=args.site, fmt=args.format)
    if not args.quiet:
        for seed in report.versions:
            print(f"{seed}: a later version of a story already imported; its page was updated in place")
        for seed in report.withdrawn:
            print(f"{seed}: kill notice; the story's page is withdrawn from lists and feeds")
        print(f"imported {len(report.written)} written, {len(report.unchanged)} unchanged, "
              f"{len(report.kept_edited)} kept (edited by hand), {len(report.problems)} failed, "
              f"{len(report.warnings)} warning(s)")
    return EXIT_ERRORS if report.problems else EXIT_OK


def _explain(args: argparse.Namespace, config) -> int:
    """Print why each seed gets its section and tags (``import --explain``); writes nothing."""
    from site_builder.importing.seeds import explain_seeds

    explained, problems = explain_seeds(args.site, config, only=args.seeds or None)
    for display, lines in explained:
        print(display)
        print("\n".join(f"  {line}" for line in lines))
    if problems:
        _print_problems(problems, site=args.site, fmt=args.format)
        return EXIT_ERRORS if any(not p.is_warning for p in problems) else EXIT_OK
    return EXIT_OK


def _result_printer(quiet: bool, site: Path | None = None):
    """A watch callback printing each build's outcome, problems and warnings as ``build`` prints them."""
    from site_builder.dev.watch import summary

    def show(result) -> None:
        _print_problems(result.problems + result.warnings, site=site)
        if not result.ok:
            print(f"error: {len(result.problems)} problem(s); the last good site is kept, waiting for a fix",
                  file=sys.stderr, flush=True)
            return
        if not quiet:
            print(summary(result), flush=True)
        if result.problems or result.warnings:
            print(left_out(result.problems, result.warnings), file=sys.stderr, flush=True)
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
    from site_builder.dev.watch import Watcher

    watcher = Watcher(args.site, _result_printer(args.quiet, args.site), poll=args.poll, on_preview=_preview_printer(args.quiet),
                      on_wait=_waiting)
    started = "" if args.quiet else f"watching {args.site} for changes (Ctrl-C to stop)"
    return _run_until_interrupted(watcher.start, lambda: started, watcher.run_forever, watcher.stop)


def cmd_serve(args: argparse.Namespace) -> int:
    from site_builder.dev.serve import DevServer

    try:
        server = DevServer(args.site, host=args.host, port=args.port, poll=args.poll, on_result=_result_printer(args.quiet, args.site),
                           on_preview=_preview_printer(args.quiet), on_wait=_waiting)
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    return _run_until_interrupted(
        server.start, lambda: f"serving {server.url} (dev build in {server.dev_dir}, never output/; Ctrl-C to stop)",
        server.serve_forever, server.stop)


def _run_until_interrupted(start, started: Callable[[], str], run, stop) -> int:
    """Start a long-running loop, say so, run it until Ctrl-C, and always stop it."""
    try:
        start()
        if started():
            print(started(), flush=True)
        run()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        stop()
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from site_builder.scaffold.create import init_site
    from site_builder.scaffold.requirement import Requirement, pinned_requirement

    base_url = args.base_url
    if base_url is None and sys.stdin.isatty():
        try:
            base_url = input("Published address of the site, e.g. https://user.github.io/repo/ "
                             "(ids are minted on its domain; empty to set base_url in site.toml later): ").strip()
        except EOFError:
            base_url = ""
    requirement = Requirement(args.requirement) if args.requirement else pinned_requirement()
    written = init_site(args.directory, args.title, base_url or "", requirement)
    for path in written:
        print(f"created {path}")
    if requirement.note:
        print(f"warning: requirements.txt: {requirement.note}; put a requirement GitHub Actions can install there "
              "(see its comments)", file=sys.stderr)
    if not base_url:
        print("note: no base URL: imported articles get domain-free urn:uuid: ids until you set base_url in site.toml")
    print(f"new site in {args.directory}: put raw articles in seeds/ or Markdown in content/, "
          f"then run: site-builder build --site {args.directory}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt

    from site_builder.config import options as config_mod
    from site_builder.scaffold.create import new_article

    config = config_mod.load(args.site)
    print(new_article(args.site, config, args.title, dt.datetime.now(dt.timezone.utc)))
    print("a draft: builds leave it out until you delete its `draft: true` line", file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from site_builder.build import load_config
    from site_builder.check.site import check
    from site_builder.config.layout import SitePaths

    config = load_config(args.site, args.base_url)
    output = SitePaths.of(args.site, args.output).output
    if not output.is_dir() or (args.against is not None and not args.against.is_dir()):
        print(f"error: no such folder: {output if not output.is_dir() else args.against}", file=sys.stderr)
        return EXIT_USAGE
    report = check(output, config.base_url, config.feeds.size_budget_kb, args.against, config.build.site_budget_mb)
    _print_problems(report.problems, fmt=args.format)
    if not args.quiet:
        for note in report.notes:
            print(f"note: {note}")
        verdict = f"{len(report.problems)} problem(s)" if report.problems else "ok"
        print(f"checked {report.feeds} feeds and {report.pages} pages in {output}: {verdict}")
    return EXIT_ERRORS if report.problems else EXIT_OK


COMMANDS = {"build": cmd_build, "import": cmd_import, "watch": cmd_watch, "serve": cmd_serve, "init": cmd_init, "new": cmd_new, "check": cmd_check}
