"""Which character encoding a text file that is not UTF-8 was written in.

Excel on a UK Windows PC saves CSV in Windows-1252, so that stays the answer whenever the
bytes read as plausible Western text. Otherwise charset-normalizer proposes encodings (Shift-JIS
from a Japanese PC, Windows-1250 from a Polish one, Windows-1251 ...), and the first whose text
reads as plausible letters wins. charset-normalizer alone is not trusted: on the short files
people import it calls a UK list with one "é" Japanese and a Polish one Western (measured).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import charset_normalizer

WESTERN = "cp1252"
_SAMPLE_BYTES = 64 * 1024
# Share of the non-ASCII characters that must be letters of one script (or everyday
# punctuation) for a decoding to be believed.
_PLAUSIBLE = 0.95
# Below this no decoding is believed, and Windows-1252 keeps every byte as some character.
_BELIEVABLE = 0.6
# Typography that Word, Outlook and Excel put into names, addresses and notes.
_EVERYDAY = frozenset("’‘“”–—…°·•\xa0«»")
# Encodings worth trying when charset-normalizer has nothing convincing: the ANSI code pages
# of the Windows versions an academy's partners are likely to run.
_FALLBACKS = ("cp1250", "cp1251", "cp932", "gb18030", "big5", "cp949", "cp1253", "cp1254")
_WINDOWS = frozenset(
    [*_FALLBACKS, "cp1255", "cp1256", "cp1257", "cp1258", "cp874", "cp936", "cp950", "shift_jis"]
)
_WORD = re.compile(r"[^\W\d_]{3,}")
# Currency signs count only before an amount: "£ukasz" is Polish "Łukasz" read as cp1252.
_AMOUNT = re.compile(r"[£€](?=[\d\s]|$)")
_CJK_NAMES = ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "FULLWIDTH", "IDEOGRAPHIC")


def guess_legacy_encoding(data: bytes) -> str:
    """The encoding of bytes that are not UTF-8 (nor UTF-16): Windows-1252 unless the text
    only makes sense in another."""
    sample = _trim_partial_character(data[:_SAMPLE_BYTES], len(data) > _SAMPLE_BYTES)
    western = plausibility(sample, WESTERN)
    if western >= _PLAUSIBLE:
        return WESTERN
    proposed = [match.encoding for match in charset_normalizer.from_bytes(sample)]
    # Excel on Windows writes the system's ANSI code page, so those are believed before the
    # ISO and Mac tables that charset-normalizer often ranks as high on a few lines of names.
    windows = [e for e in proposed if e in _WINDOWS]
    for group in ([*windows, *_FALLBACKS], proposed):
        best, best_score = WESTERN, max(western, _BELIEVABLE)
        for encoding in dict.fromkeys(group):
            score = plausibility(sample, encoding)
            if score > best_score:
                best, best_score = encoding, score
        if best != WESTERN:
            return best
    return WESTERN


def plausibility(data: bytes, encoding: str) -> float:
    """0 to 1: how much the non-ASCII text decoded with ``encoding`` looks like writing.

    Letters of one script and everyday punctuation count; symbols (³, ¾, ˜), control
    characters and a mix of scripts do not. Text with no non-ASCII characters scores 1.
    """
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return 0.0
    others = [ch for ch in text if ord(ch) > 127]
    if not others:
        return 1.0
    scripts: Counter[str] = Counter()
    fine = sum(1 for match in _AMOUNT.finditer(text))
    for ch in others:
        category = unicodedata.category(ch)
        if category.startswith("L"):
            scripts[_script(ch)] += 1
        elif ch in _EVERYDAY or category == "Mn":
            fine += 1
    main_script, main = scripts.most_common(1)[0] if scripts else ("", 0)
    # Letters outside the main script count against the decoding, as symbols do.
    score = (fine + main) / len(others)
    return score * (1 - _foreign_word_share(text, latin=main_script == "LATIN"))


def _foreign_word_share(text: str, latin: bool) -> float:
    """The share of words with non-ASCII letters that no one writes.

    Western names carry an accent or two among plain letters (Renée, Öztürk, Muñoz), while
    Cyrillic read as Windows-1252 gives words made almost wholly of accented letters ("Èâàí"
    for Иван). In other scripts a word does not mix in Latin letters, as Polish read as
    Windows-1251 does ("Јukasz" for Łukasz).
    """
    accented = foreign = 0
    for word in _WORD.findall(text):
        wide = sum(ord(ch) > 127 for ch in word)
        if wide:
            accented += 1
            foreign += (wide * 2 > len(word)) if latin else (wide < len(word))
    return foreign / accented if accented else 0.0


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    # Japanese mixes kanji and kana; full-width forms belong with them.
    if name.startswith(_CJK_NAMES):
        return "CJK"
    return name.split(" ", 1)[0]


def _trim_partial_character(sample: bytes, cut: bool) -> bytes:
    """A sample cut mid-file may end inside a multi-byte character: drop the last line."""
    if not cut:
        return sample
    end = sample.rfind(b"\n")
    return sample[: end + 1] if end > 0 else sample
