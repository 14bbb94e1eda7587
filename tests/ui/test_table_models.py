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
        (0, Qt.SortOrder.AscendingOrder, ["adebayo", "Baker", "Zoë", "Ó Dónaill", ""]),
        (0, Qt.SortOrder.DescendingOrder, ["Ó Dónaill", "Zoë", "Baker", "adebayo", ""]),
        (1, Qt.SortOrder.AscendingOrder, ["adebayo", "Ó Dónaill", "Zoë", "", "Baker"]),
        (2, Qt.SortOrder.DescendingOrder, ["adebayo", "Baker", "Zoë", "Ó Dónaill", ""]),
    ],
)
def test_sorting_ignores_case_and_keeps_blanks_last(model, column, order, expected):
    model.sort(column, order)
    assert names(model) == expected


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
