"""The house shows its pipeline: packages per stage, imports only downwards, no cycles.

The ranks below are the architecture (docs/architecture.md): a module may import
modules of its own package and of packages of a lower rank, never of a higher
or equal-but-different one, and no two modules may import each other, directly
or through others. Every import counts, also one inside a function.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "site_builder"

#: Lowest first. Foundations (base, config, model) are the shared vocabulary; the stages
#: follow in the order data flows; the front doors (build, dev, check, scaffold, cli) last.
RANKS: tuple[frozenset[str], ...] = tuple(frozenset(r) for r in (
    {"__init__"},  # the version
    {"base"},
    {"config"},
    {"model"},
    {"reading"},
    {"importing"},
    {"pages", "feeds", "crawl"},
    {"writing"},
    {"memo"},
    {"build"},
    {"dev"},
    {"check", "scaffold"},
    {"cli"},
    {"__main__"},
))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The site_builder modules ``path`` imports (``from pkg import mod`` counts as the module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("site_builder")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("site_builder"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(path, set(mods)) - {name} for name, path in mods.items()}


def stage_of(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def rank_of(stage: str) -> int:
    for rank, stages in enumerate(RANKS):
        if stage in stages:
            return rank
    raise AssertionError(f"site_builder/{stage} has no rank: add it to RANKS and docs/architecture.md")


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, targets in sorted(edges.items()):
        mine = stage_of(module)
        for target in sorted(targets):
            theirs = stage_of(target)
            if theirs != mine and rank_of(theirs) >= rank_of(mine):
                bad.append(f"{module} imports {target} ({mine} may not use {theirs})")
    return bad


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_stage_has_a_rank():
    for module in modules():
        rank_of(stage_of(module))


def test_no_import_goes_upwards():
    assert upward_imports(graph()) == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_every_package_says_what_it_takes_and_gives():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text())) or ""
        assert "Takes:" in doc and "Gives:" in doc, f"{init.relative_to(PACKAGE.parent)} must say what it takes and gives"


def test_no_flat_modules_beyond_the_front_doors():
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    assert flat <= {"__init__", "__main__", "build", "cli"}, flat


# The checks themselves must be able to fail.
def test_checks_catch_a_cycle_and_an_upward_import():
    edges = {"site_builder.model.article.a": {"site_builder.pages.render.b"}, "site_builder.pages.render.b": {"site_builder.model.article.a"}}
    assert cycles(edges) == [["site_builder.model.article.a", "site_builder.pages.render.b"]]
    assert upward_imports(edges) == ["site_builder.model.article.a imports site_builder.pages.render.b (model may not use pages)"]
    with pytest.raises(AssertionError, match="no rank"):
        rank_of("newstage")


def test_code_fingerprint_covers_every_subpackage_and_the_theme():
    from site_builder.memo.fingerprint import package_files

    files = {rel for rel, _ in package_files()}
    for expected in ("base/text.py", "memo/fingerprint.py", "importing/tagging/entities.py",
                     "importing/tagging/data/countries.txt", "theme/templates/base.html", "theme/static/style.css"):
        assert expected in files, expected
    assert not any("__pycache__" in rel or rel.endswith(".pyc") for rel in files)


def test_the_default_templates_live_at_the_top_level():
    top = PACKAGE.parent / "templates"
    assert (top / "base.html").is_file() and (top / "article.html").is_file()
    assert (PACKAGE / "theme" / "templates").resolve() == top.resolve()
