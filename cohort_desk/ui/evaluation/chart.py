"""Bar charts of feedback drawn with QPainter: a rating question's distribution as columns
(one per point of the scale, its count above it) and a multiple-choice question's options as
bars (the count and share beside each). The numbers are always written, so no one has to
read a bar's length, and the bars take the theme's highlight colour, which keeps at least
3:1 against the background in both themes."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from cohort_desk.rules.attendance import percentage_text

PAD = 4


def _share(count: int, total: int) -> str:
    return percentage_text(count * 100 / total) if total else "–"


class _Chart(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.total = 0
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[tuple[str, int]], total: int) -> None:
        """``bars``: (label, count) in the order shown; ``total``: those who answered."""
        self.bars, self.total = bars, total
        self.setAccessibleDescription(
            "; ".join(f"{label}: {count} ({_share(count, total)})" for label, count in bars)
        )
        self.updateGeometry()
        self.update()

    def _colours(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))


class DistributionChart(_Chart):
    """Columns for each point of a rating scale, low to high, the count above each and the
    point below; empty points keep their place so the shape of the scale shows."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        line = self.fontMetrics().height()
        return QSize(max(220, 34 * len(self.bars)), 5 * line + 2 * line + 3 * PAD)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(22 * max(1, len(self.bars)), self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.bars:
            return
        painter = QPainter(self)
        self._colours(painter)
        line = self.fontMetrics().height()
        width = min(self.width() / len(self.bars), 56.0)
        top, bottom = line + PAD, self.height() - line - PAD
        most = max(count for _label, count in self.bars) or 1
        bar = self.palette().color(QPalette.ColorRole.Highlight)
        for index, (label, count) in enumerate(self.bars):
            left = index * width
            height = (bottom - top) * count / most
            if count:
                painter.fillRect(QRectF(left + 4, bottom - height, width - 8, height), bar)
            above = QRectF(left, bottom - height - line - 1, width, line)
            painter.drawText(above, Qt.AlignmentFlag.AlignCenter, str(count))
            below = QRectF(left, bottom + 2, width, line)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, label)
        painter.drawLine(0, int(bottom), int(width * len(self.bars)), int(bottom))
        painter.end()


class ChoiceChart(_Chart):
    """A bar for each option ticked, most chosen first, with its count and share beside it."""

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        return min(220, max((metrics.horizontalAdvance(label) for label, _ in self.bars),
                            default=0) + 2 * PAD)  # fmt: skip

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        row = self.fontMetrics().height() + PAD
        return QSize(self._label_width() + 260, max(1, len(self.bars)) * row + PAD)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._label_width() + 140, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.bars:
            return
        painter = QPainter(self)
        self._colours(painter)
        metrics = self.fontMetrics()
        row = metrics.height() + PAD
        labels = self._label_width()
        numbers = metrics.horizontalAdvance("000 (100%)") + 2 * PAD
        room = max(20, self.width() - labels - numbers)
        most = max(count for _label, count in self.bars) or 1
        bar = self.palette().color(QPalette.ColorRole.Highlight)
        for index, (label, count) in enumerate(self.bars):
            top = index * row + PAD / 2
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, labels - PAD)
            painter.drawText(QRectF(0, top, labels - PAD, row), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, shown)  # fmt: skip
            length = room * count / most
            painter.fillRect(QRectF(labels, top + 2, length, row - 4), bar)
            text = f"{count} ({_share(count, self.total)})"
            beside = QRectF(labels + length + PAD, top, numbers, row)
            painter.drawText(beside, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             text)  # fmt: skip
        painter.end()
