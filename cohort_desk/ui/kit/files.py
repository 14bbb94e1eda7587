"""Choosing where to save and what to open."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_save_file(parent: QWidget | None, title: str, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(
        parent, title, suggested, "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"
    )
    return path
