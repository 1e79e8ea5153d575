"""Screening of free text for personal data: the one module every free-text field uses.

Trygg records places and situations, never people. Text is normalised first (NFKC, invisible characters
removed, every kind of dash read as "-"), so that "811218–9876" or "811218\u200b-9876" cannot slip through.
Refused outright:
- a Swedish personal identity or coordination number. Written in one of its usual forms (811218-9876,
  19811218 9876) it is refused also with a wrong check digit: to a reader it is still a personal number.
  Split anywhere else by spaces, hyphens, dots or plus signs ("81 12 18-98 76", "8 1 1 2 1 8 9 8 7 6") it
  is refused when python-stdnum finds a real date and a valid check digit, so that dates, times, counts
  and postcodes side by side in ordinary text ("2024-01-30 22.00", "645 30") pass;
- a phone number;
- an e-mail address, also spelled out or spaced ("kalle at example dot se", "kalle @ example . se").
Asked about: words that look like a person's name in any case (likely_names); the writer rewrites or
confirms. Positions in a PersonalDataHit refer to the normalised text.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as InvalidNumber
from stdnum.se import personnummer

DATA = Path(__file__).parent / "data"
# Dashes (Unicode category Pd) and the minus sign all read as "-".
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
# Full stops of other scripts read as ".", and blanks that are letters to Unicode (Hangul fillers, the
# braille blank) are dropped like the invisible format characters.
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"
_STOPS_AND_BLANKS = {ord("\u3002"): ".", ord("\uff61"): ".", **dict.fromkeys(map(ord, _BLANK_LETTERS))}
# Invisible: format characters, and marks with no letter of their own left after NFKC (a combining
# grapheme joiner or a variation selector between two digits).
_INVISIBLE = {"Cf", "Mn", "Me"}
# Separators a person might put inside a personal number or a phone number.
_SEP = r"[\s\-+/._]"
# 6 or 8 date digits, up to three separators, 4 digits.
_PERSONAL_NUMBER = re.compile(rf"(?<![\d])(\d{{2}})?(\d{{2}})(\d{{2}})(\d{{2}}){_SEP}{{0,3}}(\d{{4}})(?![\d])")
# Digits joined by up to eight spaces, line breaks, hyphens, dots, commas, plus signs, asterisks, slashes or
# underscores: where an identity number split anywhere is looked for.
_SPLIT = r"[ \t\r\n+.,*\-/_]"
_DIGIT_RUN = re.compile(rf"\d+(?:{_SPLIT}{{1,8}}\d+)*")
_GROUP = re.compile(rf"({_SPLIT}*)(\d+)")
# A time after a date ("2024-01-30 22.00") is not the last four digits of a personal number.
_TIME = re.compile(r"(?:[01]\d|2[0-3])\.[0-5]\d")
# Swedish numbers start with 0, +46, 0046 or (mobiles) 46; digits grouped by spaces, dashes, dots, slashes.
# Not straight after a digit and a dot or dash: "30.01.2024" is a date.
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[./-])(?:\+46|0046|46(?=[\s./-]*7)|0)[\s./-]*\(?0?\d(?:[\s()./-]*\d){6,10}(?![\d])"
)
# The "@" and the dots of an e-mail address, also spaced, bracketed or spelled out in English or Swedish.
_AT = r"(?:[ \t]*@[ \t]*|[ \t]*[(\[{][ \t]*(?:at|snabel-?a)[ \t]*[)\]}][ \t]*|[ \t_-]+(?:at|snabel-?a)[ \t_-]+)"
_DOT = r"(?:[ \t]*\.[ \t]*|[ \t]*[(\[{][ \t]*(?:dot|punkt)[ \t]*[)\]}][ \t]*|[ \t_-]+(?:dot|punkt)[ \t_-]+)"
_EMAIL = re.compile(rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*?{_DOT}[^\W\d_]{{2,}}(?![\w@])", re.IGNORECASE)


@dataclass(frozen=True)
class PersonalDataHit:
    kind: str  # "personal_number", "coordination_number", "personal_number_like", "phone", "email"
    start: int
    end: int


# Characters each of which normalise leaves as it is, whatever surrounds it: printable ASCII, tab and line
# breaks, and Latin-1's letters (å, ä, ö, é ...). Most texts hold nothing else and skip the work (it was a
# tenth of a large import's checks).
_UNCHANGED = re.compile(r"[\t\n\r\x20-\x7e\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]*")


def normalise(text: str) -> str:
    """NFKC (full-width digits and ＠ become ASCII), invisible format characters removed, dashes as "-"."""
    if _UNCHANGED.fullmatch(text):
        return text
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
    text = text.translate(_DASHES).translate(_STOPS_AND_BLANKS)
    # Other scripts' digits, and digits drawn in circles or as dingbats, as ASCII digits.
    return "".join(_ascii_digit(c) for c in text)


def _ascii_digit(c: str) -> str:
    if c.isascii():
        return c
    digit = unicodedata.digit(c, None)
    return c if digit is None else str(digit)


def _identity(digits: str) -> tuple[str, bool] | None:
    """For 10 or 12 digits that begin with a real date of birth: the kind of number they form and whether
    the check digit is right; None when the date is not one. Coordination numbers add 60 to the day."""
    date, tail = digits[:-4], digits[-4:]
    kind = "personal_number"
    if int(date[-2:]) > 60:
        date = f"{date[:-2]}{int(date[-2:]) - 60:02d}"
        kind = "coordination_number"
    try:
        personnummer.get_birth_date(f"{date}-{tail}")
    except (InvalidNumber, ValueError):
        return None
    return kind, luhn.is_valid(digits[-10:])


def _usual_form_hits(text: str) -> list[PersonalDataHit]:
    """Identity numbers in their usual forms: a wrong check digit still looks like one."""
    findings = []
    for match in _PERSONAL_NUMBER.finditer(text):
        identity = _identity("".join(part for part in match.groups() if part))
        if identity:
            kind, valid = identity
            findings.append(PersonalDataHit(kind if valid else "personal_number_like", match.start(), match.end()))
    return findings


class _Group(NamedTuple):
    """Digits of a run, with the separator before them and their place in the text."""

    separator: str
    digits: str
    start: int
    end: int


def _split_hits(text: str) -> list[PersonalDataHit]:
    """Identity numbers with separators anywhere, taken only with a real date and a valid check digit.

    A candidate is whole groups of digits, starting and ending where the run starts or ends or at a
    space: "2024-01-30 2024-02-06" has no candidate (each date is one group chain), "Kalle 85 01 01-1236
    15 år" has "85 01 01-1236"."""
    findings = []
    for run in _DIGIT_RUN.finditer(text):
        groups = [
            _Group(m.group(1), m.group(2), run.start() + m.start(2), run.start() + m.end())
            for m in _GROUP.finditer(run.group())
        ]
        for first in range(len(groups)):
            if first == 0 or _has_space(groups[first].separator):
                found = _candidate_at(groups, first)
                if found:
                    findings.append(found)
    return findings


def _has_space(separator: str) -> bool:
    return any(blank in separator for blank in " \t\r\n")


def _candidate_at(groups: list[_Group], first: int) -> PersonalDataHit | None:
    """The identity number that starts at groups[first], if any. Where twelve digits begin with a century
    and a real date they are the number (or not); their first ten are not tried on their own."""
    for window in _windows(groups, first):
        digits = "".join(group.digits for group in window)
        identity = _identity(digits)
        if len(digits) == 12 and (identity is None or digits[:2] not in ("18", "19", "20")):
            continue
        if identity is None or not identity[1]:
            return None
        return PersonalDataHit(identity[0], window[0].start, window[-1].end)
    return None


def _windows(groups: list[_Group], first: int) -> list[list[_Group]]:
    """The runs of whole groups from groups[first] that hold 12 or 10 digits and end at a boundary, longest
    first; a date followed by a time of day is none."""
    windows = []
    count = 0
    for last in range(first, len(groups)):
        count += len(groups[last].digits)
        at_boundary = last == len(groups) - 1 or _has_space(groups[last + 1].separator)
        if count in (10, 12) and at_boundary and not _ends_with_time(groups[first : last + 1]):
            windows.insert(0, groups[first : last + 1])
        if count >= 12:
            break
    return windows


def _ends_with_time(window: list[_Group]) -> bool:
    """Whether the groups end "<space>HH.MM" after a date: a date and a time of day."""
    if len(window) < 3 or window[-1].separator != "." or not _has_space(window[-2].separator):
        return False
    return bool(_TIME.fullmatch(f"{window[-2].digits}.{window[-1].digits}"))


def _overlaps(finding: PersonalDataHit, others: list[PersonalDataHit]) -> bool:
    return any(other.start < finding.end and finding.start < other.end for other in others)


def _digit_count(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _phone_prefix_digits(number: str) -> int:
    if number.startswith("+46"):
        return 2
    if number.startswith("0046"):
        return 4
    return 2 if number.startswith("46") else 1


def screen(text: str) -> list[PersonalDataHit]:
    """All personal data found in ``text`` (normalised), in order of position."""
    text = normalise(text)
    findings = _usual_form_hits(text)
    split = [found for found in _split_hits(text) if not _overlaps(found, findings)]
    findings.extend(split)
    for match in _PHONE.finditer(text):
        # Count digits as in the national form (leading 0): "0800-2300" (8) is a time span, not a number.
        digits = _digit_count(match.group()) - _phone_prefix_digits(match.group()) + 1
        if not 9 <= digits <= 11:
            continue
        overlapping = [f for f in findings if f.start < match.end() and match.start() < f.end]
        # A personal number in its usual form wins, and so do split digits the "number" starts inside of;
        # digits that only look like one (0701234567) are a phone number; split digits that form both from
        # their first digit ("010-567 36 28") are said to be either.
        if all(f.kind == "personal_number_like" or f in split and f.start == match.start() for f in overlapping):
            findings = [f for f in findings if f not in overlapping or f in split]
            findings.append(PersonalDataHit("phone", match.start(), match.end()))
    findings.extend(PersonalDataHit("email", m.start(), m.end()) for m in _EMAIL.finditer(text))
    return sorted(findings, key=lambda f: f.start)


MESSAGES = {
    "personal_number": _("Texten innehåller ett personnummer."),
    "coordination_number": _("Texten innehåller ett samordningsnummer."),
    "personal_number_like": _("Texten innehåller något som ser ut som ett personnummer."),
    "phone": _("Texten innehåller ett telefonnummer."),
    "email": _("Texten innehåller en e-postadress."),
}
ADVICE = _("Beskriv platser och situationer, inte personer. Ta bort uppgiften och försök igen.")


def quoted_names(names: list[str]) -> str:
    """The first three names found, quoted, for a message that asks about them."""
    return ", ".join(f"”{name}”" for name in names[:3])


def validate_no_names(value: str) -> None:
    """For channels where nobody can be asked to confirm (API, imports, Open311): likely names are refused."""
    names = likely_names(value or "")
    if names:
        raise ValidationError(
            _("Texten verkar innehålla namn på en person (%(names)s). Beskriv platser och situationer, inte personer.")
            % {"names": quoted_names(names)},
            code="personal_name",
        )


def validate_no_personal_data(value: str) -> None:
    """Django validator for every free-text field."""
    kinds = list(dict.fromkeys(f.kind for f in screen(value or "")))
    if kinds:
        raise ValidationError([MESSAGES[kind] for kind in kinds] + [ADVICE], code="personal_data")


# Likely names ---------------------------------------------------------------------------------------

_WORD = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)?\b")
_CAPITALISED = re.compile(r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?")
_SURNAME_ENDINGS = ("sson", "berg", "ström", "qvist", "kvist", "gren", "lund", "holm", "blad", "stedt", "dahl")
_AGE = re.compile(r"^\s*,?\s*\(?\d{1,2}\s*(?:år|åring|\))")


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """First names, surnames and the first names that are also everyday words, as the lists spell them."""

    def read(name: str) -> frozenset[str]:
        return frozenset(
            line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
        )

    return read("first_names.txt"), read("surnames.txt"), read("ambiguous_first_names.txt")


@lru_cache(maxsize=1)
def _folded_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The name lists case-folded: "kalle andersson" and "KALLE ANDERSSON" are names as much as "Kalle Andersson"."""
    return tuple(frozenset(name.casefold() for name in names) for names in _names())


def _is_surname(word: str) -> bool:
    return word in _folded_names()[1] or (len(word) > 5 and word.endswith(_SURNAME_ENDINGS))


def _is_pair(word: str, following: str) -> bool:
    """A first name and a surname in any case, or any capitalised word before a common surname ("Ali Hassan")."""
    first_names, surnames, _ = _folded_names()
    if word.casefold() in first_names and _is_surname(following.casefold()):
        return True
    return bool(_CAPITALISED.fullmatch(word) and _CAPITALISED.fullmatch(following)) and following.casefold() in surnames


def _is_single_name(word: str, after: str) -> bool:
    first_names, surnames, ambiguous = _folded_names()
    folded = word.casefold()
    if folded in first_names:
        return folded not in ambiguous or bool(_AGE.match(after))
    return folded in surnames and folded.endswith("sson")


def likely_names(text: str) -> list[str]:
    """Words that look like a person's name, in any case: a common first name (with a surname or an age), or
    a common surname after a capitalised word. A first name that is also an everyday word (Per, Bo, Hans)
    counts only beside a surname or an age. Used to ask the writer, never to store silently nor to refuse
    outright."""
    text = normalise(text or "").replace("_", " ")  # "Kalle_Andersson": an underscore joins like a space
    words = list(_WORD.finditer(text))
    found: list[str] = []
    i = 0
    while i < len(words):
        word = words[i].group()
        following = words[i + 1] if i + 1 < len(words) else None
        adjacent = following is not None and text[words[i].end() : following.start()].strip() == ""
        if adjacent and _is_pair(word, following.group()):
            found.append(f"{word} {following.group()}")
            i += 2
            continue
        if "-" in word and _is_pair(*word.split("-", 1)):  # "Kalle-Andersson"
            found.append(word)
        elif _is_single_name(word, text[words[i].end() : words[i].end() + 12]):
            found.append(word)
        i += 1
    return list(dict.fromkeys(found))


def screened_text(label, help_text="", max_length=2000, blank=True):
    """A free-text model field, bounded and screened for personal data: the one way models take prose."""
    return models.TextField(
        label, blank=blank, max_length=max_length, validators=[validate_no_personal_data], help_text=help_text
    )
