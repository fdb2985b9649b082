"""``serve``: build, watch and serve the site locally with live reload.

Dev builds use the local address (``http://127.0.0.1:PORT/<sub-path>/``) and
go to their own folder, ``SITE/.site-builder/serve/``, never ``output/``: a
``localhost`` URL can never reach a deploy. The site is served at the base
URL's path, exactly as on GitHub Pages (``/`` redirects to ``/repo/`` for a
project site). Only files inside the dev folder are served: ``..`` (plain or
percent-encoded), NUL bytes, backslashes and symbolic links leading out are
refused. Missing pages get the site's own ``404.html``.
"""
from __future__ import annotations

import mimetypes
import socket
import threading
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

from site_builder.dev import livereload
from site_builder.model import urls
from site_builder.config.options import Config
from site_builder.dev.livereload import LiveState
from site_builder.dev.watch import Preview, Watcher, WatchResult, block_until

DEV_FOLDER = Path(".site-builder") / "serve"
HEARTBEAT_SECONDS = 15.0
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".xsl": "application/xslt+xml",
    ".opml": "text/x-opml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
}
FEED_TYPES = {name: urls.FEED_TYPES[kind] for kind, name in urls.FEED_FILES.items()}


def content_type(path: Path) -> str:
    """The Content-Type of a served file: feeds get their own types, then by extension."""
    if path.name in FEED_TYPES:
        return FEED_TYPES[path.name] + ("" if path.suffix == ".json" else "; charset=utf-8")
    known = TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def url_host(host: str) -> str:
    """The host as written in a URL: a wildcard bind is reached through loopback."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def dev_base_url(config: Config, host: str, port: int) -> str:
    """The local base URL of a dev build: the local address, with the site's sub-path."""
    return f"http://{url_host(host)}:{port}{urls.Urls(config.base_url).base_path}"


def request_path(target: str) -> str | None:
    """The decoded path of a request target, or None when it is malformed or unsafe."""
    if target.startswith(("http://", "https://")):
        target = urlsplit(target).path or "/"
    raw = target.split("#", 1)[0].split("?", 1)[0]
    if not raw.startswith("/"):
        return None
    path = unquote(raw, errors="strict") if "%" in raw else raw
    if "\x00" in path or "\\" in path:
        return None
    segments = path.split("/")[1:]
    if any(s in (".", "..") for s in segments) or any(s == "" for s in segments[:-1]):
        return None
    return path


def quoted(path: str) -> str:
    return quote(path, safe="/")


class _Handler(BaseHTTPRequestHandler):
    """Serves the dev folder under the base path, the live-reload script and its event stream."""

    server_version = "site-builder"
    timeout = 60  # a client that sends nothing for a minute is dropped

    def __init__(self, *args, root: Path, state: LiveState, **kwargs) -> None:
        self.root = root
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the CLI reports builds, not requests."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        try:
            path = request_path(self.path)
        except UnicodeDecodeError:
            path = None
        if path is None:
            return self._send(HTTPStatus.BAD_REQUEST, b"bad request path\n", "text/plain; charset=utf-8", head)
        if path == livereload.EVENTS_PATH and not head:
            return self._events()
        if path == livereload.SCRIPT_PATH:
            return self._send(HTTPStatus.OK, livereload.SCRIPT.encode("utf-8"), TYPES[".js"], head)
        snapshot = self.state.snapshot
        base = snapshot.base_path
        if path in ("/", base.rstrip("/")) and path != base:
            return self._redirect(base)
        if not path.startswith(base):
            return self._not_found(head)
        if not snapshot.build:
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, livereload.problems_page(snapshot), TYPES[".html"], head)
        self._file(path, path[len(base):], head)

    def _file(self, path: str, rel: str, head: bool) -> None:
        root = self.root.resolve()
        target = root.joinpath(*[s for s in rel.split("/") if s]).resolve()
        if not target.is_relative_to(root):
            return self._not_found(head)  # a symbolic link leading outside
        if target.is_dir():
            if rel and not rel.endswith("/"):
                return self._redirect(quoted(path) + "/")
            target = target / "index.html"
        if not target.is_file() or not target.resolve().is_relative_to(root):
            return self._not_found(head)
        self._send(HTTPStatus.OK, self._read(target), content_type(target), head)

    def _read(self, target: Path) -> bytes:
        data = target.read_bytes()
        return livereload.inject(data, self.state.snapshot.build) if target.suffix == ".html" else data

    def _not_found(self, head: bool) -> None:
        page = self.root / urls.not_found()
        if page.is_file() and page.resolve().is_relative_to(self.root.resolve()):
            return self._send(HTTPStatus.NOT_FOUND, self._read(page), TYPES[".html"], head)
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """Stream build outcomes as server-sent events until the client or the server goes."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while True:
                snapshot = self.state.wait_change(seen, HEARTBEAT_SECONDS)
                if snapshot is None:
                    return
                self.wfile.write(snapshot.event() if snapshot.version != seen else b": ping\n\n")
                self.wfile.flush()
                seen = snapshot.version
        except OSError:  # the browser went away (or timed out)
            return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - socketserver's signature
        """A request that fails (e.g. a client that hangs up) is dropped quietly."""


class _Server6(_Server):
    address_family = socket.AF_INET6


class DevServer:
    """Build, watch and serve a site; ``start()`` then ``stop()`` (or ``serve_forever()``)."""

    def __init__(self, site_dir: Path, *, host: str = "127.0.0.1", port: int = 8000, poll: bool = False,
                 on_result: Callable[[WatchResult], None] | None = None, dev_dir: Path | None = None,
                 quiet: float = 0.15, on_preview: Callable[[Preview], None] | None = None,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.dev_dir = (dev_dir or self.site_dir / DEV_FOLDER).resolve()
        self.host = host
        self._state = LiveState()
        self._listener = on_result
        self._preview_listener = on_preview
        self._httpd = (_Server6 if ":" in host else _Server)((host, port), partial(_Handler, root=self.dev_dir, state=self._state))
        self.port = int(self._httpd.server_address[1])
        self._watcher = Watcher(self.site_dir, self._on_result, output_dir=self.dev_dir, poll=poll, quiet=quiet,
                                base_url_for=lambda config: dev_base_url(config, host, self.port),
                                on_preview=self._on_preview, on_wait=on_wait)
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        """The address of the site's home page, e.g. ``http://127.0.0.1:8000/repo/``."""
        return f"http://{url_host(self.host)}:{self.port}{self._state.snapshot.base_path}"

    @property
    def watcher(self) -> Watcher:
        return self._watcher

    def start(self) -> WatchResult:
        """Run the first build, then watch and serve in background threads."""
        first = self._watcher.start()
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="site-builder-serve", daemon=True)
        self._thread.start()
        return first

    def serve_forever(self) -> None:
        """Start and block until :meth:`stop` or Ctrl-C (which stops cleanly, then re-raises)."""
        if self._thread is None:
            self.start()
        block_until(self._stopped, self.stop)

    def stop(self) -> None:
        """Stop serving and watching; open live-reload streams are closed."""
        self._stopped.set()
        self._state.close()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()
        self._watcher.stop()

    def __enter__(self) -> "DevServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _on_preview(self, preview: Preview) -> None:
        self._state.publish_preview()
        if self._preview_listener is not None:
            self._preview_listener(preview)

    def _on_result(self, result: WatchResult) -> None:
        self._state.publish(result)
        if self._listener is not None:
            self._listener(result)
