"""Screening of free text for personal data: the one module every free-text field uses.

Trygg records places and situations, never people. Text that contains a Swedish personal identity
number or coordination number (with a valid check digit), a phone number or an e-mail address is refused.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 6 or 8 date digits, optional separator (- or + for people over 100), 4 digits.
_PERSONAL_NUMBER = re.compile(r"(?<![\d])(\d{2})?(\d{2})(\d{2})(\d{2})\s?[-+]?\s?(\d{4})(?![\d])")
# Swedish numbers start with 0, +46 or 0046; digits may be grouped by spaces, dashes or a parenthesis.
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)[\s-]*\(?0?\d(?:[\s()-]*\d){6,10}(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}", re.UNICODE)


@dataclass(frozen=True)
class Finding:
    kind: str  # "personal_number", "coordination_number", "phone", "email"
    start: int
    end: int


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, char in enumerate(digits):
        value = int(char) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _identity_kind(century: str | None, yy: str, mm: str, dd: str, tail: str) -> str | None:
    """'personal_number' or 'coordination_number' when the digits form one, else None."""
    if not luhn_valid(yy + mm + dd + tail):
        return None
    day = int(dd)
    kind = "personal_number"
    if day > 60:  # coordination numbers add 60 to the day of birth
        day -= 60
        kind = "coordination_number"
    year = int((century or "20") + yy)
    for candidate in (year, year - 100):
        try:
            datetime.date(candidate, int(mm), day)
            return kind
        except ValueError:
            continue
    return None


def _digit_count(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _ascii_digits(text: str) -> str:
    """Other scripts' digits as ASCII digits, one character for one, so positions stay the same."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def screen(text: str) -> list[Finding]:
    """All personal data found in ``text``, in order of position."""
    text = _ascii_digits(text)
    findings: list[Finding] = []
    for match in _PERSONAL_NUMBER.finditer(text):
        kind = _identity_kind(*match.groups())
        if kind:
            findings.append(Finding(kind, match.start(), match.end()))
    for match in _PHONE.finditer(text):
        # Count digits as in the national form (leading 0): "0800-2300" (8) is a time span, not a number.
        prefix_digits = 2 if match.group().startswith("+46") else 4 if match.group().startswith("0046") else 1
        digits = _digit_count(match.group()) - prefix_digits + 1
        if 9 <= digits <= 11 and not any(f.start <= match.start() < f.end for f in findings):
            findings.append(Finding("phone", match.start(), match.end()))
    findings.extend(Finding("email", m.start(), m.end()) for m in _EMAIL.finditer(text))
    return sorted(findings, key=lambda f: f.start)


MESSAGES = {
    "personal_number": _("Texten innehåller ett personnummer."),
    "coordination_number": _("Texten innehåller ett samordningsnummer."),
    "phone": _("Texten innehåller ett telefonnummer."),
    "email": _("Texten innehåller en e-postadress."),
}
ADVICE = _("Beskriv platser och situationer, inte personer. Ta bort uppgiften och försök igen.")


def validate_no_personal_data(value: str) -> None:
    """Django validator for every free-text field."""
    kinds = list(dict.fromkeys(f.kind for f in screen(value or "")))
    if kinds:
        raise ValidationError([MESSAGES[kind] for kind in kinds] + [ADVICE], code="personal_data")
