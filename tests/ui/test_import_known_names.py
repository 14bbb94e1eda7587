"""The import wizard shows which organisations are known ones written another way and which
are new, and a new one mapped to a known name is stored as it (issue 15 item 7)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from cohort_desk.services.people.organisations import list_organisations, save_organisation
from cohort_desk.services.people.records import find_person
from cohort_desk.ui.imports.wizard import COLUMNS, DONE, PREVIEW, ImportWizard
from tests.integration.import_files import plain_workbook

LGT = "Lewisham and Greenwich NHS Trust"


def next_page(qtbot, wizard, page):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == page, timeout=10_000)


def test_matched_and_new_organisations_are_shown_and_a_new_one_can_be_mapped(
    qtbot, db, tmp_path: Path
):
    save_organisation(db, LGT, "trust")
    path = plain_workbook(
        tmp_path / "list.xlsx",
        ["First name", "Surname", "E-mail", "Organisation"],
        [
            ["Ana", "Silva", "ana@nhs.net", "LEWISHAM & GREENWICH NHS TRUST"],
            ["Ben", "Cole", "ben@nhs.net", "L&G Trust"],
        ],
    )
    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(str(path))
    next_page(qtbot, wizard, COLUMNS)
    next_page(qtbot, wizard, PREVIEW)
    panel = wizard.preview.names
    assert panel.isVisible()
    cells = [
        [panel.table.item(r, c).text() if panel.table.item(r, c) else "" for c in range(4)]
        for r in range(panel.table.rowCount())
    ]
    assert cells == [
        ["Organisation", "LEWISHAM & GREENWICH NHS TRUST", LGT, "The same name with '&' for 'and'"],
        ["Organisation", "L&G Trust", "", "New"],
    ]
    chooser = panel.table.cellWidget(1, 2)
    assert chooser.currentText() == "Add it as new"
    chooser.setCurrentIndex(chooser.findData(LGT))  # map the new one to the known name
    qtbot.waitUntil(
        lambda: wizard.plan is not None and "chosen by you" in [n.why for n in wizard.plan.names],
        timeout=10_000,
    )
    next_page(qtbot, wizard, DONE)
    assert find_person(db, "ana@nhs.net").organisation == LGT
    assert find_person(db, "ben@nhs.net").organisation == LGT
    assert [o.name for o in list_organisations(db)] == [LGT]
