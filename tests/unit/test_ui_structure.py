"""The shape the window keeps (issue 14): no import circles, small modules, one kit, one
interface between the shell and the screens, every per-user setting in one registry.

These read the source only; nothing here starts Qt.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cohort_desk"
UI = PACKAGE / "ui"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every cohort_desk module this one imports, TYPE_CHECKING imports included: a circle
    hidden behind TYPE_CHECKING is still two rooms that know each other's insides."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circle_in_the_window() -> None:
    graph = {k: v for k, v in _graph().items() if k.startswith("cohort_desk.ui")}
    assert _cycle(graph) is None


def test_the_kit_stands_on_its_own() -> None:
    """The kit is used by every room and the shell, so it imports neither."""
    graph = _graph()
    for name, targets in graph.items():
        if name.startswith("cohort_desk.ui.kit"):
            outside = {t for t in targets if t.startswith("cohort_desk.ui") and ".ui.kit" not in t}
            assert not outside, f"{name} imports {outside}"


def test_rooms_take_from_the_shell_only_the_screen_interface() -> None:
    """The look (theme) and every other shared part live in the kit; a feature room knows the
    shell only through the hooks it declares (ui.shell.screen)."""
    for name, targets in _graph().items():
        if name.startswith("cohort_desk.ui.") and not name.startswith(
            ("cohort_desk.ui.shell", "cohort_desk.ui.kit")
        ):
            shell = {t for t in targets if t.startswith("cohort_desk.ui.shell")}
            assert shell <= {"cohort_desk.ui.shell.screen"}, f"{name} imports {shell}"


@pytest.mark.parametrize("path", sorted(UI.rglob("*.py")), ids=lambda p: p.name)
def test_no_window_module_is_too_long(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def _sources(folder: Path) -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.py"))]


def test_the_shell_calls_screens_through_their_declared_interface() -> None:
    for path, text in _sources(UI / "shell"):
        assert not re.search(r"\b(getattr|hasattr)\(", text), path.name


# What only the kit may build: a second way to show a table, a date, a question or a
# setting is how the window came to behave differently from one screen to the next.
KIT_ONLY = {
    r"\bQTable(View|Widget)\(": "tables",
    r"\bQ(Date|DateTime|Time)Edit\(": "date fields",
    r"\bQCalendarWidget\(": "date fields",
    r"\bQMessageBox\b": "questions and messages",
    r"\bQSettings\b": "per-user settings",
    r"\bQFileDialog\b": "file choosers",
    r"\bQInputDialog\b": "questions and messages",
}


@pytest.mark.parametrize("pattern", sorted(KIT_ONLY))
def test_only_the_kit_builds(pattern: str) -> None:
    outside = [
        path.relative_to(UI).as_posix()
        for path, text in _sources(UI)
        if "kit" not in path.relative_to(UI).parts and re.search(pattern, text)
    ]
    assert not outside, f"{KIT_ONLY[pattern]} built outside ui/kit: {outside}"


def test_nothing_below_the_window_imports_qt() -> None:
    for path, text in _sources(PACKAGE):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        assert "PySide6" not in text, path.relative_to(PACKAGE).as_posix()


# Issue 22's follow-up: a dialog run with a bare exec() stays alive, hidden, under its parent
# until the parent dies. Every dialog goes through kit.dialogs, which deletes it after use;
# only the application's own loop and a menu's (which deletes nothing) are run directly.
RUNS_DIALOGS = UI / "kit" / "dialogs.py"
RUN_DIRECTLY = re.compile(r"(^|\.)(app|[a-z_]*menu)$", re.IGNORECASE)


def bare_execs(source: str) -> list[str]:
    """Each call of exec() (or the old exec_()) in ``source`` on something other than the
    application or a menu, as its line number and text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("exec", "exec_")
            and not RUN_DIRECTLY.search(ast.unparse(node.func.value))
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_the_bare_exec_finder_finds_dialogs_only() -> None:
    source = (
        "dialog.exec()\nPersonDialog(db, self).exec()\nself.box.exec_()\n"
        "app.exec()\nQApplication.instance().app.exec()\nmenu.exec(point)\n"
        "self.context_menu.exec(QCursor.pos())\n"
    )
    assert bare_execs(source) == [
        "1: dialog.exec()",
        "2: PersonDialog(db, self).exec()",
        "3: self.box.exec_()",
    ]


def test_every_dialog_is_run_through_the_kit_so_it_is_deleted_after_use() -> None:
    outside = {
        path.relative_to(UI).as_posix(): found
        for path, text in _sources(UI)
        if path != RUNS_DIALOGS and (found := bare_execs(text))
    }
    assert not outside, f"run these with kit.dialogs.opened or kit.dialogs.run: {outside}"
