"""Every dialog of the window, opened over the main window with the demo data on a 1366 x 768
screen, fits: no bigger than the screen less the taskbar and title bar, every button and
label wholly inside and uncut (issue 15 item 5). Run by test_fits_a_laptop.py.

The dialogs are found, not listed: every QDialog subclass under cohort_desk.ui must have a
way to open it below (``OPENERS``), or the first test fails naming it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QWidget

import cohort_desk.ui
from cohort_desk.ui.kit import fit
from tests.ui.laptop import ON_A_LAPTOP, SCREEN, USABLE, dressed_as_the_app, what_does_not_fit

pytestmark = pytest.mark.skipif(
    ON_A_LAPTOP not in __import__("os").environ, reason="run by test_fits_a_laptop.py"
)

Opener = Callable[[Any, QWidget], QDialog]
# Bases that are never opened themselves.
NOT_OPENED = {"cohort_desk.ui.kit.form.GuardedDialog", "cohort_desk.ui.kit.form.FormDialog"}


def every_dialog_class() -> dict[str, type[QDialog]]:
    for info in pkgutil.walk_packages(cohort_desk.ui.__path__, "cohort_desk.ui."):
        importlib.import_module(info.name)
    found: dict[str, type[QDialog]] = {}
    waiting: list[type[QDialog]] = list(QDialog.__subclasses__())
    while waiting:
        cls = waiting.pop()
        waiting.extend(cls.__subclasses__())
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name.startswith("cohort_desk.ui.") and name not in NOT_OPENED:
            found[name] = cls
    return found


def _cohort(db: Any, name_part: str = "") -> Any:
    from cohort_desk.services.cohorts.records import list_cohorts

    cohorts = list_cohorts(db)
    return next((c for c in cohorts if name_part in c.name), cohorts[0])


def _applied_cohort(db: Any) -> Any:
    """A cohort with applications and selection criteria in the demo."""
    from cohort_desk.services.applications.criteria import list_criteria
    from cohort_desk.services.applications.records import list_applications
    from cohort_desk.services.cohorts.records import list_cohorts

    for cohort in list_cohorts(db):
        if list_applications(db, cohort.id) and list_criteria(db, cohort.id):
            return cohort
    raise AssertionError("the demo has no cohort with applications and criteria")


def _add_application(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.applications.dialogs import AddApplicationDialog

    cohort = _applied_cohort(db)
    return AddApplicationDialog(db, cohort.id, cohort.name, parent)


def _criteria(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.applications.dialogs import CriteriaDialog

    cohort = _applied_cohort(db)
    return CriteriaDialog(db, cohort.id, cohort.name, parent)


def _offer(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.applications.places import places_of
    from cohort_desk.ui.applications.offer_dialog import OfferDialog

    cohort = _applied_cohort(db)
    return OfferDialog(db, cohort.id, places_of(db, cohort.id), cohort.blind_review, parent)


def _score(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.applications.criteria import list_criteria
    from cohort_desk.services.applications.records import list_applications
    from cohort_desk.ui.applications.score_dialog import ScoreDialog

    cohort = _applied_cohort(db)
    rows = list_applications(db, cohort.id)
    return ScoreDialog(db, rows[0], list_criteria(db, cohort.id), cohort.blind_review, parent)


def _import_applications(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.applications.import_wizard import ApplicationsImportWizard

    cohort = _applied_cohort(db)
    return ApplicationsImportWizard(db, cohort.id, cohort.name, parent)


def _session_row(db: Any) -> Any:
    from cohort_desk.services.sessions.records import list_sessions

    return list_sessions(db)[0]


def _attendance_preview(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.attendance.from_file import (
        TEAMS,
        AttendancePlan,
        Outsider,
        PlannedMark,
    )
    from cohort_desk.ui.attendance.from_file_dialog import ImportPreviewDialog

    marks = [
        PlannedMark(
            n,
            f"P{n:05d}",
            f"Person {n}",
            f"person{n}@nhs.net",
            None,
            "present",
            "in the call 172 of 180 minutes",
            "e-mail",
            172,
        )
        for n in range(1, 30)
    ]
    outsiders = [Outsider("Dr Someone Else", "someone.else@example.org", "not on the register")]
    session = _session_row(db)
    plan = AttendancePlan(
        session.id,
        session.title,
        "04/01/2027",
        "Attendance report 04-01-2027.csv",
        TEAMS,
        marks,
        outsiders,
    )
    return ImportPreviewDialog(plan, parent)


def _walk_in(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.attendance.walk_in_dialog import WalkInDialog

    session = _session_row(db)
    return WalkInDialog(db, session.id, session.title, parent)


def _export_key(db: Any, parent: QWidget) -> QDialog:
    from pathlib import Path

    from cohort_desk.ui.certificates.key_dialog import ExportKeyDialog

    return ExportKeyDialog(db, Path.home() / "academy-key.pem", parent)


def _import_key(db: Any, parent: QWidget) -> QDialog:
    from pathlib import Path

    from cohort_desk.ui.certificates.key_dialog import ImportKeyDialog

    return ImportKeyDialog(db, Path.home() / "academy-key.pem", parent)


def _cohort_dialog(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.cohorts.cohort_dialog import CohortDialog

    return CohortDialog(db, _cohort(db), parent)


def _choose_cohort(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.cohorts.records import list_cohorts
    from cohort_desk.ui.cohorts.enrol_dialog import ChooseCohortDialog

    return ChooseCohortDialog(db, list_cohorts(db), [1, 2, 3], parent)


def _pick_people(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.cohorts.enrol_dialog import PickPeopleDialog

    return PickPeopleDialog(db, _cohort(db), set(), parent)


def _enrolment_status(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.cohorts.page import cohort_page
    from cohort_desk.ui.cohorts.enrolment_status_dialog import EnrolmentStatusDialog

    return EnrolmentStatusDialog(db, cohort_page(db, _cohort(db).id).participants[:3], parent)


def _merge_names(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.people.known_names import list_names
    from cohort_desk.ui.cohorts.lists_tab import MergeDialog

    names = list_names(db, "organisation")
    return MergeDialog("organisation", names[0], names[1:], parent)


def _programmes(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.cohorts.programmes_dialog import ProgrammesDialog

    return ProgrammesDialog(db, parent, QUndoStack(parent))


def _mail_merge(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.communications.mail_merge_dialog import MailMergeDialog

    return MailMergeDialog(
        db, cohort_id=_cohort(db).id, template="joining-instructions", parent=parent
    )


def _template_editor(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.communications.template_editor import TemplateEditor

    return TemplateEditor(db, template="reminder", parent=parent)


def _consent(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.community.members import list_members
    from cohort_desk.ui.community.member_dialogs import ConsentDialog

    return ConsentDialog(db, list_members(db)[0], parent)


def _role(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.community.leadership import list_roles
    from cohort_desk.ui.community.role_dialog import RoleDialog

    roles = list_roles(db)
    return RoleDialog(db, roles[0] if roles else None, parent)


def _crash(_db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.kit.errors import CrashDialog

    report = "Traceback (most recent call last):\n" + "\n".join(
        f'  File "cohort_desk/somewhere/module_{n}.py", line {n}, in function_{n}'
        for n in range(60)
    )
    return CrashDialog(report, parent)


def _pair(db: Any) -> Any:
    from cohort_desk.services.mentoring.pairs import list_pairs

    return list_pairs(db)[0]


def _end_pair(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.mentoring.pair_dialogs import EndPairDialog

    return EndPairDialog(db, _pair(db), parent)


def _meeting(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.mentoring.pair_dialogs import MeetingDialog

    return MeetingDialog(db, _pair(db), parent)


def _mentor_profile(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.mentoring.profiles import list_mentors
    from cohort_desk.ui.mentoring.profile_dialog import MentorProfileDialog

    return MentorProfileDialog(db, list_mentors(db)[0], parent)


def _person(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.people.lookup import filter_choices
    from cohort_desk.ui.people.person_dialog import PersonDialog

    return PersonDialog(db, None, filter_choices(db), parent)


def _equality(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services import settings
    from cohort_desk.ui.privacy.equality_dialog import EqualityDialog

    settings.save(db, {"equality_monitoring": "1"})
    return EqualityDialog(db, 1, "Sofía Kowalski", parent)


def _session(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.cohorts.records import list_cohorts
    from cohort_desk.ui.sessions.session_dialog import SessionDialog

    cohorts = list_cohorts(db)
    return SessionDialog(db, cohorts, _session_row(db), None, parent)


def _session_evaluation(db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.services.evaluation.summary import session_evaluation
    from cohort_desk.services.sessions.records import list_sessions
    from cohort_desk.ui.evaluation.dialog import SessionEvaluationDialog

    sessions = list_sessions(db)
    answered = [s for s in sessions if session_evaluation(db, s.id).responses]
    return SessionEvaluationDialog(db, (answered or sessions)[0].id, parent)


def _feedback_preview(db: Any, parent: QWidget) -> QDialog:
    import tempfile
    from pathlib import Path

    from cohort_desk.services.evaluation.plan import find_target, plan_feedback
    from cohort_desk.ui.evaluation.importing import FeedbackPreview
    from tests.integration.feedback_files import forms_xlsx
    from tests.integration.test_feedback import QUESTIONS, RESPONSES

    folder = Path(tempfile.mkdtemp())
    path = forms_xlsx(folder / "Session feedback(1-5).xlsx", QUESTIONS, RESPONSES)
    target = find_target(db, _session_row(db).id, None)
    return FeedbackPreview(plan_feedback(db, path, target), parent)


def _help(_db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.shell.help import GETTING_STARTED, HelpDialog

    return HelpDialog("Getting started", GETTING_STARTED, parent)


def _undo_history(_db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.shell.undo_history import UndoHistoryDialog

    window = parent.window()
    stacks = [(s.title, s.undo_stack) for s in getattr(window, "screens", [])]
    return UndoHistoryDialog(stacks, parent)


def _paste_list(_db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.kit.people_picker import PasteListDialog

    return PasteListDialog(parent)


def _with_db(path: str) -> Opener:
    """A dialog opened with (db, parent) only."""

    def open_(db: Any, parent: QWidget) -> QDialog:
        module, _, name = path.rpartition(".")
        return getattr(importlib.import_module(module), name)(db, parent=parent)  # type: ignore[no-any-return]

    return open_


OPENERS: dict[str, Opener] = {
    "cohort_desk.ui.applications.dialogs.AddApplicationDialog": _add_application,
    "cohort_desk.ui.applications.dialogs.CriteriaDialog": _criteria,
    "cohort_desk.ui.applications.offer_dialog.OfferDialog": _offer,
    "cohort_desk.ui.applications.score_dialog.ScoreDialog": _score,
    "cohort_desk.ui.applications.import_wizard.ApplicationsImportWizard": _import_applications,
    "cohort_desk.ui.attendance.from_file_dialog.ImportPreviewDialog": _attendance_preview,
    "cohort_desk.ui.attendance.walk_in_dialog.WalkInDialog": _walk_in,
    "cohort_desk.ui.certificates.key_dialog.ExportKeyDialog": _export_key,
    "cohort_desk.ui.certificates.key_dialog.ImportKeyDialog": _import_key,
    "cohort_desk.ui.cohorts.cohort_dialog.CohortDialog": _cohort_dialog,
    "cohort_desk.ui.cohorts.enrol_dialog.ChooseCohortDialog": _choose_cohort,
    "cohort_desk.ui.cohorts.enrol_dialog.PickPeopleDialog": _pick_people,
    "cohort_desk.ui.cohorts.enrolment_status_dialog.EnrolmentStatusDialog": _enrolment_status,
    "cohort_desk.ui.cohorts.lists_tab.MergeDialog": _merge_names,
    "cohort_desk.ui.cohorts.programmes_dialog.ProgrammesDialog": _programmes,
    "cohort_desk.ui.communications.mail_merge_dialog.MailMergeDialog": _mail_merge,
    "cohort_desk.ui.communications.template_editor.TemplateEditor": _template_editor,
    "cohort_desk.ui.community.member_dialogs.ConsentDialog": _consent,
    "cohort_desk.ui.community.role_dialog.RoleDialog": _role,
    "cohort_desk.ui.kit.errors.CrashDialog": _crash,
    "cohort_desk.ui.kit.people_picker.PasteListDialog": _paste_list,
    "cohort_desk.ui.mentoring.pair_dialogs.EndPairDialog": _end_pair,
    "cohort_desk.ui.mentoring.pair_dialogs.MeetingDialog": _meeting,
    "cohort_desk.ui.mentoring.profile_dialog.MentorProfileDialog": _mentor_profile,
    "cohort_desk.ui.people.person_dialog.PersonDialog": _person,
    "cohort_desk.ui.privacy.equality_dialog.EqualityDialog": _equality,
    "cohort_desk.ui.sessions.session_dialog.SessionDialog": _session,
    "cohort_desk.ui.evaluation.dialog.SessionEvaluationDialog": _session_evaluation,
    "cohort_desk.ui.evaluation.importing.FeedbackPreview": _feedback_preview,
    "cohort_desk.ui.shell.help.HelpDialog": _help,
    "cohort_desk.ui.shell.undo_history.UndoHistoryDialog": _undo_history,
}
for _name in (
    "cohort_desk.ui.certificates.design_dialog.CertificateDesignDialog",
    "cohort_desk.ui.certificates.issue_dialog.IssueCertificatesDialog",
    "cohort_desk.ui.certificates.key_dialog.SigningKeyDialog",
    "cohort_desk.ui.community.member_dialogs.AddAlumniDialog",
    "cohort_desk.ui.community.member_dialogs.AddMemberDialog",
    "cohort_desk.ui.imports.wizard.ImportWizard",
    "cohort_desk.ui.mentoring.pair_dialogs.AssignDialog",
    "cohort_desk.ui.shell.preferences.PreferencesDialog",
):
    OPENERS[_name] = _with_db(_name)


def _print_preview(_db: Any, parent: QWidget) -> QDialog:
    from cohort_desk.ui.kit.fit import resize_to_fit

    printer = QPrinter()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog._printer = printer  # type: ignore[attr-defined]  # kept alive with the dialog
    resize_to_fit(dialog, 900, 1000)  # as printing.print_pdf opens it
    return dialog


# Qt's own dialogs the window opens, sized by the window.
QT_DIALOGS: dict[str, Opener] = {"print preview": _print_preview}


def test_every_dialog_class_has_a_way_to_open_it() -> None:
    missing = sorted(set(every_dialog_class()) - set(OPENERS))
    assert not missing, f"add an opener to tests/ui/laptop_dialogs.py for: {missing}"


@pytest.fixture(scope="module")
def laptop_window(qapp, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One main window on the demo data for every dialog: building both for each of forty
    dialogs took minutes on a busy machine."""
    from cohort_desk.db.opening import open_database
    from cohort_desk.services.demo.data import load_demo
    from cohort_desk.ui.shell.main_window import MainWindow

    screen = QApplication.primaryScreen()
    assert screen is not None and screen.geometry() == SCREEN, "not run on the screen asked for"
    folder = tmp_path_factory.mktemp("laptop")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COHORT_DESK_HOME", str(folder / "home"))
        # Windows keeps the taskbar's strip: the window may use only the rest.
        patch.setattr(fit, "available_area", lambda _widget=None: USABLE)
        dressed_as_the_app()
        db = open_database(str(folder / "demo.db"))
        db.actor = "tester"
        load_demo(db, people=120, seed=7)
        window = MainWindow(db)
        window.show()
        yield db, window
        window.close()
        window.deleteLater()
        db.dispose()


@pytest.mark.parametrize(
    "name", sorted(OPENERS) + sorted(QT_DIALOGS), ids=lambda n: n.rpartition(".")[2]
)
def test_the_dialog_fits_the_laptop(qtbot, laptop_window, name, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, window = laptop_window
    monkeypatch.setattr(fit, "available_area", lambda _widget=None: USABLE)
    opener = OPENERS.get(name) or QT_DIALOGS[name]
    dialog = opener(db, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for _ in range(3):  # delayed loads (previews, searches) change what is shown
        QApplication.processEvents()
    wrong = what_does_not_fit(dialog)
    if wrong:
        dialog.grab().save(f"/tmp/laptop-{name.rpartition('.')[2]}.png")
    assert not wrong, f"{dialog.windowTitle()!r} at {dialog.size().toTuple()}: {wrong}"
    QDialog.reject(dialog)
