"""Offer places: how many, and the order they go in (the waiting list first, then by total
score) with the reason for each and any tie explained, before anything is offered."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSpinBox, QTextBrowser, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services.applications import offers
from cohort_desk.services.applications.places import Places
from cohort_desk.services.applications.statuses import StatusChange
from cohort_desk.ui.kit.form import FormDialog


class OfferDialog(FormDialog):
    """``made`` holds the offers made, for undo."""

    def __init__(
        self,
        db: Database,
        cohort_id: int,
        places: Places,
        blind: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Offer places in {places.cohort}", parent, "Make offers")
        self.db = db
        self.cohort_id = cohort_id
        self.blind = blind
        self.made: list[StatusChange] = []
        self.plan: offers.OfferPlan | None = None
        self.resize(640, 420)
        self.count = QSpinBox()
        # Up to one more than is free, so asking for too many is answered in a sentence.
        self.count.setRange(1, max(1, places.free + 1))
        self.count.setValue(max(1, places.free))
        self.count.setAccessibleName("How many places to offer")
        self.places = QLabel(
            f"{plural(places.places or 0, 'place')}: {places.offered} offered, "
            f"{places.enrolled} enrolled, {places.free} free."
        )
        self.order = QTextBrowser()
        self.order.setAccessibleName("Who would be offered a place, in order")
        self.form.addRow("", self.places)
        self.form.addRow("&How many", self.count)
        self.form.addRow("In this order", self.order)
        self.fields = {"count": self.count}
        self.count.valueChanged.connect(lambda _v: self.replan())
        self.replan()
        self.count.setFocus()

    def replan(self) -> None:
        try:
            self.plan = offers.plan_offers(self.db, self.cohort_id, self.count.value())
        except UserError as exc:
            self.plan = None
            self.order.clear()
            self.refuse(exc)
            self.save_button.setEnabled(False)
            return
        self.error.setVisible(False)
        self.save_button.setEnabled(True)
        lines = [
            f"{n}. {row.label(self.blind)}: {reason}"
            for n, (row, reason) in enumerate(
                zip(self.plan.chosen, self.plan.reasons, strict=True), start=1
            )
        ]
        lines += [f"Tie: {tie}" for tie in self.plan.order.ties]
        self.order.setPlainText("\n".join(lines))

    def save(self) -> None:
        if self.plan is None:
            self.replan()
        if self.plan is not None:
            self.made = offers.make_offers(self.db, self.plan)
