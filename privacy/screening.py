"""Screening of free text for personal data: the one module every free-text field uses.

Trygg records places and situations, never people. Text is normalised first (NFKC, invisible characters
removed, every kind of dash read as "-"), so that "811218–9876" or "811218\u200b-9876" cannot slip through.
Refused outright: a Swedish personal identity or coordination number (also with a wrong check digit: to a
reader it is still a personal number), a phone number, an e-mail address (also written with "(at)").
Asked about: words that look like a person's name (likely_names); the writer rewrites or confirms.
Positions in a Finding refer to the normalised text.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).parent / "data"
# Dashes (Unicode category Pd) and the minus sign all read as "-".
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
# Separators a person might put inside a personal number or a phone number.
_SEP = r"[\s\-+/._]"
# 6 or 8 date digits, up to three separators, 4 digits.
_PERSONAL_NUMBER = re.compile(rf"(?<![\d])(\d{{2}})?(\d{{2}})(\d{{2}})(\d{{2}}){_SEP}{{0,3}}(\d{{4}})(?![\d])")
# Swedish numbers start with 0, +46, 0046 or (mobiles) 46; digits grouped by spaces, dashes, dots, slashes.
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|46(?=[\s./-]*7)|0)[\s./-]*\(?0?\d(?:[\s()./-]*\d){6,10}(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}", re.UNICODE)
_AT = re.compile(r"\s*[(\[{]\s*(?:at|snabel-?a)\s*[)\]}]\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*[(\[{]\s*(?:dot|punkt)\s*[)\]}]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
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
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = text.translate(_DASHES)
    # Other scripts' digits as ASCII digits.
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, char in enumerate(digits):
        value = int(char) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _identity_kind(century: str | None, yy: str, mm: str, dd: str, tail: str) -> str | None:
    """The kind of identity number the digits form (by date; a wrong check digit still looks like one)."""
    day = int(dd)
    kind = "personal_number"
    if day > 60:  # coordination numbers add 60 to the day of birth
        day -= 60
        kind = "coordination_number"
    year = int((century or "20") + yy)
    for candidate in (year, year - 100):
        try:
            datetime.date(candidate, int(mm), day)
        except ValueError:
            continue
        return kind if luhn_valid(yy + mm + dd + tail) else "personal_number_like"
    return None


def _digit_count(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _phone_prefix_digits(number: str) -> int:
    if number.startswith("+46"):
        return 2
    if number.startswith("0046"):
        return 4
    return 2 if number.startswith("46") else 1


def screen(text: str) -> list[Finding]:
    """All personal data found in ``text`` (normalised), in order of position."""
    text = normalise(text)
    findings: list[Finding] = []
    for match in _PERSONAL_NUMBER.finditer(text):
        kind = _identity_kind(*match.groups())
        if kind:
            findings.append(Finding(kind, match.start(), match.end()))
    for match in _PHONE.finditer(text):
        # Count digits as in the national form (leading 0): "0800-2300" (8) is a time span, not a number.
        digits = _digit_count(match.group()) - _phone_prefix_digits(match.group()) + 1
        if not 9 <= digits <= 11:
            continue
        overlapping = [f for f in findings if f.start < match.end() and match.start() < f.end]
        # A valid personal number wins; digits that only look like one (0701234567) are a phone number.
        if all(f.kind == "personal_number_like" for f in overlapping):
            findings = [f for f in findings if f not in overlapping]
            findings.append(Finding("phone", match.start(), match.end()))
    spelled = _DOT.sub(".", _AT.sub("@", text))
    findings.extend(Finding("email", m.start(), m.end()) for m in _EMAIL.finditer(spelled))
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

_WORD = re.compile(r"\b[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\b")
_SURNAME_ENDINGS = ("sson", "berg", "ström", "qvist", "kvist", "gren", "lund", "holm", "blad", "stedt", "dahl")
_AGE = re.compile(r"^\s*,?\s*\(?\d{1,2}\s*(?:år|åring|\))")


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    def read(name: str) -> frozenset[str]:
        return frozenset(
            line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
        )

    return read("first_names.txt"), read("surnames.txt"), read("ambiguous_first_names.txt")


def _is_surname(word: str) -> bool:
    surnames = _names()[1]
    return word in surnames or (len(word) > 5 and word.lower().endswith(_SURNAME_ENDINGS))


def likely_names(text: str) -> list[str]:
    """Words that look like a person's name: a common first name (with a surname or an age), or a common
    surname after a capitalised word. A first name that is also an everyday word (Per, Bo, Hans) counts only
    beside a surname or an age. Used to ask the writer, never to store silently nor to refuse outright."""
    text = normalise(text or "")
    first_names, surnames, ambiguous = _names()
    words = list(_WORD.finditer(text))
    found: list[str] = []
    i = 0
    while i < len(words):
        word = words[i].group()
        following = words[i + 1] if i + 1 < len(words) else None
        adjacent = following is not None and text[words[i].end() : following.start()].strip() == ""
        if adjacent and (word in first_names and _is_surname(following.group()) or following.group() in surnames):
            found.append(f"{word} {following.group()}")
            i += 2
            continue
        if word in first_names and (word not in ambiguous or _AGE.match(text[words[i].end() : words[i].end() + 12])):
            found.append(word)
        elif word in surnames and word.endswith("sson"):
            found.append(word)
        i += 1
    return list(dict.fromkeys(found))
