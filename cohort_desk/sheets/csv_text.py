"""Turn the bytes of a CSV (or other delimited text) file into rows of strings."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter

from cohort_desk.errors import UnsafeFileError, UserError, file_in_use, is_file_in_use
from cohort_desk.sheets.encodings import WESTERN, guess_legacy_encoding
from cohort_desk.sheets.safety import MAX_CELLS, MAX_TEXT_BYTES, check_size, file_label

DELIMITERS = (",", ";", "\t", "|")
_SNIFF_CHARS = 64 * 1024
_SNIFF_ROWS = 50
# Signatures of common non-spreadsheet files people pick by mistake, for a precise refusal.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"%PDF",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"II*\x00",
    b"MM\x00*",
)
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v") | {"\x7f"}


def not_a_spreadsheet(name: str) -> UserError:
    return UserError(
        f"The file {name} is not a spreadsheet or CSV file; choose an Excel "
        "workbook (.xlsx or .xls), an OpenDocument sheet (.ods) or a CSV file."
    )


def read_text(path: str | os.PathLike[str]) -> str:
    """Read and decode a whole text file, refusing binary files and oversized ones."""
    name = file_label(path)
    if check_size(path) > MAX_TEXT_BYTES:
        raise UnsafeFileError(
            f"The text file {name} is larger than "
            f"{MAX_TEXT_BYTES // 2**20} MB, which is too big to import; "
            "split it into smaller files."
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        if is_file_in_use(exc):
            raise file_in_use(name) from None
        raise UserError(
            f"The file {name} could not be read; check that it is not open in "
            "another program and try again."
        ) from None
    return decode_bytes(data, name)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 (Teams), Windows-1252 (older Excel) or
    another legacy encoding the bytes only make sense in (sheets.encodings)."""
    if data.startswith(_BINARY_MAGIC):
        raise not_a_spreadsheet(name)
    encoding = _guess_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so nothing is lost.
        text = (
            data.decode("latin-1")
            if encoding == WESTERN
            else data.decode(encoding, errors="replace")
        )
    # A quoted multi-line cell written on Windows must not keep its "\r\n". A bare "\r" is
    # left alone: outside quotes the csv module already ends a row there, and inside quotes it
    # is the cell's own text (our exports neutralise a leading one and read it back).
    text = _drop_end_of_file_mark(text.removeprefix("\ufeff")).replace("\r\n", "\n")
    sample = text[:_SNIFF_CHARS]
    if "\x00" in sample or sum(ch in _CONTROL for ch in sample) > len(sample) / 100:
        raise not_a_spreadsheet(name)
    _refuse_markup(text, name)
    return text


def _guess_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:2000]
    # UTF-16 without a BOM: ASCII text leaves every other byte zero.
    if len(head) >= 4:
        odd_zero = head[1::2].count(0) / len(head[1::2])
        even_zero = head[0::2].count(0) / len(head[0::2])
        if odd_zero > 0.4 and even_zero < 0.05:
            return "utf-16-le"
        if even_zero > 0.4 and odd_zero < 0.05:
            return "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return guess_legacy_encoding(data)
    return "utf-8"


def _drop_end_of_file_mark(text: str) -> str:
    """Files from DOS-era programs end with Ctrl+Z (0x1A), which meant 'end of file' there."""
    mark = text.find("\x1a")
    if mark >= 0 and not text[mark:].strip("\x1a\x00 \t\r\n"):
        return text[:mark]
    return text


def _refuse_markup(text: str, name: str) -> None:
    """Web pages and Excel 2003 XML are often saved with an .xls name; say what to do."""
    start = text.lstrip()[:2000].lower()
    if start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in start:
        raise UserError(
            f"The file {name} is an old 'XML Spreadsheet 2003' file; open it in "
            "Excel, save it as an Excel workbook (.xlsx) and import that."
        )
    if start.startswith(("<!doctype html", "<html", "<table", "<?xml")):
        raise UserError(
            f"The file {name} is a web page or XML file, not a spreadsheet; open it "
            "in Excel, save it as an Excel workbook (.xlsx) and import that."
        )


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits the first lines into the most consistent columns.

    csv.Sniffer guesses wrongly on short files and on text with commas inside quotes, so each
    candidate is scored by how many sample rows share the most common field count.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            counts = [
                len(row)
                for _, row in zip(range(_SNIFF_ROWS), reader, strict=False)
                if any(cell.strip() for cell in row)
            ]
        except csv.Error:
            continue
        if not counts:
            continue
        width, agreeing = Counter(counts).most_common(1)[0]
        score = (agreeing, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def parse_rows(text: str, name: str, delimiter: str | None = None) -> list[list[str]]:
    """Split text into rows of equal width; quoted fields may hold delimiters and newlines."""
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    width = cells = 0
    try:
        for row in reader:
            rows.append(row)
            width = max(width, len(row))
            cells += len(row)
            if cells > MAX_CELLS:
                break
    except csv.Error as exc:
        # An unclosed quotation mark also makes one endless field; an even count of quotes
        # means the cell really is that long.
        if "field larger than field limit" in str(exc) and text.count('"') % 2 == 0:
            raise UserError(
                f"A cell in the CSV file {name} near row {reader.line_num} is longer than "
                f"Cohort Desk reads ({csv.field_size_limit():,} characters); shorten it and "
                "try again."
            ) from None
        raise UserError(
            f"The CSV file {name} could not be read near row {reader.line_num}, "
            "usually because of an unclosed quotation mark; open it in Excel, save "
            "it again and try once more."
        ) from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if cells > MAX_CELLS or len(rows) * width > MAX_CELLS:
        raise UnsafeFileError(
            f"The CSV file {name} has more cells than can be read safely "
            f"({MAX_CELLS:,} at most); split it into smaller files."
        )
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return rows
