"""The dev server over real HTTP: sub-path, safety, content types, live-reload events."""
from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import time
from pathlib import Path

import pytest

from site_builder.dev import livereload
from site_builder.dev.livereload import LiveState, Snapshot, inject, problems_page
from site_builder.dev.serve import DevServer, content_type, request_path
from site_builder.dev.watch import WatchResult
from tests.conftest import SHARED, article
from tests.test_watch import TIMEOUT, make_site, tree


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def server(site: Path):
    with DevServer(site, port=0) as dev:
        yield dev


def get(server: DevServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def raw(server: DevServer, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


class Events:
    """A live-reload event stream, read one event at a time."""

    def __init__(self, server: DevServer) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        self.conn.request("GET", livereload.EVENTS_PATH)
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next(self) -> dict:
        lines = []
        while True:
            line = self.response.fp.readline().decode("utf-8").rstrip("\n")
            if line == "" and lines:
                break
            if line and not line.startswith(":"):
                lines.append(line)
        data = [line[len("data: "):] for line in lines if line.startswith("data: ")]
        return json.loads(data[0])

    def close(self) -> None:
        self.conn.close()


# --- pure parts ---------------------------------------------------------------------------------------

def test_inject_before_the_last_body_end() -> None:
    page = b"<html><body><p>x</p></BODY >\n</html>"
    out = inject(page, "b-1")
    assert out.index(b'<script src="/__livereload.js" data-build="b-1"></script>') < out.index(b"</BODY >")
    assert inject(b"<p>no body", "b") .startswith(b"<p>no body<script")


def test_problems_page_escapes_messages() -> None:
    page = problems_page(Snapshot(1, False, "", ("content/a.md:3: bad <script>alert(1)</script> & co",), "/"))
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page and b"<script>alert" not in page


def test_event_names_the_last_good_build() -> None:
    state = LiveState()
    good = state.publish(WatchResult(1, True, base_url="http://127.0.0.1:1/repo/"))
    assert good.base_path == "/repo/" and good.ok and good.build
    from site_builder.base.errors import Problem

    bad = state.publish(WatchResult(2, False, (Problem("content/a.md", 3, "oops"),)))
    assert bad.build == good.build and not bad.ok and bad.base_path == "/repo/"
    assert json.loads(bad.event().decode().split("data: ")[1]) == {"ok": False, "build": good.build,
                                                                  "problems": ["content/a.md:3: error: oops"],
                                                                  "warnings": []}
    from site_builder.base.errors import warning

    warned = state.publish(WatchResult(3, True, (), (warning("seeds/a.txt", 2, "not UTF-8", hint="save as UTF-8"),)))
    assert warned.ok and warned.build != good.build
    assert json.loads(warned.event().decode().split("data: ")[1])["warnings"] == [
        "seeds/a.txt:2: warning: not UTF-8\n  hint: save as UTF-8"]


def test_a_preview_reloads_the_browsers_and_keeps_the_problems_state() -> None:
    state = LiveState()
    good = state.publish(WatchResult(1, True, base_url="http://127.0.0.1:1/repo/"))
    previewed = state.publish_preview()
    assert previewed.version == good.version + 1 and previewed.build != good.build and previewed.ok
    assert state.publish_preview().build not in (good.build, previewed.build)
    after = state.publish(WatchResult(2, True))
    assert after.build not in (good.build, previewed.build)
    from site_builder.base.errors import Problem

    broken = state.publish(WatchResult(3, False, (Problem("content/a.md", 3, "oops"),)))
    assert state.publish_preview() == broken  # the problems stay on screen until a good build


@pytest.mark.parametrize("target", ["/repo/../site.toml", "/repo/%2e%2e/site.toml", "/repo/%2E%2E%2Fsite.toml",
                                    "/repo/a%00b", "/repo/a%5C..%5Csite.toml", "//evil.example/", "/repo//x",
                                    "repo/", "/repo/%ff"])
def test_unsafe_request_paths_are_refused(target: str) -> None:
    try:
        assert request_path(target) is None
    except UnicodeDecodeError:
        pass  # the handler answers 400 to undecodable paths too


def test_content_types() -> None:
    assert content_type(Path("feed.xml")) == "application/rss+xml; charset=utf-8"
    assert content_type(Path("tags/x/atom.xml")) == "application/atom+xml; charset=utf-8"
    assert content_type(Path("feed.json")) == "application/feed+json"
    assert content_type(Path("sitemap.xml")) == "application/xml"
    assert content_type(Path("a/index.html")) == "text/html; charset=utf-8"
    assert content_type(Path("assets/style.css")).startswith("text/css")


# --- over HTTP ------------------------------------------------------------------------------------------

def test_served_under_the_base_path(server: DevServer, site: Path) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/repo/"
    for path in ("/", "/repo"):
        status, headers, _ = get(server, path)
        assert status == 302 and headers["location"] == "/repo/"
    status, headers, body = get(server, "/repo/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert body.count(b'src="/__livereload.js"') == 1
    assert headers["cache-control"] == "no-store"
    status, headers, _ = get(server, "/repo/articles/story-1")
    assert status == 302 and headers["location"] == "/repo/articles/story-1/"
    status, _, body = get(server, "/repo/articles/story-1/")
    assert status == 200 and b"Story number 1" in body
    assert b'href="/repo/' in body, "links carry the sub-path"


def test_dev_build_never_touches_output(server: DevServer, site: Path) -> None:
    assert not (site / "output").exists()
    feed = (server.dev_dir / "feed.xml").read_bytes()
    assert f"http://127.0.0.1:{server.port}/repo/".encode() in feed
    assert server.dev_dir.is_relative_to(site / ".site-builder")
    assert b"__livereload" not in (server.dev_dir / "index.html").read_bytes(), "injected at response time only"


def test_feeds_and_404(server: DevServer) -> None:
    for path, ctype in (("/repo/feed.xml", "application/rss+xml"), ("/repo/atom.xml", "application/atom+xml"),
                        ("/repo/feed.json", "application/feed+json")):
        status, headers, _ = get(server, path)
        assert status == 200 and headers["content-type"].startswith(ctype), path
    status, headers, body = get(server, "/repo/no/such/page/")
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert body.startswith((server.dev_dir / "404.html").read_bytes()[:200])
    status, _, _ = get(server, "/elsewhere/")
    assert status == 404
    status, headers, body = get(server, "/repo/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_traversal_and_symlinks_are_refused(server: DevServer, site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    for target in (b"/repo/../site.toml", b"/repo/%2e%2e/%2e%2e/site.toml", b"/repo/%2e%2e%2fsite.toml",
                   b"/repo/a%00b", b"/repo/..%5c..%5csite.toml", b"/repo/%c0%ae%c0%ae/site.toml"):
        reply = raw(server, b"GET " + target + b" HTTP/1.0\r\n\r\n")
        assert reply.split(b"\r\n", 1)[0].split()[1] in (b"400", b"404"), target
        assert b"top secret" not in reply and b"base_url" not in reply
    os.symlink(secret, server.dev_dir / "leak.txt")
    os.symlink(tmp_path, server.dev_dir / "leakdir")
    assert get(server, "/repo/leak.txt")[0] == 404
    assert get(server, "/repo/leakdir/secret.txt")[0] == 404


def test_survives_malformed_requests_and_slow_clients(server: DevServer) -> None:
    assert b"400" in raw(server, b"NONSENSE\r\n\r\n")  # answered as HTTP/0.9: no status line
    assert b"505" in raw(server, b"GET /repo/ HTTP/9.9\r\n\r\n")
    assert raw(server, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n").split(b" ", 2)[1] in (b"414", b"400")
    assert b"400" in raw(server, b"\x00\xff\xfe garbage\r\n\r\n")
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT)
    try:
        slow.sendall(b"GET /repo/ HT")  # and then nothing: other clients must still be served
        started = time.monotonic()
        assert get(server, "/repo/")[0] == 200
        assert time.monotonic() - started < 5
    finally:
        slow.close()
    assert get(server, "/repo/")[0] == 200


def test_live_reload_events_follow_builds(server: DevServer, site: Path) -> None:
    events = Events(server)
    try:
        first = events.next()
        assert first["ok"] and first["build"]
        status, _, body = get(server, "/repo/")
        assert f'data-build="{first["build"]}"'.encode() in body

        (site / "content" / "story-0.md").write_text('---\ntitle: "Unclosed\ndate: 2024-03-01\n---\nBody\n', "utf-8")
        broken = events.next()  # published without the bad file, which the overlay names
        assert broken["ok"] and broken["build"] != first["build"]
        assert broken["problems"][0].startswith("content/story-0.md:2:8: error: front matter: this quote is never closed")
        assert get(server, "/repo/")[0] == 200 and get(server, "/repo/articles/story-1/")[0] == 200

        (site / "content" / "story-0.md").write_text(article("Story zero again", "2024-03-01T10:00:00Z", slug="story-0"), "utf-8")
        fixed = events.next()
        while "+" in fixed["build"]:  # the saved article's own page first (a preview), then the whole build
            fixed = events.next()
        assert fixed["ok"] and fixed["build"] != broken["build"] and fixed["problems"] == fixed["warnings"] == []
        assert b"Story zero again" in get(server, "/repo/articles/story-0/")[2]
    finally:
        events.close()


def test_problems_page_until_the_first_good_build(site: Path) -> None:
    for other in (site / "content").glob("story-[1-9].md"):
        other.unlink()  # one bad file and nothing else to publish: no site yet
    (site / "content" / "story-0.md").write_text('---\ntitle: "<b>Unclosed\n---\n', "utf-8")
    with DevServer(site, port=0) as dev:
        assert get(dev, "/")[1]["location"] == "/repo/"
        status, headers, body = get(dev, "/repo/")
        assert status == 503 and b"content/story-0.md:" in body and b'src="/__livereload.js"' in body
        assert b"<b>Unclosed" not in body


def test_new_seed_ids_use_the_real_address_not_the_local_one(server: DevServer, site: Path) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    if not seeds:
        pytest.skip(f"no seed files in {SHARED / 'seeds'}")
    events = Events(server)
    try:
        events.next()
        (site / "seeds").mkdir()
        shutil.copy(seeds[0], site / "seeds" / seeds[0].name)
        assert events.next()["ok"]
    finally:
        events.close()
    pages = [p.read_text("utf-8") for p in (site / "content").glob("*.md")]
    imported = [text for text in pages if "seed:" in text]
    assert imported and "127.0.0.1" not in imported[0] and "user.github.io" in imported[0]


def test_stop_closes_streams_and_the_port(site: Path) -> None:
    dev = DevServer(site, port=0)
    dev.start()
    events = Events(dev)
    events.next()
    started = time.monotonic()
    dev.stop()
    assert time.monotonic() - started < 5
    assert events.response.fp.readline() == b""  # the stream ended
    events.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", dev.port), timeout=2).close()


def test_dev_tree_matches_a_clean_dev_build(server: DevServer, site: Path, tmp_path: Path) -> None:
    from site_builder.build import BuildOptions, build

    events = Events(server)
    try:
        events.next()
        (site / "content" / "story-2.md").unlink()
        assert events.next()["ok"]
    finally:
        events.close()
    clean = tmp_path / "clean"
    build(BuildOptions(site, output_dir=clean, base_url=f"http://127.0.0.1:{server.port}/repo/"))
    assert tree(server.dev_dir) == tree(clean)


def test_warnings_and_left_out_files_stay_in_the_overlay_until_resolved(server: DevServer, site: Path) -> None:
    """Issue 16: serve shows what import says (a cp1252 seed), and a bad file left out, until they are fixed."""
    events = Events(server)
    try:
        first = events.next()
        assert first["ok"] and first["problems"] == first["warnings"] == []
        (site / "seeds").mkdir(exist_ok=True)
        (site / "seeds" / "cafe.txt").write_bytes("Caf\u00e9 owners protest\n\nPARIS, March 4 (Reuters) - Caf\u00e9s closed.\n"
                                                  .encode("cp1252"))
        warned = events.next()
        while "+" in warned["build"] or not warned["warnings"]:
            warned = events.next()
        assert warned["ok"] and warned["problems"] == []
        assert warned["warnings"] == ["seeds/cafe.txt:1: warning: not UTF-8; read as Windows-1252 (cp1252)\n"
                                      "  hint: save the seed as UTF-8"]
        script = get(server, "/__livereload.js")[2].decode()
        assert "state.warnings" in script and "Warnings (the site is published)" in script
        (site / "seeds" / "cafe.txt").write_text("Caf\u00e9 owners protest\n\nPARIS, March 4 (Reuters) - Caf\u00e9s closed.\n",
                                                 "utf-8")
        fixed = events.next()
        while "+" in fixed["build"] or fixed["warnings"]:
            fixed = events.next()
        assert fixed["ok"] and fixed["problems"] == [] and fixed["build"] != warned["build"]
        assert get(server, "/repo/articles/cafe-owners-protest/")[0] == 200
    finally:
        events.close()
