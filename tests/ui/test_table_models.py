"""The shared table models: Qt's model contract, sorting with blanks last, filtering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt

from cohort_desk.ui.kit.presorted import PresortedTableModel
from cohort_desk.ui.kit.rows import Column, RowTableModel


@dataclass
class Item:
    name: str
    joined: date | None
    score: int | None


ROWS = [
    Item("Zoë", date(2026, 3, 1), 3),
    Item("", None, None),
    Item("adebayo", date(2025, 1, 9), 10),
    Item("Ó Dónaill", date(2026, 1, 2), 1),
    Item("Baker", None, 7),
]
COLUMNS = [
    Column("Name", lambda r: r.name),
    Column("Joined", lambda r: r.joined),
    Column("Score", lambda r: r.score, align_right=True),
]


@pytest.fixture(params=[RowTableModel, PresortedTableModel])
def model(request, qtmodeltester):
    model = request.param(COLUMNS)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    return model


def names(model) -> list[str]:
    return [model.row_at(n).name for n in range(model.rowCount())]


@pytest.mark.parametrize(
    ("column", "order", "expected"),
    [
        (0, Qt.SortOrder.AscendingOrder, ["adebayo", "Baker", "Ó Dónaill", "Zoë", ""]),
        (0, Qt.SortOrder.DescendingOrder, ["Zoë", "Ó Dónaill", "Baker", "adebayo", ""]),
        (1, Qt.SortOrder.AscendingOrder, ["adebayo", "Ó Dónaill", "Zoë", "", "Baker"]),
        (2, Qt.SortOrder.DescendingOrder, ["adebayo", "Baker", "Zoë", "Ó Dónaill", ""]),
    ],
)
def test_sorting_ignores_case_and_keeps_blanks_last(model, column, order, expected):
    model.sort(column, order)
    assert names(model) == expected


@pytest.mark.parametrize("kind", [RowTableModel, PresortedTableModel])
def test_accented_and_special_capitals_sort_among_their_letters(kind):
    """Where a person looks for them by eye: not after Zhang, as casefold alone put them."""
    model = kind(COLUMNS)
    typed = ["Zhang", "Šimková", "Obi", "Øvergaard", "Łukasz", "Éclair", "Ábel", "Evans", "Lee"]
    model.set_rows([Item(name, None, None) for name in typed])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert names(model) == [
        "Ábel",
        "Éclair",
        "Evans",
        "Lee",
        "Łukasz",
        "Obi",
        "Øvergaard",
        "Šimková",
        "Zhang",
    ]


def test_a_filter_keeps_the_sort_order(model):
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_filter(lambda r: r.score is not None and r.score > 2)
    assert names(model) == ["adebayo", "Baker", "Zoë"]
    model.set_filter(None)
    assert len(names(model)) == 5


def test_display_and_alignment(model):
    index = model.index(0, 2)
    assert model.data(index) in {"3", "", "10", "1", "7"}
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) is not None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Joined"


def test_a_filter_that_shows_the_same_rows_does_not_reset_the_view(qtbot, qtmodeltester):
    from cohort_desk.ui.kit.table import RecordTable

    model = PresortedTableModel(COLUMNS)
    model.set_rows(ROWS)
    table = RecordTable(model, None, multi_select=True)
    qtbot.addWidget(table)
    table.selectRow(0)
    flags = table.selectionModel().SelectionFlag
    table.selectionModel().select(model.index(2, 0), flags.Select | flags.Rows)
    with qtbot.assertNotEmitted(model.modelReset):
        assert not model.set_selection(list)
    assert len(table.selectionModel().selectedRows()) == 2  # the selection stands
    with qtbot.waitSignal(model.modelReset, timeout=0):
        assert model.set_selection(lambda rows: [r for r in rows if r.score is not None])
    assert model.position_of(ROWS[1]) is None and model.position_of(ROWS[4]) is not None
    qtmodeltester.check(model)


def test_a_reset_lays_the_rows_out_at_once(qtbot):
    """The scroll bar fits the rows left as the filter returns, not on a later timer (which
    made Qt paint the table twice per keystroke)."""
    from cohort_desk.ui.kit.table import RecordTable

    model = PresortedTableModel(COLUMNS)
    model.set_rows([Item(f"n{n}", None, n) for n in range(500)])
    table = RecordTable(model, None)
    qtbot.addWidget(table)
    table.resize(400, 300)
    table.show()
    qtbot.waitExposed(table)
    assert table.verticalScrollBar().maximum() > 0
    model.set_filter(lambda r: r.score < 3)
    assert table.verticalScrollBar().maximum() == 0


def test_each_role_a_column_answers_and_none_for_the_rest(qtmodeltester):
    columns = [
        Column(
            "Name",
            lambda r: r.name,
            tooltip=lambda r: f"All of {r.name}",
            foreground=lambda r: "grey" if r.score is None else None,
            background=lambda r: "pink",
        ),
        Column("Score", lambda r: r.score, align_right=True),
    ]
    model = PresortedTableModel(columns)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    name, score = model.index(1, 0), model.index(1, 1)  # the row with no name or score
    role = Qt.ItemDataRole
    assert (model.data(name), model.data(score)) == ("", "")
    assert model.data(name, role.ToolTipRole) == "All of "
    assert model.data(name, role.ForegroundRole) == "grey"
    assert model.data(name, role.BackgroundRole) == "pink"
    assert model.data(score, role.TextAlignmentRole) is not None
    assert model.data(name, role.TextAlignmentRole) is None
    assert model.data(score, role.ToolTipRole) is None
    for other in (role.FontRole, role.DecorationRole, role.CheckStateRole, role.EditRole):
        assert model.data(name, other) is None
    assert model.data(model.index(0, 0, name)) is None  # a child index: no such cell
