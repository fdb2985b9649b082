"""Live reload for ``serve``: the state browsers follow and what they are sent.

The dev server injects one ``<script src="/__livereload.js">`` tag into each
HTML response (at response time; built files are never changed). The script
listens on the ``/__livereload`` server-sent-events stream: after a good
build it reloads the page, while the build is broken it shows the problems
(``path:line: message``) in an overlay over the last good page, and the next
good build removes the overlay by reloading. A build that left files out
(each named) keeps the open page too, under the list of those files; a build
with warnings only reloads and shows them, in yellow, until a build has none.
"""
from __future__ import annotations

import dataclasses
import html
import json
import re
import threading
import uuid
from dataclasses import dataclass

from site_builder.base.diagnostics import format_problem
from site_builder.model.urls import Urls
from site_builder.dev.watch import WatchResult

EVENTS_PATH = "/__livereload"
SCRIPT_PATH = "/__livereload.js"
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)

SCRIPT = """\
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = me ? me.getAttribute("data-build") : "";
  var box = null;
  function showProblems(heading, problems, mild) {
    if (!box) {
      box = document.createElement("div");
      box.id = "site-builder-errors";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.zIndex = "2147483647";
      s.maxHeight = "80vh"; s.overflow = "auto"; s.padding = "1em 1.5em"; s.margin = "0";
      s.background = mild ? "#fffbe6" : "#fff0f0"; s.color = mild ? "#4d3800" : "#5c0000";
      s.borderBottom = mild ? "3px solid #d9a400" : "3px solid #c00";
      s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      s.boxShadow = "0 4px 16px rgba(0,0,0,.25)";
      document.documentElement.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = heading;
    var list = document.createElement("pre");
    list.style.whiteSpace = "pre-wrap"; list.style.margin = ".75em 0 0";
    list.textContent = problems.join("\\n");
    box.appendChild(title);
    box.appendChild(list);
  }
  var source = new EventSource("__EVENTS__");
  source.addEventListener("build", function (event) {
    var state = JSON.parse(event.data);
    if (!state.ok) {
      showProblems("The build failed. This page is the last good build; fix the problem and save to reload.", state.problems, false);
      return;
    }
    if (state.problems.length) {  // files left out: keep this page (the one being edited is gone) under the list
      showProblems("Published without the files below; this page is from before. Fix them and save to reload.",
                   state.problems.concat(state.warnings || []), false);
      return;
    }
    if (state.build !== shown) { source.close(); window.location.reload(); return; }
    if ((state.warnings || []).length) {
      showProblems("Warnings (the site is published): fix them and save to clear this.", state.warnings, true);
      return;
    }
    if (box) { box.remove(); box = null; }
  });
})();
""".replace("__EVENTS__", EVENTS_PATH)


@dataclass(frozen=True)
class Snapshot:
    """What the browsers are told: the last good build's id and the current problems."""

    version: int  # changes with every build, good or bad
    ok: bool
    build: str  # id of the last good build ("" before the first)
    problems: tuple[str, ...]  # what stopped the build, or (ok) the files left out
    base_path: str
    warnings: tuple[str, ...] = ()  # shown over the page until a build has none

    def event(self) -> bytes:
        """This snapshot as one server-sent event."""
        data = json.dumps({"ok": self.ok, "build": self.build, "problems": list(self.problems),
                           "warnings": list(self.warnings)}, ensure_ascii=True)
        return f"event: build\ndata: {data}\n\n".encode("ascii")


class LiveState:
    """The latest build outcome, shared by the watcher thread and the request threads."""

    def __init__(self, base_path: str = "/") -> None:
        self._cond = threading.Condition()
        self._instance = uuid.uuid4().hex[:8]  # a restarted server makes open pages reload
        self._snapshot = Snapshot(0, False, "", ("waiting for the first build",), base_path)
        self._closed = False
        self._previews = 0

    @property
    def snapshot(self) -> Snapshot:
        with self._cond:
            return self._snapshot

    @property
    def closed(self) -> bool:
        return self._closed

    def publish(self, result: WatchResult) -> Snapshot:
        """Record a build's outcome and wake every listening browser."""
        with self._cond:
            old = self._snapshot
            base_path = Urls(result.base_url).base_path if result.base_url else old.base_path
            build = f"{self._instance}-{result.generation}" if result.ok else old.build
            problems = tuple(format_problem(p) for p in result.problems)
            warnings = tuple(format_problem(p) for p in result.warnings)
            self._snapshot = Snapshot(old.version + 1, result.ok, build, problems, base_path, warnings)
            self._cond.notify_all()
            return self._snapshot

    def publish_preview(self) -> Snapshot:
        """Pages were written ahead of a build (the edited article's own page): reload the browsers now.

        Not while the last build failed: its problems stay on screen until a build succeeds.
        """
        with self._cond:
            old = self._snapshot
            if not old.ok:
                return old
            self._previews += 1
            build = f"{old.build}+{self._previews}" if old.build else old.build
            self._snapshot = dataclasses.replace(old, version=old.version + 1, build=build)
            self._cond.notify_all()
            return self._snapshot

    def wait_change(self, seen: int, timeout: float) -> Snapshot | None:
        """The snapshot once its version differs from ``seen`` (or after ``timeout``); None once closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or self._snapshot.version != seen, timeout)
            return None if self._closed else self._snapshot

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


def script_tag(build: str) -> bytes:
    """The tag injected into served pages, naming the build the page comes from."""
    return f'<script src="{SCRIPT_PATH}" data-build="{html.escape(build)}"></script>'.encode("ascii", "xmlcharrefreplace")


def inject(page: bytes, build: str) -> bytes:
    """``page`` with the live-reload script before its last ``</body>`` (or at the end)."""
    tag = script_tag(build)
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + tag
    at = ends[-1].start()
    return page[:at] + tag + page[at:]


def problems_page(snapshot: Snapshot) -> bytes:
    """A page for when no good build exists yet: the problems, escaped, and the reload script."""
    items = "\n".join(html.escape(p) for p in snapshot.problems + snapshot.warnings)
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>\n"
            "<body><h1>The site could not be built</h1>\n<p>Fix the problems below and save; this page reloads by itself.</p>\n"
            f"<pre>{items}</pre>\n</body></html>\n")
    return inject(page.encode("utf-8"), snapshot.build)
