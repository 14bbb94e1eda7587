"""Read a PDF back the way a reader would: its text, and whether any character was drawn with
a font's missing-glyph box (.notdef). Shared by the document tests of every script."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

import pypdf
from fontTools.ttLib import TTFont

# Names in every script the academy's workforce writes, as family name, given name.
EVERY_SCRIPT: dict[str, tuple[str, str]] = {
    "Vietnamese": ("Nguyễn", "Thị Minh Khai"),
    "Latin diacritics": ("Ó Dónaill-Šimková", "Siobhán Zoë Łucja Ævarsdóttir"),
    "Greek": ("Παπαδοπούλου", "Ελένη"),
    "Cyrillic": ("Иванова", "Дарья"),
    "Arabic": ("الهاشمي", "محمد عبد الله"),
    "Urdu": ("خان", "عمران پرویز"),
    "Hebrew": ("כהן", "דוד"),
    "Devanagari": ("शर्मा", "अनन्या"),
    "Bengali": ("চট্টোপাধ্যায়", "সৌমিত্র"),
    "Gurmukhi": ("ਸਿੰਘ", "ਗੁਰਪ੍ਰੀਤ"),
    "Gujarati": ("પટેલ", "ક્ષિતિજ"),
    "Tamil": ("இராமசாமி", "தமிழ்செல்வி"),
    "Sinhala": ("පෙරේරා", "ශ්‍රියානි"),
    "Thai": ("ใจดี", "สมชาย"),
    "Chinese": ("王", "秀英"),
    "Japanese": ("山田", "はなこ"),
    "Korean": ("김", "민준"),
}
# Scripts no bundled font covers: a name in them must be refused, never printed as boxes.
NO_FONT = {"Cherokee": "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ", "Ethiopic": "አበበ ቢቂላ"}


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _canonical(text: str) -> str:
    """NFKD turns Arabic presentation forms back into letters and splits two-part vowels
    (Bengali "ো" is drawn as "ে" before and "া" after its consonant); spaces and joiners go."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def contains_word(text: str, word: str) -> bool:
    """Whether every character of word stands together somewhere in text, in any order: a
    PDF holds Indic vowel signs and right-to-left letters in the order they are drawn."""
    text, word = _canonical(text), _canonical(word)
    if word in text:
        return True
    want, n = Counter(word), len(word)
    return any(Counter(text[i : i + n]) == want for i in range(len(text) - n + 1))


def missing_names(pdf: bytes, names: list[str]) -> list[str]:
    """The names (checked word by word) that cannot be read back from the PDF."""
    text = text_of(pdf)
    return [name for name in names if not all(contains_word(text, w) for w in name.split())]


def _used_codes(
    content: object, resources: object, reader: pypdf.PdfReader
) -> Iterator[tuple[object, int]]:
    """(font dictionary, code) for every character code a content stream shows, forms included."""
    from pypdf.generic import ContentStream

    resources = resources.get_object() if resources else {}
    font_dicts = {name: f.get_object() for name, f in (resources.get("/Font") or {}).items()}
    forms = {
        name: x.get_object()
        for name, x in (resources.get("/XObject") or {}).items()
        if x.get_object().get("/Subtype") == "/Form"
    }
    font = None
    for operands, operator in ContentStream(content, reader).operations:
        if operator == b"Tf":
            font = font_dicts.get(operands[0])
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            items = operands[0] if operator == b"TJ" else [operands[-1]]
            for item in items:
                if isinstance(item, (bytes, str)) and font is not None:
                    data = item.original_bytes if hasattr(item, "original_bytes") else item
                    for code in bytes(data):
                        yield font, code
        elif operator == b"Do" and operands[0] in forms:
            form = forms[operands[0]]
            yield from _used_codes(form, form.get("/Resources"), reader)


def _to_unicode(font: object) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    pairs = re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", data.split("beginbfchar", 1)[-1])
    return {int(code, 16): bytes.fromhex(dest).decode("utf-16-be") for code, dest in pairs}


def notdef_characters(pdf: bytes) -> list[tuple[str, str]]:
    """(font, character) for every character the PDF draws with the missing-glyph box: codes
    shown whose embedded glyph is glyph 0, or the U+FFFF ReportLab gives a shaped glyph 0."""
    found: set[tuple[str, str]] = set()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    checked: dict[int, tuple[dict[int, str], dict[int, str], str]] = {}
    for page in reader.pages:
        for font, code in _used_codes(page.get_contents(), page.get("/Resources"), reader):
            descriptor = font.get("/FontDescriptor")
            if not descriptor or "/FontFile2" not in descriptor.get_object():
                continue
            if id(font) not in checked:
                program = descriptor.get_object()["/FontFile2"].get_object().get_data()
                embedded = TTFont(io.BytesIO(program))
                cmap = embedded["cmap"].tables[0].cmap
                checked[id(font)] = (cmap, _to_unicode(font), embedded.getGlyphOrder()[0])
            cmap, unicode_of, notdef = checked[id(font)]
            chars = unicode_of.get(code, "?")
            if cmap.get(code, notdef) == notdef or chars == "\uffff":
                found.add((str(font["/BaseFont"]), chars))
    return sorted(found)
