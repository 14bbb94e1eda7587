"""Feedback exports shaped as Microsoft Forms and Google Forms write them, made in the tests.

Microsoft Forms (Excel download): ID, Start time, Completion time, Email, Name (real date-times
in the time columns; "anonymous" in Email and an empty Name for an anonymous form), then one
column per question; a rating question's answers are numbers, a Likert question's are words.
Google Forms (CSV download of the responses): Timestamp ("2026/11/04 10:21:33 am GMT"), the
optional Email address, then the questions; no response ID.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

FORMS_HEADINGS = ["ID", "Start time", "Completion time", "Email", "Name"]
GOOGLE_HEADINGS = ["Timestamp", "Email address"]


def forms_xlsx(
    path: Path, questions: Sequence[str], responses: Sequence[dict[str, object]]
) -> Path:
    """Each response: id, email ("anonymous" for anonymous), name, answers (one per question)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([*FORMS_HEADINGS, *questions])
    for index, response in enumerate(responses):
        started = datetime(2026, 11, 4, 16, 5 + index, 12)
        finished = datetime(2026, 11, 4, 16, 7 + index, 40)
        sheet.append(
            [
                response.get("id", index + 1),
                started,
                finished,
                response.get("email", "anonymous"),
                response.get("name", ""),
                *response["answers"],  # type: ignore[misc]
            ]
        )
    book.save(path)
    return path


def google_csv(
    path: Path,
    questions: Sequence[str],
    responses: Sequence[dict[str, object]],
    with_email: bool = True,
) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([*(GOOGLE_HEADINGS if with_email else GOOGLE_HEADINGS[:1]), *questions])
        for index, response in enumerate(responses):
            stamp = f"2026/11/05 {10 + index % 2}:{10 + index:02d}:33 am GMT"
            email = [response.get("email", "")] if with_email else []
            out.writerow([stamp, *email, *response["answers"]])  # type: ignore[misc]
    return path
