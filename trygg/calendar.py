"""Days, ISO weeks, periods and dates as Swedes write them, written once: "1 januari 2024" (Django's
"j F Y") and "24 nov. 20:00"; '2025-W23' and "Vecka 23, 2025"; a period that must not end before it starts.

Django's Swedish month abbreviations have no full stop ("nov"); Språkrådet's have one where a word is
cut short ("nov.", but "maj", "juni", "juli" and "mars" are whole words).
"""

import datetime

import numpy as np
from django.core.exceptions import ValidationError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_lazy

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


# Days outside these bounds hold no records, and at the calendar's ends time-zone arithmetic overflows.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


def local_day_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[first 00:00, day after last 00:00) in local time."""
    first, last = min(max(first, EARLIEST), LATEST), min(max(last, EARLIEST), LATEST)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), tz)
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min), tz)
    return start, end


def local_days(epoch_seconds: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 00:00 on the local wall clock (settings.TIME_ZONE) of each moment given in
    seconds since the epoch (UTC): calendar days with no summer-time hour in them, so that noon one Sunday
    and noon the next are 7.0 days apart across a clock change. Vectorised: the zone's UTC offset is
    looked up at the start and the end of each distinct UTC day, and moment by moment only on a day the
    offset changes."""
    seconds = np.asarray(epoch_seconds, dtype=float)
    if seconds.size == 0:
        return seconds.copy()
    zone = timezone.get_default_timezone()

    def offset(moment: float) -> float:
        return datetime.datetime.fromtimestamp(moment, zone).utcoffset().total_seconds()

    days, inverse = np.unique(np.floor(seconds / 86400), return_inverse=True)
    first = np.array([offset(day * 86400) for day in days])
    last = np.array([offset(day * 86400 + 86399.999) for day in days])
    offsets = first[inverse.ravel()].reshape(seconds.shape)
    changing = (first != last)[inverse.ravel()].reshape(seconds.shape)
    if changing.any():
        offsets[changing] = [offset(moment) for moment in seconds[changing]]
    return (seconds + offsets) / 86400


def parse_iso_week(text: str) -> datetime.date:
    """'2025-W23' -> the Monday of that ISO week. Raises ValueError for anything else."""
    year, _, number = text.upper().partition("-W")
    if not 1900 <= int(year) <= 2999:  # outside, neighbouring weeks would overflow the calendar
        raise ValueError(f"year out of range: {year}")
    return datetime.date.fromisocalendar(int(year), int(number), 1)


def iso_week_of(year: int, number: int) -> str:
    """ISO week ``number`` of ``year`` as '2025-W23' (the form URLs and files use)."""
    return f"{year}-W{number:02d}"


def iso_week(day: datetime.date) -> str:
    """The ISO week a day falls in, as '2025-W23'."""
    year, number, _weekday = day.isocalendar()
    return iso_week_of(year, number)


def week_title(year: int, number: int) -> str:
    """ "Vecka 23, 2025", in the active language."""
    return gettext("Vecka %(w)s, %(y)s") % {"w": number, "y": year}


END_BEFORE_START = gettext_lazy("Slutdatum kan inte vara före startdatum.")


def ends_before_start(start, end, *, strict: bool = False) -> bool:
    """Both ends are given and the end comes before the start; ``strict``: at or before it, for a period that
    must last. A missing end is another field's check (required or not)."""
    if start is None or end is None:
        return False
    return end <= start if strict else end < start


def period_errors(start, end, *, field: str, message=END_BEFORE_START, strict: bool = False) -> dict:
    """{field: message} when the period ends before it starts (see ends_before_start), else {}: for a form's
    ``add_error(None, ...)`` or a model's clean() that gathers its errors."""
    return {field: message} if ends_before_start(start, end, strict=strict) else {}


def check_period(start, end, *, field: str, message=END_BEFORE_START, strict: bool = False) -> None:
    """Raise ValidationError({field: message}) when the period ends before it starts: for a model's clean()."""
    if errors := period_errors(start, end, field=field, message=message, strict=strict):
        raise ValidationError(errors)
