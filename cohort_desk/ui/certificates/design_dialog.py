"""Edit the certificate design (wording, colour, logo, signatory, signature) beside a live
preview of a real page, drawn by the same code that prints certificates."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.documents.certificates import CertificateData
from cohort_desk.services.certificates.design import (
    DesignValues,
    load_design,
    preview_pdf,
    sample_page,
    save_design,
)
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.image_picker import ImagePicker
from cohort_desk.ui.kit.printing import open_pdf
from cohort_desk.vocabulary import CertificateKind

PREVIEW_WIDTH = 640  # pixels: an A4 landscape page readable at a glance
PREVIEW_DELAY_MS = 250  # redraw after a pause in typing, not on every key


def pdf_page_image(pdf: bytes, width: int) -> QImage:
    """The first page of a PDF as an image ``width`` pixels wide."""
    document = open_pdf(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width / page.get_width(), rev_byteorder=True)
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
        ).copy()  # copy: the bitmap's memory goes when pdfium closes the document
        bitmap.close()
        page.close()
        return image
    finally:
        document.close()


class _Picker(ImagePicker):
    """The preferences' image picker, telling the preview when the picture changes."""

    picked = Signal()

    def set_data(self, data: bytes | None) -> None:
        super().set_data(data)
        self.picked.emit()


class CertificateDesignDialog(FormDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("Certificate design", parent)
        self.db = db
        values = load_design(db)
        self.pages: dict[str, CertificateData] = {}
        self.academy = QLineEdit(values.academy_name)
        self.completion = QLineEdit(values.completion_wording)
        self.attendance = QLineEdit(values.attendance_wording)
        self.colour = QLineEdit(values.accent_colour)
        self.colour.setMaxLength(7)
        self.swatch = QPushButton("Choose…")
        self.swatch.clicked.connect(self.choose_colour)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour, 1)
        colour_row.addWidget(self.swatch)
        self.signatory_name = QLineEdit(values.signatory_name)
        self.signatory_title = QLineEdit(values.signatory_title)
        self.signatory_name.setPlaceholderText("e.g. Dr Amara Okafor")
        self.signatory_title.setPlaceholderText("e.g. Director, Systems Leadership Academy")
        self.logo = _Picker("Logo", values.logo)
        self.signature = _Picker("Signature", values.signature)
        self.kind = QComboBox()
        self.kind.addItem("Certificate of Completion", CertificateKind.COMPLETION)
        self.kind.addItem("Certificate of Attendance", CertificateKind.ATTENDANCE)
        for widget, name in (
            (self.academy, "Academy name"),
            (self.completion, "Completion wording"),
            (self.attendance, "Attendance wording"),
            (self.colour, "Accent colour"),
            (self.signatory_name, "Signatory name"),
            (self.signatory_title, "Signatory title"),
            (self.kind, "Preview which certificate"),
        ):
            widget.setAccessibleName(name)

        form = self.take_form()
        form.addRow("&Academy name", self.academy)
        form.addRow("Logo", self.logo)
        form.addRow("&Completion wording", self.completion)
        form.addRow("A&ttendance wording", self.attendance)
        colour_label = QLabel("Accent co&lour")
        colour_label.setBuddy(self.colour)
        form.addRow(colour_label, colour_row)
        form.addRow("Signatory &name", self.signatory_name)
        form.addRow("Signatory t&itle", self.signatory_title)
        form.addRow("Signature", self.signature)
        form.addRow("&Preview", self.kind)
        note = QLabel(
            "Saved in the database, so every administrator prints the same design. The preview "
            "shows the latest certificate issued, or a sample before any."
        )
        note.setObjectName("subheading")
        note.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setAccessibleName("Preview of a certificate")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_WIDTH + 2, int(PREVIEW_WIDTH * 210 / 297) + 2)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.problem = QLabel()
        self.problem.setObjectName("subheading")
        self.problem.setWordWrap(True)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(note)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.preview)
        right.addWidget(self.problem)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 0)
        self.body.insertLayout(0, columns)
        self.fields = {
            "academy_name": self.academy,
            "completion_wording": self.completion,
            "attendance_wording": self.attendance,
            "accent_colour": self.colour,
            "signatory_name": self.signatory_name,
            "signatory_title": self.signatory_title,
        }

        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        for edit in (
            self.academy,
            self.completion,
            self.attendance,
            self.colour,
            self.signatory_name,
            self.signatory_title,
        ):
            edit.textChanged.connect(lambda _t: self._timer.start())
        for picker in (self.logo, self.signature):
            picker.picked.connect(self._timer.start)
        self.kind.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.update_preview()

    def values(self) -> DesignValues:
        return DesignValues(
            academy_name=self.academy.text(),
            signatory_name=self.signatory_name.text(),
            signatory_title=self.signatory_title.text(),
            accent_colour=self.colour.text().strip(),
            completion_wording=self.completion.text(),
            attendance_wording=self.attendance.text(),
            logo=self.logo.data,
            signature=self.signature.data,
        )

    def choose_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour.text()), self, "Accent colour")
        if chosen.isValid():
            self.colour.setText(chosen.name().upper())

    def _page(self) -> CertificateData:
        kind = str(self.kind.currentData())
        if kind not in self.pages:
            self.pages[kind] = sample_page(self.db, kind)
        return self.pages[kind]

    def update_preview(self) -> None:
        """Redraw the page; a half-typed colour shows as a note, not an error box."""
        self._timer.stop()
        image = pdf_page_image(preview_pdf(self.values(), self._page()), PREVIEW_WIDTH)
        self.preview.setPixmap(QPixmap.fromImage(image))
        colour = self.colour.text().strip()
        ok = QColor.isValidColorName(colour) and len(colour) == 7 and colour.startswith("#")
        self.problem.setText(
            "" if ok else "Write the colour as # and six hex digits, like #005EB8."
        )

    def save(self) -> None:
        save_design(self.db, self.values())
