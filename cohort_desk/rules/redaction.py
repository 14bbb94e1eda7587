"""Taking names out of free-text comments before anyone reads them in a summary or a report.

A comment is shown as written only when its writer agreed to be quoted. Otherwise the
writer's own name (however written) and the name of anyone the academy knows becomes
"[name]", and e-mail addresses and phone numbers go too. Known names are matched as words
with a capital letter ("Grace", not "grace"), so "I will use this" keeps its "will"; a few
names that are also everyday words are kept where they open a sentence ("Will use this.").
Removing too much is the safe side: a quote can always be asked for again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cohort_desk.rules.search import fold

NAME = "[name]"
EMAIL = "[e-mail]"
PHONE = "[phone]"
_WORD = re.compile(r"\w+(?:['’‘-](?![sS]\b)\w+)*")  # "Sam's": the name is "Sam"
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)(?:\+?\d[\d ()-]{8,}\d)(?!\w)")
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")
# Names that are everyday words too; kept at the start of a sentence, where any word has a
# capital letter. Elsewhere, capitalised, they are taken to be names.
EVERYDAY_WORDS = frozenset(
    "will may mark grace hope joy faith rose bill frank sunny summer young long brown white "
    "green black king hall wood hill page rich miles dean chase guy jack pat sue art bob ray "
    "gene victor april june august dawn ivy iris holly amber pearl ruby crystal sky rain "
    "star love sharp strong hunt bell field ford lane wells rivers banks park moss fox".split()
)
PARTICLES = frozenset(
    "van von de der den da di du dos das del della le la bin al el ter ten".split()
)
LONGEST_NAME = 4  # words in the longest name matched as one ("Maria de la Cruz")


@dataclass
class KnownNames:
    """The names to look for, folded (rules.search.fold): whole names of up to four words,
    and the single words of given and family names."""

    phrases: set[str] = field(default_factory=set)

    def add(self, *names: str) -> None:
        for name in names:
            words = [w for w in _WORD.findall(name) if w]
            if not words:
                continue
            self.phrases.add(fold(" ".join(words)))
            for word in words:
                if fold(word) not in PARTICLES and len(word) > 1:
                    self.phrases.add(fold(word))

    def __contains__(self, words: str) -> bool:
        return words in self.phrases


def known_names(people: Iterable[tuple[str, str, str]]) -> KnownNames:
    """Given, family and preferred names of everyone the database knows."""
    names = KnownNames()
    for given, family, preferred in people:
        names.add(given, family, preferred, f"{given} {family}")
    return names


def _capitalised(word: str) -> bool:
    # Scripts without capitals (Arabic, Chinese, Devanagari) count: there a name cannot be
    # told from other words by its look, so every match is taken out.
    return word[:1].isupper() or word.lower() == word.upper()


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start]
    return not before.strip() or bool(_SENTENCE_END.search(before))


def remove_names(text: str, known: KnownNames, own_names: Iterable[str] = ()) -> str:
    """``text`` with the writer's own names (any case) and known names (capitalised) replaced
    by "[name]", and e-mail addresses and phone numbers replaced too."""
    text = _EMAIL.sub(EMAIL, text)
    text = _PHONE.sub(PHONE, text)
    own = KnownNames()
    own.add(*own_names)
    words = list(_WORD.finditer(text))
    cuts: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        taken = _match_at(text, words, index, known, own)
        if taken:
            cuts.append((words[index].start(), words[index + taken - 1].end()))
            index += taken
        else:
            index += 1
    for start, end in reversed(cuts):
        text = text[:start] + NAME + text[end:]
    return text


def _match_at(
    text: str, words: list[re.Match[str]], index: int, known: KnownNames, own: KnownNames
) -> int:
    """How many words from ``index`` on make one name (0 when none)."""
    for length in range(min(LONGEST_NAME, len(words) - index), 0, -1):
        run = words[index : index + length]
        if any(not _joined(text, a, b) for a, b in zip(run, run[1:], strict=False)):
            continue
        phrase = fold(" ".join(w.group() for w in run))
        if phrase in own:
            return length
        first = run[0].group()
        if phrase in known and _capitalised(first):
            lone_everyday = length == 1 and fold(first) in EVERYDAY_WORDS
            if lone_everyday and _starts_sentence(text, run[0].start()):
                continue
            return length
    return 0


def _joined(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Two words of one name are separated by spaces only."""
    gap = text[left.end() : right.start()]
    return bool(gap) and not gap.strip()
