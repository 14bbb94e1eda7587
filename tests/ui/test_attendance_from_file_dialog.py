"""The attendance-from-file preview shows how each person was matched and who was not."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cohort_desk.services.attendance.from_file import plan_from_file
from cohort_desk.ui.attendance.from_file_dialog import ImportPreviewDialog
from tests.integration.test_attendance_teams_files import VISITORS, session_id  # noqa: F401
from tests.teams_files import as_teams_csv, report_rows, write


def texts(model, column: int) -> list[str]:
    return [
        model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())
    ]


def headers(model) -> list[str]:
    return [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]


def test_preview_shows_how_each_was_matched_and_the_not_matched(
    qtbot,
    db,
    session_id,  # noqa: F811 (the fixture imported above)
    tmp_path,
    qtmodeltester,
):
    path = write(tmp_path / "raport.csv", as_teams_csv(report_rows(VISITORS, "pt-BR")))
    dialog = ImportPreviewDialog(plan_from_file(db, session_id, path))
    qtbot.addWidget(dialog)
    dialog.show_all.setChecked(True)
    column = headers(dialog.model).index("Matched by")
    assert sorted(texts(dialog.model, column)) == [
        "No match",
        "No match",
        "No match",
        "account (UPN)",
        "e-mail",
        "guest account (UPN)",
        "name",
        "name",
    ]
    assert headers(dialog.outsider_model) == ["Name in the file", "E-mail", "Not matched because"]
    assert texts(dialog.outsider_model, 0) == [
        "Olu Adebayo",
        "John Smith",
        "Visiting Speaker (External)",
    ]
    assert texts(dialog.outsider_model, 1)[1] == "(none)"
    qtmodeltester.check(dialog.outsider_model)
    dialog.show()
    qtbot.waitExposed(dialog)
