"""Per-user settings: declared once with a type and a default, kept under COHORT_DESK_HOME."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from cohort_desk.ui.kit import settings
from cohort_desk.ui.kit.settings import (
    LAST_FOLDER,
    REGISTRY,
    SESSIONS_COHORT,
    TABLE_STATE,
    THEME,
    Option,
    OptionFamily,
)

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_has_a_default_of_its_declared_type_until_set(isolated_home):
    python_types = {"str": str, "int": int, "bool": bool, "bytes": bytes, "json": dict}
    for declared in REGISTRY:
        option = declared["example"] if isinstance(declared, OptionFamily) else declared
        assert isinstance(option, Option)
        assert isinstance(option.get(), python_types[option.kind]), option.key
        assert option.get() == option.default


def test_values_come_back_as_the_type_they_were_declared(isolated_home):
    THEME.set("dark")
    SESSIONS_COHORT.set(7)
    TABLE_STATE["people"].set(b"\x00\x01header")
    LAST_FOLDER["registers"].set(str(isolated_home / "out"))
    settings.IMPORT_MAPPING["abc"].set({"Surname": "family_name"})
    assert THEME.get() == "dark"
    assert SESSIONS_COHORT.get() == 7
    assert TABLE_STATE["people"].get() == b"\x00\x01header"
    assert LAST_FOLDER["registers"].get() == str(isolated_home / "out")
    assert settings.IMPORT_MAPPING["abc"].get() == {"Surname": "family_name"}
    assert settings.settings_file() == isolated_home / "config" / "window.ini"
    assert "appearance" in settings.settings_file().read_text(encoding="utf-8")


def test_a_value_outside_its_choices_or_type_falls_back_to_the_default(isolated_home):
    THEME.set("purple")
    SESSIONS_COHORT.set("not a number")  # type: ignore[arg-type]
    assert THEME.get() == "light"
    assert SESSIONS_COHORT.get() == 0


def test_a_run_of_the_window_writes_only_under_cohort_desk_home(tmp_path):
    """Start the window, use a file dialog, close: the real home's ~/.config is untouched."""
    fake_home = tmp_path / "person"
    fake_home.mkdir()
    home = tmp_path / "cohort-home"
    script = textwrap.dedent(
        """
        from PySide6.QtWidgets import QFileDialog
        from cohort_desk.db.opening import open_database
        from cohort_desk.services.demo.data import load_demo
        from cohort_desk.ui.shell.application import make_application
        from cohort_desk.ui.shell.main_window import MainWindow

        app = make_application(["cohort-desk"])
        db = open_database(None)
        load_demo(db, people=20, seed=1)
        window = MainWindow(db)
        window.show()
        app.processEvents()
        dialog = QFileDialog(window, "Export", "")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.show()
        app.processEvents()
        dialog.close()
        del dialog
        window.close()
        db.dispose()
        """
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "COHORT_DESK_"))
    }
    environment.update(
        HOME=str(fake_home),
        COHORT_DESK_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    written = sorted(p.relative_to(fake_home).as_posix() for p in fake_home.rglob("*"))
    assert not [p for p in written if p.startswith(".config")], written
    assert (home / "config" / "window.ini").exists()
