"""The rules for text a person typed: no invisible control characters anywhere, no line breaks in a
single-line field. One definition for forms, API serializers and imports, and the cleaning that exports
apply to text stored before these rules (a spreadsheet or Word file with ESC or BEL in it cannot be
written at all, and a line break in a mail subject makes the mail undeliverable)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; lone surrogates and the
# non-characters. None of them is text: they come from pasted terminal output or a crafted request, and
# XML (XLSX, DOCX) cannot hold the C0 ones, surrogates, U+FFFE or U+FFFF.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
CONTROL_MESSAGE = _(
    "Texten innehåller ett osynligt styrtecken (till exempel från inklistrad text). Ta bort det och försök igen."
)
LINE_BREAK_MESSAGE = _("Fältet ska vara en enda rad, utan radbrytningar.")


# The usual abbreviations of the control characters people meet, for messages that point at one.
CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL"}


def control_character_name(text: str) -> str | None:
    """The first control character in the text, as NUL, ESC … or U+001F; None when there is none."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    code = ord(found.group())
    return CONTROL_NAMES.get(code, f"U+{code:04X}")


def reject_control_characters(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_character")


def reject_line_breaks(value) -> None:
    if isinstance(value, str) and LINE_BREAKS.search(value):
        raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")


def printable(value):
    """The text without control characters (tab and line breaks kept); anything else as it is."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def one_line(text: str) -> str:
    """Every run of whitespace, line breaks included, as one space: what a mail subject can carry."""
    return " ".join(printable(text).split())
