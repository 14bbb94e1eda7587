"""A stored image (a logo, a signature) with a preview, Choose… and Remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from cohort_desk.errors import ValidationError
from cohort_desk.ui.kit import files
from cohort_desk.ui.kit.errors import show_error

PREVIEW_HEIGHT = 64
PREVIEW_WIDTH = 180
IMAGES = "Images (*.png *.jpg *.jpeg)"


class ImagePicker(QWidget):
    """A preview of a stored image with Choose… and Remove; remembers what the user picked."""

    def __init__(self, label: str, data: bytes | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.data = data
        self.changed = False
        self.preview = QLabel()
        self.preview.setMinimumSize(PREVIEW_WIDTH, PREVIEW_HEIGHT)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.preview.setAccessibleName(f"{label} preview")
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setAccessibleName(f"Choose the {label.lower()}")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove the {label.lower()}")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(lambda: self.set_data(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        layout.addStretch(1)
        self._show()

    def choose(self) -> None:
        # Documents first, then the folder the last logo or signature came from.
        path = files.ask_open_path(self, "images", f"Choose the {self.label.lower()}", IMAGES)
        if path is not None:
            self.load_file(path)

    def load_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            show_error(self, ValidationError(f"Cohort Desk cannot read {path.name}."))
            return
        self.set_data(data)

    def set_data(self, data: bytes | None) -> None:
        self.data = data
        self.changed = True
        self._show()

    def _show(self) -> None:
        pixmap = QPixmap()
        if self.data and pixmap.loadFromData(self.data):
            # Whole inside the preview: a wide logo scaled to its height alone was cut off.
            self.preview.setPixmap(
                pixmap.scaled(
                    QSize(PREVIEW_WIDTH - 4, PREVIEW_HEIGHT - 4),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("(none)" if not self.data else "(not an image)")
        self.remove_button.setEnabled(bool(self.data))
