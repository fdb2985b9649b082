from site_builder.base.diagnostics import format_problem
from site_builder.base.errors import Problem
from tests.conftest import write


def test_problem_shows_location_line_caret_and_hint(tmp_path):
    write(tmp_path / "content/a.md", "---\ntitle: x\ndate: 2021-13-45\n---\n")
    text = format_problem(Problem("content/a.md", 3, "bad date", column=7, hint="use ISO 8601"), tmp_path)
    assert text.splitlines() == [
        "content/a.md:3:7: error: bad date",
        "  | date: 2021-13-45",
        "  |       ^",
        "  hint: use ISO 8601",
    ]


def test_colour_only_when_asked_and_unreadable_files_are_fine(tmp_path):
    problem = Problem("missing.md", 2, "gone")
    assert "\033[" not in format_problem(problem, tmp_path)
    assert "\033[" in format_problem(problem, tmp_path, color=True)
    assert format_problem(problem, tmp_path) == "missing.md:2: error: gone"


def test_control_characters_in_the_source_line_are_not_echoed(tmp_path):
    (tmp_path / "a.md").write_bytes(b"x\x1b[2Jy\n")
    text = format_problem(Problem("a.md", 1, "m"), tmp_path)
    assert "\x1b" not in text
