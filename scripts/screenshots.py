"""Save a screenshot of every screen in the side bar, with demo data, into docs/screenshots.

    python scripts/screenshots.py                # every screen, light theme, plus the extras
    python scripts/screenshots.py --only people,cohorts  # just those screens

Runs offscreen, in a throwaway folder with its own database and settings, so nothing of the
user's is touched. The extras are the dark theme and 150% scaling (each in a fresh process,
because Qt reads the scale factor only at start) and the main dialogs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots"
# The window maximised on a 1366 x 768 laptop, the smallest screen it must fit: the taskbar
# takes 40 points and the title bar 30. Shot on an offscreen screen of that size, so Qt sizes
# dialogs and tables as it does there.
LAPTOP_SCREEN = (1366, 768)
SIZE = (1366, 698)
SCALED_SCREEN = (1920, 1080)
SCALED_SIZE = (1280, 667)  # a 1920 x 1080 display at 150%, maximised likewise


def slug(title: str) -> str:
    return "-".join(title.lower().replace("&", "and").split())


def prepare(window: object, screen: object) -> None:
    """Put a screen in the state a reader of the README should see."""
    title = getattr(screen, "title", "")
    if title == "People":
        screen.table.selectRow(2)  # type: ignore[attr-defined]
        screen._show_detail()  # type: ignore[attr-defined]
    elif title == "Cohorts" and screen.model.rowCount() > 1:  # type: ignore[attr-defined]
        screen.table.selectRow(1)  # type: ignore[attr-defined]
    elif title == "Applications" and screen.model.rowCount() > 3:  # type: ignore[attr-defined]
        screen.table.selectRow(3)  # type: ignore[attr-defined]  # one with answers and scores
    elif title == "Reports":
        from PySide6.QtWidgets import QApplication

        while screen.job is not None:  # type: ignore[attr-defined]  # the figures, worked out
            QApplication.processEvents()


def shoot(out: Path, theme: str, prefix: str, only: list[str], size: tuple[int, int]) -> list[Path]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from cohort_desk.db.opening import open_database
    from cohort_desk.services.demo.data import load_demo
    from cohort_desk.ui.kit.theme import apply_theme
    from cohort_desk.ui.shell.application import make_application

    app = make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    home = Path(os.environ["COHORT_DESK_HOME"])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qs"))
    apply_theme(app, theme)
    db = open_database(str(home / "demo.db"))
    load_demo(db, people=120, seed=7)

    from cohort_desk.ui.shell.main_window import MainWindow

    window = MainWindow(db)
    window.resize(*size)
    window.show()
    saved: list[Path] = []
    for row, screen in enumerate(window.screens):
        if only and not any(word in screen.title.lower() for word in only):
            continue
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
        prepare(window, screen)
        for _ in range(3):  # let delayed work (detail panes, debounced loads) finish
            QApplication.processEvents()
        path = out / f"{prefix}{row + 1:02d}-{slug(screen.title)}.png"
        window.grab().save(str(path))
        saved.append(path)
    if not prefix and not only:
        saved += shoot_dialogs(db, window, out)
    if not prefix and (not only or only == ["mail-merge"]):
        saved += shoot_mail_merge(db, window, out)
    if not prefix and (not only or only == ["evaluation"]):
        saved += shoot_evaluation(window, out)
    window.close()
    db.dispose()
    return saved


def shoot_dialogs(db: object, window: object, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from cohort_desk.services.cohorts.page import cohort_page
    from cohort_desk.services.cohorts.records import list_cohorts
    from cohort_desk.services.people.lookup import filter_choices
    from cohort_desk.services.sessions.records import list_sessions
    from cohort_desk.ui.cohorts.cohort_dialog import CohortDialog
    from cohort_desk.ui.cohorts.enrol_dialog import PickPeopleDialog
    from cohort_desk.ui.cohorts.enrolment_status_dialog import EnrolmentStatusDialog
    from cohort_desk.ui.people.person_dialog import PersonDialog
    from cohort_desk.ui.sessions.session_dialog import SessionDialog
    from cohort_desk.ui.shell.preferences import PreferencesDialog

    person = PersonDialog(db, None, filter_choices(db), window)  # type: ignore[arg-type]
    person.edits["given_name"].setText("Joanna")
    person.edits["family_name"].setText("Adebayo")
    person.edits["email"].setText("joanna.adebayo@nhs")
    cohorts = list_cohorts(db)  # type: ignore[arg-type]
    session = SessionDialog(db, cohorts, None, cohorts[0].id, window)  # type: ignore[arg-type]
    session.title.setText("Action learning set 3")
    session.repeat.setChecked(True)
    dialogs = {
        "dialog-person": person,
        "dialog-session": session,
        "dialog-edit-session": SessionDialog(
            db,
            cohorts,
            list_sessions(db)[0],
            None,
            window,  # type: ignore[arg-type]
        ),
        "dialog-cohort": CohortDialog(db, cohorts[0], window),  # type: ignore[arg-type]
        "dialog-preferences": PreferencesDialog(db, window),  # type: ignore[arg-type]
        "dialog-enrol-people": PickPeopleDialog(db, cohorts[0], set(), window),  # type: ignore[arg-type]
        "dialog-enrolment-status": EnrolmentStatusDialog(
            db,  # type: ignore[arg-type]
            cohort_page(db, cohorts[0].id).participants[:1],  # type: ignore[arg-type]
            window,  # type: ignore[arg-type]
        ),
    }
    saved = []
    for name, dialog in dialogs.items():
        dialog.show()
        if name == "dialog-person":
            dialog.edits["email"].setText("joanna.adebayo@nhs.net")  # type: ignore[attr-defined]
            dialog.check_duplicates()  # type: ignore[attr-defined]
        if name == "dialog-enrol-people":
            picker = dialog.picker  # type: ignore[attr-defined]
            picker.search.setText("lewisham")
            picker.show_found()
            picker.choose(picker.model.rows()[1:3])  # two ticked, "2 chosen"
            picker.table.selectRow(1)
        QApplication.processEvents()
        if name != "dialog-enrol-people":
            dialog.adjustSize()
        QApplication.processEvents()
        path = out / f"{name}.png"
        dialog.grab().save(str(path))
        # Typed into: close() would ask "discard what you typed?" and wait for ever offscreen.
        getattr(dialog, "close_without_asking", dialog.close)()
        saved.append(path)
    return saved


def shoot_mail_merge(db: object, window: object, out: Path) -> list[Path]:
    """The Mail merge dialog over the Cohorts screen, as a 1366 x 768 laptop shows it (the
    smallest screen the window must fit), and the template editor on its own."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication

    from cohort_desk.services.cohorts.records import list_cohorts
    from cohort_desk.ui.communications.mail_merge_dialog import MailMergeDialog
    from cohort_desk.ui.communications.template_editor import TemplateEditor

    window.resize(*SIZE)  # type: ignore[attr-defined]
    cohort = next(c for c in list_cohorts(db) if c.name.startswith("CCPL"))  # type: ignore[arg-type]
    window.go_to("Cohorts", cohort.id)  # type: ignore[attr-defined]
    QApplication.processEvents()
    dialog = MailMergeDialog(
        db,
        cohort_id=cohort.id,
        template="joining-instructions",
        parent=window,  # type: ignore[arg-type]
    )
    dialog.show()
    dialog.table.selectRow(2)
    QApplication.processEvents()
    picture = window.grab()  # type: ignore[attr-defined]
    painter = QPainter(picture)
    corner = QPoint(
        (picture.width() - dialog.width()) // 2, (picture.height() - dialog.height()) // 2
    )
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
    painter.drawPixmap(corner, dialog.grab())
    painter.end()
    merge = out / "mail-merge.png"
    picture.save(str(merge))
    getattr(dialog, "close_without_asking", dialog.close)()
    editor = TemplateEditor(db, template="reminder", cohort_id=cohort.id, parent=window)  # type: ignore[arg-type]
    editor.show()
    QApplication.processEvents()
    templates = out / "dialog-templates.png"
    editor.grab().save(str(templates))
    getattr(editor, "close_without_asking", editor.close)()
    return [merge, templates]


def shoot_evaluation(window: object, out: Path) -> list[Path]:
    """The first cohort's page on its Evaluation tab: the demo's feedback, charted."""
    from PySide6.QtWidgets import QApplication

    titles = [screen.title for screen in window.screens]  # type: ignore[attr-defined]
    window.nav.setCurrentRow(titles.index("Cohorts"))  # type: ignore[attr-defined]
    QApplication.processEvents()
    screen = window.current_screen()  # type: ignore[attr-defined]
    screen.table.select_where(lambda row: row.name.startswith("SLA Cohort 1"))
    screen.page.tabs.setCurrentWidget(screen.page.evaluation)
    for _ in range(3):
        QApplication.processEvents()
    path = out / "evaluation.png"
    window.grab().save(str(path))  # type: ignore[attr-defined]
    return [path]


def offscreen_screen(folder: Path, size: tuple[int, int]) -> str:
    """Qt's offscreen platform with one screen of ``size`` (its own is 800 x 800)."""
    config = folder / "screen.json"
    screen = {"name": "shots", "x": 0, "y": 0, "width": size[0], "height": size[1]}
    config.write_text(
        json.dumps({"screens": [{**screen, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}),
        encoding="utf-8",
    )
    return f"offscreen:configfile={config}"


def stale(out: Path) -> None:
    """Screens are numbered in side-bar order: a new screen renumbers those after it, so the
    old numbered shots go before a full run."""
    for pattern in ("[0-9][0-9]-*.png", "dark-[0-9][0-9]-*.png", "scaled150-[0-9][0-9]-*.png"):
        for path in out.glob(pattern):
            path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--prefix", default="", help="put before each file name")
    parser.add_argument(
        "--only", default="", help="only screens whose title contains one of these (a,b,c)"
    )
    parser.add_argument("--no-extras", action="store_true", help="skip dark and 150%% shots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    scaled = os.environ.get("QT_SCALE_FACTOR") not in (None, "", "1")
    if not (args.prefix or args.only):
        stale(args.out)
    chosen_platform = os.environ.get("QT_QPA_PLATFORM")
    with tempfile.TemporaryDirectory(prefix="cohort-desk-shots-") as home:
        os.environ["COHORT_DESK_HOME"] = home
        os.environ.setdefault(
            "QT_QPA_PLATFORM",
            offscreen_screen(Path(home), SCALED_SCREEN if scaled else LAPTOP_SCREEN),
        )
        size = SCALED_SIZE if scaled else SIZE
        only = [word for word in args.only.lower().split(",") if word]
        for path in shoot(args.out, args.theme, args.prefix, only, size):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    # The screen's file went with the folder: the extras choose their own screen.
    if chosen_platform is None:
        os.environ.pop("QT_QPA_PLATFORM", None)
    if not (args.no_extras or args.prefix or args.only):
        extras = (
            ({}, ["--theme", "dark", "--prefix", "dark-"]),
            ({"QT_SCALE_FACTOR": "1.5"}, ["--prefix", "scaled150-"]),
        )
        screens = "overview,people,cohorts,sessions"
        for env, extra in extras:
            subprocess.run(
                [sys.executable, __file__, "-o", str(args.out), "--only", screens, *extra],
                env={**os.environ, **env},
                check=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
