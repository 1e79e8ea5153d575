"""Dates as Swedes write them, written once: "1 januari 2024" (Django's "j F Y") and "24 nov. 20:00".

Django's Swedish month abbreviations have no full stop ("nov"); Språkrådet's have one where a word is
cut short ("nov.", but "maj", "juni", "juli" and "mars" are whole words).
"""

import datetime

from django.utils import formats, timezone, translation

SWEDISH_SHORT_MONTHS = ("jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec.")


def short_date(value: datetime.date | datetime.datetime, with_time: bool = True) -> str:
    """ "24 nov. 20:00" (or "24 nov."); in English Django's "24 Nov. 20:00"."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    show_time = with_time and isinstance(value, datetime.datetime)
    if not translation.get_language() or translation.get_language().startswith("sv"):
        text = f"{value.day} {SWEDISH_SHORT_MONTHS[value.month - 1]}"
        return f"{text} {value:%H:%M}" if show_time else text
    return formats.date_format(value, "j N H:i" if show_time else "j N")
