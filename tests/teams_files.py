"""Teams attendance reports built in the shapes Teams writes them, for tests.

Every layout: the 2021+ report (1. Summary, 2. Participants, 3. In-Meeting Activities) in six
display languages with their date formats, the 2020-21 three-column log, and the same reports
re-saved from Excel as CSV or xlsx. Saved as Teams saves them: UTF-16 with a byte-order mark,
tab-separated, Windows line endings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl


@dataclass(frozen=True)
class Visitor:
    """Someone in the meeting: what Teams shows of them, and when they were connected."""

    name: str
    email: str
    visits: Sequence[tuple[datetime, datetime]]
    role: str = "attendee"  # organizer, presenter or attendee
    upn: str | None = None  # None: the same as the e-mail, as for people in the tenant


@dataclass(frozen=True)
class Language:
    summary: list[str]  # section title, then the labels of title, count, start, end, length
    participants: str
    participants_header: list[str]
    activities: str
    activities_header: list[str]
    roles: dict[str, str]
    stamp: Callable[[datetime], str]


def _us(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment.month}/{moment.day}/{moment:%y}, {hour}:{moment:%M:%S} {moment:%p}"


LANGUAGES: dict[str, Language] = {
    "en-US": Language(
        [
            "1. Summary",
            "Meeting title",
            "Attended participants",
            "Start time",
            "End time",
            "Meeting duration",
        ],
        "2. Participants",
        [
            "Name",
            "First Join",
            "Last Leave",
            "In-Meeting Duration",
            "Email",
            "Participant ID (UPN)",
            "Role",
        ],
        "3. In-Meeting Activities",
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
        {"organizer": "Organizer", "presenter": "Presenter", "attendee": "Attendee"},
        _us,
    ),
    "en-GB": Language(
        [
            "1. Summary",
            "Meeting title",
            "Attended participants",
            "Start time",
            "End time",
            "Meeting duration",
        ],
        "2. Participants",
        [
            "Name",
            "First Join",
            "Last Leave",
            "In-Meeting Duration",
            "Email",
            "Participant ID (UPN)",
            "Role",
        ],
        "3. In-Meeting Activities",
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
        {"organizer": "Organiser", "presenter": "Presenter", "attendee": "Attendee"},
        lambda m: f"{m:%d/%m/%Y, %H:%M:%S}",
    ),
    "pl-PL": Language(
        [
            "1. Podsumowanie",
            "Tytuł spotkania",
            "Uczestnicy, którzy dołączyli",
            "Godzina rozpoczęcia",
            "Godzina zakończenia",
            "Czas trwania spotkania",
        ],
        "2. Uczestnicy",
        [
            "Imię i nazwisko",
            "Pierwsze dołączenie",
            "Ostatnie wyjście",
            "Czas udziału w spotkaniu",
            "Adres e-mail",
            "Identyfikator uczestnika (UPN)",
            "Rola",
        ],
        "3. Działania podczas spotkania",
        [
            "Imię i nazwisko",
            "Godzina dołączenia",
            "Godzina wyjścia",
            "Czas trwania",
            "Adres e-mail",
            "Rola",
        ],
        {"organizer": "Organizator", "presenter": "Prezenter", "attendee": "Uczestnik"},
        lambda m: f"{m.day}.{m:%m.%Y, %H:%M:%S}",
    ),
    "pt-BR": Language(
        [
            "1. Resumo",
            "Título da reunião",
            "Participantes Atendidos",
            "Hora de início",
            "Hora de término",
            "Duração da reunião",
        ],
        "2. Participantes",
        [
            "Nome",
            "Primeira Entrada",
            "Última Saída",
            "Duração da Reunião",
            "Email",
            "ID do participante (UPN)",
            "Função",
        ],
        "3. Atividades em Reunião",
        ["Nome", "Horário de Entrada", "Horário de Saída", "Duração", "Email", "Função"],
        {"organizer": "Organizador", "presenter": "Apresentador", "attendee": "Participante"},
        lambda m: f"{m:%d/%m/%Y %H:%M:%S}",
    ),
    "de-DE": Language(
        [
            "1. Zusammenfassung",
            "Besprechungstitel",
            "Teilnehmer",
            "Startzeit",
            "Endzeit",
            "Besprechungsdauer",
        ],
        "2. Teilnehmer",
        [
            "Name",
            "Erster Beitritt",
            "Letztes Verlassen",
            "Dauer der Besprechung",
            "E-Mail",
            "Teilnehmer-ID (UPN)",
            "Rolle",
        ],
        "3. Aktivitäten in der Besprechung",
        ["Name", "Beitrittszeit", "Verlassenszeit", "Dauer", "E-Mail", "Rolle"],
        {"organizer": "Organisator", "presenter": "Referent", "attendee": "Teilnehmer"},
        lambda m: f"{m:%d.%m.%y, %H:%M:%S}",
    ),
    "fr-FR": Language(
        [
            "1. Résumé",
            "Titre de la réunion",
            "Participants ayant assisté",
            "Heure de début",
            "Heure de fin",
            "Durée de la réunion",
        ],
        "2. Participants",
        [
            "Nom",
            "Première participation",
            "Dernier départ",
            "Durée de la réunion",
            "E-mail",
            "ID du participant (UPN)",
            "Rôle",
        ],
        "3. Activités pendant la réunion",
        ["Nom", "Heure d’arrivée", "Heure de départ", "Durée", "E-mail", "Rôle"],
        {"organizer": "Organisateur", "presenter": "Présentateur", "attendee": "Participant"},
        lambda m: f"{m:%d/%m/%Y %H:%M:%S}",
    ),
    "es-ES": Language(
        [
            "1. Resumen",
            "Título de la reunión",
            "Participantes asistentes",
            "Hora de inicio",
            "Hora de finalización",
            "Duración de la reunión",
        ],
        "2. Participantes",
        [
            "Nombre",
            "Primera unión",
            "Última salida",
            "Duración de la reunión",
            "Correo electrónico",
            "Id. de participante (UPN)",
            "Rol",
        ],
        "3. Actividades en la reunión",
        ["Nombre", "Hora de unión", "Hora de salida", "Duración", "Correo electrónico", "Rol"],
        {"organizer": "Organizador", "presenter": "Moderador", "attendee": "Asistente"},
        lambda m: f"{m.day}/{m.month}/{m:%Y, %H:%M:%S}",
    ),
}


def _length(first: datetime, last: datetime) -> str:
    minutes = int((last - first).total_seconds() // 60)
    return f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{minutes}m"


def report_rows(visitors: Sequence[Visitor], language: str = "en-GB", title: str = "Launch"):
    """The rows (lists of cells) of a current report, as Teams lays them out."""
    words = LANGUAGES[language]
    stamp = words.stamp
    every = [moment for v in visitors for visit in v.visits for moment in visit]
    start, end = min(every), max(every)
    rows: list[list[str]] = [
        [words.summary[0]],
        [words.summary[1], title],
        [words.summary[2], str(len(visitors))],
        [words.summary[3], stamp(start)],
        [words.summary[4], stamp(end)],
        [words.summary[5], _length(start, end)],
        [],
        [words.participants],
        words.participants_header,
    ]
    for v in visitors:
        first = min(j for j, _ in v.visits)
        last = max(leave for _, leave in v.visits)
        upn = v.email if v.upn is None else v.upn
        role = words.roles[v.role]
        rows.append([v.name, stamp(first), stamp(last), _length(first, last), v.email, upn, role])
    rows += [[], [words.activities], words.activities_header]
    for v in visitors:
        for join, leave in v.visits:
            role = words.roles[v.role]
            rows.append([v.name, stamp(join), stamp(leave), _length(join, leave), v.email, role])
    return rows


def old_log_rows(visitors: Sequence[Visitor]) -> list[list[str]]:
    """The 2020-21 log: one line per join or leave, in time order, names only, US times."""
    events = []
    for v in visitors:
        for index, (join, leave) in enumerate(v.visits):
            events.append((join, v.name, "Joined before" if index == 0 else "Joined"))
            events.append((leave, v.name, "Left"))
    events.sort()
    stamp = LANGUAGES["en-US"].stamp
    return [["Full Name", "User Action", "Timestamp"]] + [
        [name, action, stamp(moment)] for moment, name, action in events
    ]


def as_teams_csv(rows: Sequence[Sequence[str]]) -> bytes:
    """What Teams downloads: UTF-16 with a byte-order mark, tabs, CRLF."""
    return ("\r\n".join("\t".join(row) for row in rows) + "\r\n").encode("utf-16")


def as_excel_csv(rows: Sequence[Sequence[str]], delimiter: str = ",") -> bytes:
    """The report opened in Excel and saved as 'CSV UTF-8'."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows: Sequence[Sequence[str]], path: Path) -> Path:
    """The report opened in Excel and saved as a workbook (times kept as typed text)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row) or [None])
    book.save(path)
    return path


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
