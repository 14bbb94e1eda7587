"""Checks run before any parser sees a file: size, kind, zip bombs, XML entities, extent."""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO, Literal

from cohort_desk.errors import UnsafeFileError, UserError, file_in_use, is_file_in_use

Kind = Literal["xlsx", "ods", "ole", "text"]

# Generous for 100,000 real rows (about 20 MB of CSV or 30 MB of sheet XML); a larger file is
# either not a register of people or an attack, and both are better refused than half-read.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_TEXT_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024
# calamine allocates width x height cells at once and aborts the whole process when that fails
# (a 5 KB workbook with one value in XFD1048576 asks for 500 GB), so the extent is checked first.
MAX_CELLS = 5_000_000

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 1024 * 1024

# Parts that are never XML; everything else calamine might be pointed at is scanned.
_BINARY_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".emf",
    ".wmf",
    ".bin",
    ".wdp",
    ".svgz",
)
# quick-xml matches DOCTYPE case-insensitively, and a part may be UTF-16, so both are covered.
_MARKUP = tuple(
    word.encode(enc)
    for word in ("<!doctype", "<!entity")
    for enc in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = 32
# Fast path: references beyond column Z or row 99,999 are rare, so only then is the extent measured.
_FAR_REF = re.compile(rb' r="(?:[A-Z]{2,3}[0-9]|[A-Z]{0,3}[0-9]{6})')
_ANY_REF = re.compile(rb' r="([A-Z]{0,3})([0-9]{1,9})"')
# Wider than formula_values' pattern (every formula tag <f>, <f .../> or <x:f> matches it), so
# a part where it never matches needs no second inflation to look for unsaved formulas.
_FORMULA_HINT = re.compile(rb"[<:]f[\s>/]")
# The same as `b"<f" in window`, in two thirds of the time over a sheet full of "<" (issue 22).
_TAG_F = re.compile(rb"<f")


def file_label(path: str | os.PathLike[str]) -> str:
    # "." and "dir/" have no name of their own; say which folder was meant.
    return Path(path).name or Path(os.path.abspath(path)).name or str(path)


def check_size(path: str | os.PathLike[str]) -> int:
    """Return the file's size after refusing empty, missing and oversized files, folders
    and Apple Numbers documents."""
    name = file_label(path)
    if os.path.isdir(path):
        if Path(path).suffix.lower() == ".numbers":
            raise numbers_document(name)
        raise UserError(
            f"{name} is a folder, not a file; choose the spreadsheet or CSV file inside it."
        )
    try:
        size = os.path.getsize(path)
    except OSError:
        raise UserError(
            f"The file {name} could not be opened; check that it still exists "
            "and that you have permission to read it."
        ) from None
    if size == 0:
        raise UserError(
            f"The file {name} is empty (0 bytes); export or save it again and choose the new copy."
        )
    if size > MAX_FILE_BYTES:
        raise UnsafeFileError(
            f"The file {name} is larger than {MAX_FILE_BYTES // 2**20} MB, "
            "which is too big to import; split it into smaller files."
        )
    return size


def detect_kind(path: str | os.PathLike[str]) -> Kind:
    """Decide the format from the first bytes, because names and extensions are often wrong."""
    return inspect_file(path)[0]


def inspect_file(path: str | os.PathLike[str]) -> tuple[Kind, frozenset[str] | None]:
    """detect_kind's answer, and for a zip the names of the parts that might hold a formula
    (found by the safety scan as it inflates them; None for files that are not zips)."""
    check_size(path)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return scan_zip(path)
    if head == OLE_MAGIC:
        return "ole", None
    return "text", None


def _entry_count(handle: BinaryIO, size: int) -> int:
    """Read the entry count from the end record so a huge central directory is never loaded."""
    tail_len = min(size, 65_557)
    handle.seek(size - tail_len)
    tail = handle.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise zipfile.BadZipFile("no end record")
    count = int(struct.unpack_from("<H", tail, at + 10)[0])
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        (offset,) = struct.unpack_from("<Q", tail, at - 12)
        handle.seek(offset)
        record = handle.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            count = int(struct.unpack_from("<Q", record, 32)[0])
    return count


def scan_zip(path: str | os.PathLike[str]) -> tuple[Kind, frozenset[str]]:
    """Refuse zip bombs and entity tricks, then say whether the zip is an xlsx or an ods and
    in which parts something like a formula tag was seen."""
    name = file_label(path)
    size = os.path.getsize(path)
    damaged = UserError(
        f"The file {name} is damaged or incomplete (perhaps it did not finish "
        "downloading); save it again from Excel and choose the new copy."
    )
    try:
        with open(path, "rb") as handle:
            if _entry_count(handle, size) > MAX_ZIP_ENTRIES:
                raise UnsafeFileError(
                    f"The file {name} holds more than {MAX_ZIP_ENTRIES:,} "
                    "parts, which no real spreadsheet needs; it was refused "
                    "for safety, so save the data again as a new workbook."
                )
            with zipfile.ZipFile(handle) as archive:
                infos = archive.infolist()
                _check_declared_sizes(name, infos)
                names = {info.filename for info in infos}
                kind = _zip_kind(name, archive, names)
                hinted = frozenset(
                    info.filename for info in infos if _check_entry(name, handle, info)
                )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        struct.error,
        EOFError,
        # zipfile's words for damaged headers: "strong encryption", "compressed patched data"
        NotImplementedError,
        RuntimeError,
        ValueError,
    ):
        raise damaged from None
    except OSError as exc:
        if is_file_in_use(exc):
            raise file_in_use(name) from None
        raise UserError(
            f"The file {name} could not be read; check that it is not open in "
            "another program and try again."
        ) from None
    return kind, hinted


def _check_declared_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    bomb = UnsafeFileError(
        f"The file {name} would expand to far more data than a spreadsheet "
        "holds (it looks like a 'zip bomb') and was refused for safety; "
        "ask the sender for the original workbook."
    )
    if len(infos) > MAX_ZIP_ENTRIES:
        raise bomb
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise bomb
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES and (
            info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise bomb
        if info.flag_bits & 0x1:
            raise UserError(
                f"The file {name} is encrypted; open it in Excel, remove the "
                "password and save it again."
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UserError(
                f"The file {name} uses a compression method that spreadsheets do "
                "not use; open it in Excel and save it again as a workbook."
            )


def numbers_document(name: str) -> UserError:
    return UserError(
        f"{name} is an Apple Numbers document, which Cohort Desk cannot read; open it in "
        "Numbers, choose File > Export To > Excel, and import the .xlsx file it saves."
    )


def _zip_kind(name: str, archive: zipfile.ZipFile, names: set[str]) -> Kind:
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
        if archive.read("mimetype").strip() == ODS_MIME:
            return "ods"
    elif "xl/workbook.xml" in names:
        return "xlsx"
    elif "xl/workbook.bin" in names:
        # Binary sheets escape the extent check above, and calamine would trust them blindly.
        raise UserError(
            f"The file {name} is an Excel binary workbook (.xlsb); open it in Excel, save it "
            "as an Excel workbook (.xlsx) and import that."
        )
    if "Index.zip" in names or any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        raise numbers_document(name)
    raise UserError(
        f"The file {name} is a zip archive or document, not a spreadsheet; choose "
        "an Excel workbook (.xlsx), an OpenDocument sheet (.ods) or a CSV file."
    )


def _check_entry(name: str, handle: BinaryIO, info: zipfile.ZipInfo) -> bool:
    """Inflate one entry ourselves: the declared size may lie, and parsers trust the data.
    True when the part might hold a formula (binary parts are not looked at: True)."""
    handle.seek(info.header_offset)
    local = handle.read(30)
    if local[:4] != ZIP_MAGIC:
        raise zipfile.BadZipFile("bad local header")
    name_len, extra_len = struct.unpack_from("<HH", local, 26)
    handle.seek(info.header_offset + 30 + name_len + extra_len)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    scan = not info.filename.lower().endswith(_BINARY_SUFFIXES)
    hinted = not scan
    left_raw, produced, carry = info.compress_size, 0, b""
    max_row = max_col = 0
    while left_raw > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        else:
            raw = handle.read(min(_CHUNK, left_raw))
            if not raw:
                raise zipfile.BadZipFile("truncated entry")
            left_raw -= len(raw)
            out = raw if inflater is None else inflater.decompress(raw, _CHUNK)
        produced += len(out)
        if produced > info.file_size:
            raise UnsafeFileError(
                f"The file {name} contains a part larger than it declares, "
                "a trick used to attack programs, and was refused for safety."
            )
        if scan and out:
            window = carry + out
            # Every word starts with "<!" (in UTF-16 too, "<\0!"), which has no case; most
            # windows have neither, and are passed without lower-casing 1 MB each time. A
            # window without "!" (one memchr, a twentieth of the two searches) has neither.
            marked = b"!" in window and (b"<!" in window or b"<\x00!" in window)
            if marked and any(word in window.lower() for word in _MARKUP):
                raise UnsafeFileError(
                    f"The file {name} contains XML entity declarations, which "
                    "real spreadsheets never need and attacks use, so it was "
                    "refused; save the data again as a new workbook."
                )
            if _FAR_REF.search(window):
                for letters, digits in _ANY_REF.findall(window):
                    max_row = max(max_row, int(digits))
                    max_col = max(max_col, _column_number(letters))
                if max_row * max_col > MAX_CELLS:
                    raise UnsafeFileError(
                        f"The file {name} has cells as far as row {max_row:,} "
                        f"and column {max_col:,}, too large to read safely; "
                        "delete the unused rows and columns and save it again."
                    )
            # Substring searches are far cheaper than the pattern over 1 MB; past the
            # namespaces at the top of a part, most windows hold no ":" at all (one memchr).
            if not hinted and (_TAG_F.search(window) or (b":" in window and b":f" in window)):
                hinted = _FORMULA_HINT.search(window) is not None
            carry = window[-_OVERLAP:]
    return hinted


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return max(number, 1)
