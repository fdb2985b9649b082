"""Errors as values: every problem names a file, a line and what to do.

Modules below the CLI never print or exit. They return or raise
:class:`Problem` values collected in :class:`SiteError`; ``cli.py`` alone
turns them into ``path:line: message`` lines and an exit code.

A problem is an error (the file it names is left out, or, for a site-wide
problem, the build stops) or a warning (said, never fails anything):
its ``severity``.
"""
from __future__ import annotations

from dataclasses import dataclass


ERROR, WARNING = "error", "warning"


def warning(path: str, line: int, message: str, *, column: int = 0, hint: str = "") -> "Problem":
    """A problem that is said but never fails a build."""
    return Problem(path, line, message, column, hint, WARNING)


def errors_of(problems) -> tuple["Problem", ...]:
    """The errors among ``problems``."""
    return tuple(p for p in problems if not p.is_warning)


def warnings_of(problems) -> tuple["Problem", ...]:
    """The warnings among ``problems``."""
    return tuple(p for p in problems if p.is_warning)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file."""

    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str
    column: int = 0  # 1-based; 0 when unknown
    hint: str = ""  # how to fix it, shown on its own line
    severity: str = ERROR  # ERROR or WARNING

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class SiteError(Exception):
    """One or more problems that stop the current command."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # keep the problems when sent between processes
        return (SiteError, (self.problems,))
