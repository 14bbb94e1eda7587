"""Files as they really come: other delimiters and encodings, DOS end marks, folders, Numbers
documents and formulas saved without their results."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from cohort_desk.errors import UserError
from cohort_desk.sheets.encodings import guess_legacy_encoding
from cohort_desk.sheets.reading import read_table, sheet_names
from cohort_desk.sheets.safety import scan_zip

# --- delimiters and end marks ---------------------------------------------------------------


def test_pipe_delimited_list(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(
        "First name|Surname|Email|Organisation\n"
        "Jane|Smith|jane@nhs.net|Guy's and St Thomas', London\n"
        "Ade|Bello|ade@nhs.net|King's College Hospital\n"
    )
    assert read_table(path).rows == [
        ["First name", "Surname", "Email", "Organisation"],
        ["Jane", "Smith", "jane@nhs.net", "Guy's and St Thomas', London"],
        ["Ade", "Bello", "ade@nhs.net", "King's College Hospital"],
    ]


@pytest.mark.parametrize("ending", [b"\x1a", b"\r\n\x1a", b"\x1a\r\n", b"\x1a\x1a"])
def test_csv_ending_in_a_dos_end_of_file_mark(tmp_path: Path, ending: bytes) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes(b"Email,Name\r\na@nhs.net,Ann\r\nb@nhs.net,Bob" + ending)
    assert read_table(path).rows == [["Email", "Name"], ["a@nhs.net", "Ann"], ["b@nhs.net", "Bob"]]


# --- encodings beyond UTF and Windows-1252 --------------------------------------------------

JAPANESE = (
    "氏名,メールアドレス,所属\r\n山田 太郎,taro@example.jp,東京病院\r\n"
    "佐藤 花子,hanako@example.jp,大阪クリニック\r\n"
)
POLISH = (
    "Imię;Nazwisko;Adres e-mail\r\nŁukasz;Wójcik;lukasz@example.pl\r\n"
    "Zofia;Żółć;zofia@example.pl\r\n"
)
RUSSIAN = "Имя,Фамилия,Email\r\nИван,Петров,ivan@example.ru\r\n"
WESTERN = [
    "Name,Email,Fee\r\nRenée Dubois,renee@nhs.net,£250\r\n",
    "Vorname;Nachname;E-Mail-Adresse\r\nJürgen;Groß;j@x.de\r\nÄnne;Öztürk;a@x.de\r\n",
    "Prénom;Nom;Courriel\r\nFrançoise;Lefèvre;f@x.fr\r\nÉmile;Zola;e@x.fr\r\n",
    "Nombre;Apellidos;Correo electrónico\r\nÑoño;Muñoz;n@x.es\r\n",
    "Nome;Apelido;Email\r\nJoão;Conceição;j@x.pt\r\n",
    "First,Last,Email\r\nZoë,O’Neill,z@nhs.net\r\n",
]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(JAPANESE, "shift_jis"), (POLISH, "cp1250"), (RUSSIAN, "cp1251")]
    + [(text, "cp1252") for text in WESTERN],
)
def test_legacy_encodings_are_read_as_written(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode(encoding))
    rows = read_table(path).rows
    expected = [line.split(";" if ";" in text else ",") for line in text.splitlines()]
    assert rows == expected


def test_a_long_shift_jis_file_is_detected_from_its_start(tmp_path: Path) -> None:
    lines = ["氏名,メール"] + [f"山田太郎{i},taro{i}@example.jp" for i in range(20_000)]
    data = "\r\n".join(lines).encode("shift_jis")
    assert guess_legacy_encoding(data) in ("cp932", "shift_jis")
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    assert read_table(path).rows[-1] == ["山田太郎19999", "taro19999@example.jp"]


# --- things that are not spreadsheet files --------------------------------------------------


def test_a_folder_is_refused_with_a_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "Sign-ups"
    folder.mkdir()
    with pytest.raises(UserError, match=r"^Sign-ups is a folder, not a file; choose"):
        read_table(folder)
    with pytest.raises(UserError, match="is a folder"):
        sheet_names(folder)


def test_the_current_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError, match=f"^{tmp_path.name} is a folder"):
        read_table(".")


NUMBERS_SAYS = r"Apple Numbers document.*File > Export To > Excel"


def test_numbers_package_folder_is_refused_saying_how_to_export(tmp_path: Path) -> None:
    package = tmp_path / "Cohort 6.numbers"
    (package / "Index").mkdir(parents=True)
    (package / "Index" / "Document.iwa").write_bytes(b"\x00" * 32)
    with pytest.raises(UserError, match=NUMBERS_SAYS):
        read_table(package)


@pytest.mark.parametrize("inner", ["Index/Document.iwa", "Index.zip"])
def test_numbers_single_file_is_refused_saying_how_to_export(tmp_path: Path, inner: str) -> None:
    path = tmp_path / "Cohort 6.numbers"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(inner, b"\x00" * 64)
        archive.writestr("Metadata/Properties.plist", b"bplist00")
    with pytest.raises(UserError, match=NUMBERS_SAYS):
        read_table(path)


# --- formulas without saved results ---------------------------------------------------------


def formula_workbook(path: Path) -> Path:
    """openpyxl writes formulas alone, as report generators do: no reader sees a value."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    sheet.append(["First name", "Surname", "Email"])
    for row in range(2, 5):
        sheet.append(["Jane", "Smith", f'=LOWER("JANE{row}@NHS.NET")'])
    book.save(path)
    return path


def test_formulas_without_saved_results_are_refused_saying_what_to_do(tmp_path: Path) -> None:
    path = formula_workbook(tmp_path / "generated.xlsx")
    with pytest.raises(UserError) as caught:
        read_table(path)
    assert str(caught.value) == (
        "The sheet 'People' in generated.xlsx has 3 formulas whose results were never saved "
        "(the program that wrote it does not calculate them), so those cells would import as "
        "empty; open the file in Excel or LibreOffice, save it, and import it again."
    )
    with pytest.raises(UserError, match="never saved"):
        read_table(path, "People")


def test_a_sheet_of_formulas_alone_is_not_called_empty(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "=1+1"
    book.save(tmp_path / "only.xlsx")
    with pytest.raises(UserError, match="has a formula whose results were never saved"):
        read_table(tmp_path / "only.xlsx")


def test_formulas_saved_with_their_results_read_as_values(tmp_path: Path) -> None:
    path = formula_workbook(tmp_path / "generated.xlsx")
    # What Excel does on saving: the result goes beside the formula.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for row in range(2, 5):
        sheet = sheet.replace(
            f'<f>LOWER("JANE{row}@NHS.NET")</f><v></v>',
            f'<f>LOWER("JANE{row}@NHS.NET")</f><v>jane{row}@nhs.net</v>',
        ).replace(f'<c r="C{row}">', f'<c r="C{row}" t="str">')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_table(path).rows[1] == ["Jane", "Smith", "jane2@nhs.net"]


def _rewrite_part(path: Path, part: str, data: bytes, stored: bool = False) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            method = zipfile.ZIP_STORED if stored and name == part else zipfile.ZIP_DEFLATED
            archive.writestr(name, body, compress_type=method)


def test_the_safety_scan_names_only_parts_that_might_hold_formulas(tmp_path: Path) -> None:
    # The formula check reads a sheet again only when the safety scan saw a formula tag in it.
    plain = openpyxl.Workbook()
    sheet = plain.active
    assert sheet is not None
    sheet.append(["Email", "Note"])
    sheet.append(["a@nhs.net", "f> and <fine"])
    plain.save(tmp_path / "plain.xlsx")
    kind, hinted = scan_zip(tmp_path / "plain.xlsx")
    assert kind == "xlsx" and "xl/worksheets/sheet1.xml" not in hinted
    kind, hinted = scan_zip(formula_workbook(tmp_path / "generated.xlsx"))
    assert "xl/worksheets/sheet1.xml" in hinted


def test_a_formula_tag_split_across_the_scans_chunks_is_still_found(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["First name", "Email"])
    sheet.append(["Jane", '=LOWER("JANE@NHS.NET")'])
    path = tmp_path / "generated.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    # Spaces between elements put "<" as the last byte of the first 1 MB the scan inflates.
    opened = xml.index(b"<sheetData")
    padding = b" " * (1024 * 1024 - 1 - xml.index(b"<f>"))
    padded = xml[:opened] + padding + xml[opened:]
    assert padded.index(b"<f>") == 1024 * 1024 - 1
    # Stored, not deflated: a megabyte of spaces would otherwise look like a zip bomb.
    _rewrite_part(path, "xl/worksheets/sheet1.xml", padded, stored=True)
    with pytest.raises(UserError, match="has a formula whose results were never saved"):
        read_table(path)


def test_a_prefixed_formula_tag_far_from_any_colon_is_noticed(tmp_path: Path) -> None:
    path = formula_workbook(tmp_path / "generated.xlsx")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    xml = xml.replace(
        main, main + b' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    )
    xml = xml.replace(b"<f>", b"<x:f>").replace(b"</f>", b"</x:f>")
    # The only ":" of the second megabyte is the formula's own.
    opened = xml.index(b"<sheetData")
    xml = xml[:opened] + b" " * (1024 * 1024) + xml[opened:]
    _rewrite_part(path, "xl/worksheets/sheet1.xml", xml, stored=True)
    assert "xl/worksheets/sheet1.xml" in scan_zip(path)[1]
    with pytest.raises(UserError, match="has 3 formulas whose results were never saved"):
        read_table(path)
