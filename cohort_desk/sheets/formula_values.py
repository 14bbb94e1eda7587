"""Find formulas whose results were never saved, so an import can say why their cells are empty.

Excel saves each formula's last result beside it, and readers such as calamine show that
result. Some programs (openpyxl, report generators) write the formula alone: every reader then
sees an empty cell, and a list of people built with =LOWER(...) looks like a list with no
e-mail addresses. Only Excel or LibreOffice, by calculating and saving, can fill them in.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
import zlib

from defusedxml import ElementTree

_ANY_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ODS_FORMULA = re.compile(rb"table:formula=")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def unsaved_formula_cells(
    path: str | os.PathLike[str],
    kind: str,
    sheet: str,
    hinted: frozenset[str] | None = None,
) -> int:
    """How many formula cells of ``sheet`` have no saved result (0 for CSV and .xls files,
    whose formulas always carry one). ``hinted``, when given, names the parts the safety scan
    saw anything like a formula tag in (safety.scan_zip); any other part is not read again."""
    try:
        with zipfile.ZipFile(path) as archive:
            if kind == "xlsx":
                part = _sheet_part(archive, sheet)
                if not part or (hinted is not None and part not in hinted):
                    return 0
                return _xlsx_count(archive.read(part))
            if kind == "ods":
                return _ods_count(archive.read("content.xml"), sheet)
    except (
        KeyError,
        zipfile.BadZipFile,
        ElementTree.ParseError,
        OSError,
        EOFError,
        zlib.error,
        # zipfile's words for damaged entry headers: "strong encryption", "password required"
        NotImplementedError,
        RuntimeError,
        ValueError,
    ):
        pass  # the reader has already opened this file; what it says stands
    return 0


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next((s.get(_REL) for s in book.iter(f"{_MAIN}sheet") if s.get("name") == sheet), None)
    if rel_id is None:
        return None
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def _xlsx_count(xml: bytes) -> int:
    if not _ANY_FORMULA.search(xml):
        return 0  # the usual case, found without parsing
    count = 0
    for _event, element in ElementTree.iterparse(io.BytesIO(xml)):
        if element.tag != f"{_MAIN}c":
            continue
        if element.find(f"{_MAIN}f") is not None:
            value = element.find(f"{_MAIN}v")
            # An empty saved text result is written as t="str" with an empty value.
            saved = value is not None and (bool(value.text) or element.get("t") == "str")
            count += not saved
        element.clear()
    return count


def _ods_count(xml: bytes, sheet: str) -> int:
    if not _ODS_FORMULA.search(xml):
        return 0
    count = 0
    current = None
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        if element.tag == f"{{{_TABLE}}}table" and event == "start":
            current = element.get(f"{{{_TABLE}}}name")
        elif element.tag == f"{{{_TABLE}}}table-cell" and event == "end":
            formula = element.get(f"{{{_TABLE}}}formula")
            if formula and current == sheet and not element.get(f"{{{_OFFICE}}}value-type"):
                count += 1
            element.clear()
    return count
