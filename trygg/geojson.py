"""GeoJSON from users, bounded before it is parsed: one form field for every form that takes an outline.

Python's JSON parser recurses once per nesting level, so "[[[[…" a hundred thousand levels deep overflows
the stack (inside Django's JSONField, both when the form is cleaned and when a refused form is shown
again). The text's length and nesting are checked first, with a plain loop; a refused text is shown back
to its writer as written. An outline needs four levels (object, rings, ring, position); a Feature or a
MultiPolygon a few more.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput
from django.utils.translation import gettext_lazy as _

# The largest outline a place may have (2,000 vertices), pretty-printed, with room to spare.
MAX_GEOJSON_CHARS = 200_000
MAX_DEPTH = 8

# A string (its closing quote optional, so that a match never backtracks) or a bracket.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)


def _too_long() -> ValidationError:
    return ValidationError(
        _("GeoJSON-texten är för lång: högst %(n)s tecken tas emot.") % {"n": MAX_GEOJSON_CHARS},
        code="geojson_too_long",
    )


def _too_deep() -> ValidationError:
    return ValidationError(
        _("GeoJSON-texten är för djupt nästlad: högst %(n)s nivåer tas emot.") % {"n": MAX_DEPTH},
        code="geojson_too_deep",
    )


def text_too_deep(text: str) -> bool:
    """Whether JSON text nests arrays and objects deeper than MAX_DEPTH (brackets in strings do not count)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def value_too_deep(value) -> bool:
    """Whether parsed JSON nests lists and dicts deeper than MAX_DEPTH, checked without recursion."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            if depth > MAX_DEPTH:
                return True
            pending.extend((child, depth + 1) for child in item)
    return False


def check_text(text: str) -> None:
    """Refuses GeoJSON text too long or too deep to parse safely."""
    if len(text) > MAX_GEOJSON_CHARS:
        raise _too_long()
    if text_too_deep(text):
        raise _too_deep()


def check_value(value) -> None:
    """Refuses parsed GeoJSON nested deeper than any geometry (an API body is parsed before Trygg sees it)."""
    if value_too_deep(value):
        raise _too_deep()


def _is_text(value) -> bool:
    return isinstance(value, str) and not isinstance(value, InvalidJSONInput)


class GeoJSONFormField(forms.JSONField):
    """A JSONField whose text is bounded in length and nesting before json.loads sees it."""

    def to_python(self, value):
        if _is_text(value) and value not in self.empty_values:
            check_text(value)
        try:
            return super().to_python(value)
        except ValueError as error:  # not JSONDecodeError: an integer of more digits than Python converts
            if isinstance(error, ValidationError):
                raise
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from None

    def bound_data(self, data, initial):
        if _is_text(data) and not self.disabled:
            try:
                check_text(data)
                return super().bound_data(data, initial)
            except (ValidationError, ValueError):
                return InvalidJSONInput(data)
        return super().bound_data(data, initial)
