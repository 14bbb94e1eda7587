"""The shape the layers below the window keep (issue 14): small modules, no import circles,
and dependencies that point one way, so each behaviour has one obvious home.

The window's own rules (its rooms, its kit, no Qt below it) are in test_ui_structure.py. These
read the source only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cohort_desk"
MAX_LINES = 400
# A migration records how the schema was at one moment and is never edited afterwards, so it
# is not split either: splitting it would change what an old database is upgraded through.
HISTORY = PACKAGE / "db" / "migrations" / "versions"


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
# The composition root starts either face, so it alone stands above the window.
ROOTS = ("cohort_desk.app", "cohort_desk.gui", "cohort_desk.__main__")
BELOW_THE_WINDOW = {
    n: p for n, p in MODULES.items() if not n.startswith("cohort_desk.ui") and n not in ROOTS
}


def imports_of(name: str) -> set[str]:
    """Every cohort_desk module ``name`` imports: at the top, inside functions and under
    TYPE_CHECKING alike, since each of them is one module knowing another."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from package import module" imports the module; "from module import name" the
            # module itself.
            targets = [f"{base}.{alias.name}" for alias in node.names]
            targets = [t if t in MODULES else base for t in targets]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in ``graph`` as the path that closes it, or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (circle := visit(target)):
                return circle
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (circle := visit(node)):
            return circle
    return None


def test_the_circle_finder_finds_circles() -> None:
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_circle_anywhere() -> None:
    # The window, the command line, the roots and the layers below alike.
    graph = {name: imports_of(name) for name in MODULES}
    assert find_circle(graph) is None


@pytest.mark.parametrize("name", sorted(BELOW_THE_WINDOW))
def test_nothing_below_the_window_imports_it(name: str) -> None:
    # The window and the command line are faces over the same services, never the reverse.
    assert not {t for t in imports_of(name) if t.startswith("cohort_desk.ui")}


def test_the_services_do_not_import_the_command_line() -> None:
    for name in BELOW_THE_WINDOW:
        if not name.startswith(("cohort_desk.cli", "cohort_desk.app")):
            assert not {t for t in imports_of(name) if t.startswith("cohort_desk.cli")}, name


def test_the_pure_rules_import_no_storage_and_no_files() -> None:
    for name, path in BELOW_THE_WINDOW.items():
        if name.startswith("cohort_desk.rules"):
            text = path.read_text(encoding="utf-8")
            assert "sqlalchemy" not in text and "cohort_desk.db" not in text, name
            assert not {t for t in imports_of(name) if t.startswith("cohort_desk.services")}


@pytest.mark.parametrize(
    "path",
    [p for p in BELOW_THE_WINDOW.values() if HISTORY not in p.parents],
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_no_module_is_too_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by purpose"


def test_comments_point_only_at_files_the_repository_holds() -> None:
    # A note naming a document kept outside the repository sends a newcomer nowhere.
    repository = PACKAGE.parent
    sources = [*PACKAGE.rglob("*.py"), *(repository / "tests").rglob("*.py")]
    for path in sources:
        for named in re.findall(r"[\w./-]+\.md\b", path.read_text(encoding="utf-8")):
            found = (repository / named).is_file() or any(repository.rglob(Path(named).name))
            assert found, f"{path.relative_to(repository)} points at {named}"
