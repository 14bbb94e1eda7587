"""A Microsoft Forms export of applications, built in the tests: the columns Forms writes
(ID, start and completion times, the respondent's Email and Name) before the questions."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl

FORMS_HEADER = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "First name",
    "Surname",
    "Work email address",
    "Organisation",
    "Profession",
    "Why do you want to join the Academy?",
    "Does your line manager support your application?",
    "Ethnic group",
]
PROFESSIONS = ("Nursing", "Medicine", "Pharmacy", "Social work")


def applicant(index: int, profession: str = "Nursing", **changes: Any) -> dict[str, Any]:
    values = {
        "given": f"Applicant{index}",
        "family": f"Tester{index}",
        "email": f"applicant{index}@nhs.net",
        "organisation": "Lewisham and Greenwich NHS Trust",
        "profession": profession,
        "why": f"To lead across the system.\nReason number {index}.",
        "support": "Yes",
        "sent": datetime(2027, 1, 4, 9, 0) + timedelta(hours=index),
    }
    values.update(changes)
    return values


def forms_export(path: Path, people: list[dict[str, Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(FORMS_HEADER)
    for number, p in enumerate(people, start=1):
        sheet.append(
            [
                number,
                p["sent"] - timedelta(minutes=12),
                p["sent"],
                "anonymous",
                "",
                p["given"],
                p["family"],
                p["email"],
                p["organisation"],
                p["profession"],
                p["why"],
                p["support"],
                "White: Irish",
            ]
        )
    book.save(path)
    return path
