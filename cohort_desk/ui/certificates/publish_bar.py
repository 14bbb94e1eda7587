"""The verification page on the Certificates screen: how far the published list is behind,
publishing it to a folder, and publishing again to the same folder in one click."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.documents.verification_site import existing_site_files
from cohort_desk.services import settings
from cohort_desk.services.certificates.publishing import (
    PublishResult,
    publication_status,
    publish_again,
    publish_verification,
)
from cohort_desk.services.progress import Progress
from cohort_desk.ui.kit import files
from cohort_desk.ui.kit.ask import confirm, tell
from cohort_desk.ui.kit.controls import push_button
from cohort_desk.ui.kit.workers import BackgroundJob, run_in_background


class PublishBar(QWidget):
    published = Signal(object)  # the PublishResult

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: BackgroundJob | None = None
        self.folder: Path | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Verification page")
        self.status.linkActivated.connect(lambda _link: self.open_folder())
        self.again_button = push_button(
            self,
            "Publish &again",
            self.publish_again,
            "Write the verification page again into the folder it was last published to",
        )
        self.publish_button = push_button(
            self,
            "&Publish verification page…",
            self.choose_and_publish,
            "Write a page anyone can check certificate codes on, as plain files for any website",
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.again_button)
        layout.addWidget(self.publish_button)

    def refresh(self) -> None:
        state = publication_status(self.db)
        publication = state.publication
        self.folder = Path(publication.folder) if publication else None
        text = state.sentence
        if publication is not None:
            text += f' <a href="open">{html.escape(publication.folder)}</a>'
        if not settings.get(self.db, "verification_address"):
            text += " Set its web address in Preferences so certificates' QR codes open it."
        self.status.setText(text)
        self.again_button.setVisible(publication is not None)
        self.again_button.setEnabled(state.behind > 0)

    def choose_and_publish(self) -> None:
        # The kit's chooser: it starts where the page was last published, else Documents.
        chosen = files.ask_folder(
            self, "verification", "Publish the verification page in", self.folder
        )
        if chosen:
            self.publish_to(chosen)

    def publish_to(self, folder: Path, ask: bool = True) -> BackgroundJob | None:
        found = existing_site_files(folder) if folder.is_dir() else []
        if found and ask and folder != self.folder:
            question = (
                f"{folder} already holds a verification page ({', '.join(found)}). "
                "Replace it with the list as it is now?"
            )
            if not confirm(self, "Publish verification page", question, "Replace"):
                return None
        # Overwrite: the person chose this folder and, where it held a page, said Replace.
        return self._start(
            lambda progress: publish_verification(
                self.db, folder, overwrite=True, progress=progress
            )
        )

    def publish_again(self) -> BackgroundJob:
        return self._start(lambda progress: publish_again(self.db, progress))

    def _start(self, work: Callable[[Progress], PublishResult]) -> BackgroundJob:
        self.job = run_in_background(self, "Publishing the verification page", work, self._done)
        return self.job

    def _done(self, result: PublishResult) -> None:
        self.refresh()
        tell(self, result.message)
        self.published.emit(result)

    def open_folder(self) -> None:
        if self.folder is not None and self.folder.is_dir():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
