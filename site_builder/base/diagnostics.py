"""Problems as people read them: location, the offending line, a caret, a hint.

``path:line:column: message`` first (the form editors and CI parse), then
the line of the file with a caret under the column, then the hint. Colour
only when the caller says the terminal wants it.
"""
from __future__ import annotations

from pathlib import Path

from site_builder.base.errors import Problem

_RED, _YELLOW, _DIM, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[2m", "\033[1m", "\033[0m"
MAX_LINE = 160


def format_problem(problem: Problem, site_dir: Path | None = None, *, color: bool = False, warning: bool | None = None) -> str:
    """The full text shown for one problem (an error or a warning, by its severity unless ``warning`` says)."""
    warning = problem.is_warning if warning is None else warning
    label = "warning" if warning else "error"
    head = f"{problem.path}"
    if problem.line:
        head += f":{problem.line}" + (f":{problem.column}" if problem.column else "")
    if color:
        tint = _YELLOW if warning else _RED
        lines = [f"{_BOLD}{head}:{_RESET} {tint}{label}:{_RESET} {problem.message}"]
    else:
        lines = [f"{head}: {label}: {problem.message}"]
    excerpt = source_excerpt(problem, site_dir)
    if excerpt:
        bar = "│" if color else "|"
        lines.append(f"  {bar} {excerpt[0]}")
        if excerpt[1]:
            lines.append(f"  {bar} {excerpt[1]}")
    if problem.hint:
        lines.append(f"  {_DIM}hint:{_RESET} {problem.hint}" if color else f"  hint: {problem.hint}")
    return "\n".join(lines)


def github_annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command: an annotation on its file and line in the run's summary."""
    props = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        props.append(f"line={problem.line}")
        if problem.column:
            props.append(f"col={problem.column}")
    props.append("title=site-builder")
    text = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    return f"::{'warning' if problem.is_warning else 'error'} {','.join(props)}::{_escape_data(text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def source_excerpt(problem: Problem, site_dir: Path | None) -> tuple[str, str] | None:
    """The problem's line of its file and a caret line under its column (None when unreadable)."""
    if not problem.line or site_dir is None:
        return None
    path = Path(problem.path)
    if not path.is_absolute():
        path = site_dir / path
    try:
        if not path.is_file() or path.stat().st_size > 50 * 1024 * 1024:
            return None
        with path.open("rb") as f:
            for number, raw in enumerate(f, 1):
                if number == problem.line:
                    text = raw.decode("utf-8", "replace").rstrip("\r\n").replace("\t", " ")
                    break
            else:
                return None
    except OSError:
        return None
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in text)[:MAX_LINE]
    column = min(max(problem.column, 1), len(text) + 1) if problem.column else 0
    caret = " " * (column - 1) + "^" if column else ""
    return text, caret
