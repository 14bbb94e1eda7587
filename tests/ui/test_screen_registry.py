"""The side bar is drawn from a list of screens that imports none of them (the window appears
sooner); it must name every room's screen, with its own title and order."""

from __future__ import annotations

import subprocess
import sys

from cohort_desk.ui.shell.screens import SCREENS, discover_screens


def test_the_list_names_every_screen_with_its_title_and_order():
    found = discover_screens()
    assert [(e.title, e.order) for e in SCREENS] == [(s.title, s.order) for s in found]
    assert [e.load() for e in SCREENS] == found


def test_the_window_module_imports_no_screen_before_it_is_built():
    script = (
        "import sys\n"
        "import cohort_desk.ui.shell.main_window\n"
        "screens = [m for m in sys.modules if m.endswith('.screen') and 'shell' not in m]\n"
        "print(sorted(screens))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
