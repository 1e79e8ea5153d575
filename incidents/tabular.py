"""Incidents from CSV or XLSX, validated row by row before anything is written (the columns and their
help, in Swedish, are COLUMN_HELP; the import page shows them). CSV as Swedish Excel saves it: UTF-8
with or without BOM, or Windows-1252; semicolon, comma or tab; decimal comma or point (trygg.tables reads
the file within the incidents' limits)."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from accounts.models import Municipality, Organisation
from places.geometry import Area, municipality_area
from places.location import nearest_district
from places.models import Place
from privacy.screening import validate_no_names
from trygg import tables
from trygg.bounds import year_in_range
from trygg.calendar import ends_before_start
from trygg.tables import TableError, TableLimits

from .location import locate
from .models import Incident, IncidentCategory, new_public_ref

COLUMNS = ["intraffade", "till", "kategori", "plats", "latitud", "longitud", "organisation", "beskrivning"]
# (column, required, what it holds): the import page's help. Column names are written without å, ä, ö.
COLUMN_HELP = [
    ("intraffade", True, _l("När händelsen inträffade, ÅÅÅÅ-MM-DD TT:MM i svensk tid, t.ex. 2025-06-03 21:30.")),
    ("till", False, _l("Slutet på ett tidsspann, samma format.")),
    ("kategori", True, _l("Kategorins kod, t.ex. klotter, glaskross eller belysning (se sidan Kategorier).")),
    ("plats", False, _l("Namnet på en plats i kommunen. Annars latitud och longitud.")),
    ("latitud", False, _l("WGS84 med decimalkomma eller decimalpunkt, t.ex. 59,3776.")),
    ("longitud", False, _l("WGS84, t.ex. 17,0313.")),
    ("organisation", False, _l("Den rapporterande organisationens namn.")),
    ("beskrivning", False, _l("Kort beskrivning av platsen och situationen. Granskas: inga namn eller personnummer.")),
]
REQUIRED = {"intraffade", "kategori"}


MAX_CELL = 10_000  # characters; the longest column, beskrivning, holds 1,000
FILE_BYTES = 10 * 1024 * 1024  # the largest file the import page takes


def limits() -> TableLimits:
    """An incidents file: up to IMPORT_MAX_ROWS rows (100,000 by default, which bench/csv_import.py
    imports in the background in seconds); an XLSX of 100,000 rows unpacks to about 40 MB."""
    return TableLimits(
        rows=settings.IMPORT_MAX_ROWS,
        file_bytes=FILE_BYTES,
        unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
        line_chars=2 * MAX_CELL,
    )


def parse_size(content: bytes, filename: str) -> int:
    """The bytes an import of the file would parse; TableError, before any parsing, above the limits."""
    return tables.parse_size(content, filename, limits())


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """An incidents file's rows as dicts of stripped strings, within the incidents' limits."""
    return tables.read_rows(content, filename, columns=COLUMNS, required=REQUIRED, limits=limits())


# The form Swedish Excel writes, read by fromisoformat (C) instead of strptime (5 % of a large import's
# time); other spellings strptime accepts (one-digit months, say) still go through it.
_PLAIN_TIME = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?|T\d{2}:\d{2})")


def _naive_time(text: str) -> datetime.datetime | None:
    if _PLAIN_TIME.fullmatch(text):
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:  # a month 13, say: strptime refuses it too
            return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _datetime(text: str, latest: datetime.datetime | None = None, zone=None) -> datetime.datetime:
    """A local time from a cell, in ``zone`` (default: the current time zone); ``latest`` (default: five
    minutes from now) is the latest time accepted."""
    value = _naive_time(text)
    if value is None:
        raise ValueError(f"ogiltig tid {text!r}, skriv ÅÅÅÅ-MM-DD TT:MM")
    if not year_in_range(value):
        raise ValueError(f"tiden {text!r} ligger utanför år 1900–2999")
    value = timezone.make_aware(value, zone)
    if value > (latest or timezone.now() + datetime.timedelta(minutes=5)):
        raise ValueError(f"tiden {text!r} ligger i framtiden")
    return value


def _coordinate(text: str, name: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ".", 1) if text.count(",") == 1 and "." not in text else text)
        if not value.is_finite() or abs(value) > 1000:
            raise InvalidOperation
        return round(value, 6)
    except (InvalidOperation, ValueError):
        raise ValueError(
            f"{name} måste vara ett tal i WGS84, t.ex. 59,3776 (ange plats eller latitud och longitud)"
        ) from None


def _check_cells(row: dict[str, str]) -> None:
    for column, value in row.items():
        if len(value) > MAX_CELL:
            raise ValueError(f"kolumnen {column} har {len(value)} tecken; högst {MAX_CELL} tecken")


@dataclass(frozen=True)
class _Lookups:
    """What every row is checked against, read once per file."""

    municipality: Municipality
    source: str
    categories: dict[str, IncidentCategory]
    places: dict[str, Place]
    organisations: dict[str, Organisation]
    latest: datetime.datetime  # the latest time a row may give
    defaults: dict[str, Any]  # every column's default: a row's values are complete, as a model object's
    zone: datetime.tzinfo  # the time zone of the file's times: the current one, looked up once
    area: Area | None  # where the municipality's points lie (Incident.check_point), prepared once


def _lookups(municipality: Municipality, source: str, latest: datetime.datetime) -> _Lookups:
    return _Lookups(
        municipality,
        source,
        {c.code: c for c in IncidentCategory.objects.filter(active=True)},
        {p.name.lower(): p for p in Place.objects.filter(municipality=municipality).select_related("district")},
        # Only organisations that work in this municipality can be a report's source.
        {o.name.lower(): o for o in Organisation.objects.filter(municipalities=municipality)},
        latest,
        {f.attname: f.get_default() for f in Incident._meta.concrete_fields if not f.primary_key},
        timezone.get_current_timezone(),
        municipality_area(municipality.code),
    )


def check_rows(
    rows: list[dict[str, str]],
    municipality: Municipality,
    source: str,
    progress: Callable[[int], None] | None = None,
    every: int = 500,
) -> list[dict[str, Any]]:
    """Validate every row into an incident's column values ({attname: value}, ready for
    services.import_incidents); raise TableError with every problem, by row number, if any row is bad.
    ``progress(rows checked)`` is called every ``every`` rows."""
    lookups = _lookups(municipality, source, timezone.now() + datetime.timedelta(minutes=5))
    checked, problems = [], []
    for number, row in enumerate(rows, start=2):
        try:
            checked.append(_checked(row, lookups))
        except (ValueError, ValidationError) as error:
            problems.append(f"rad {number}: {_message(error)}")
        if progress and (number - 1) % every == 0:
            progress(number - 1)
    if problems:
        raise TableError(problems)
    return checked


def _message(error) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                " ".join(msgs) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(msgs)}"
                for field, msgs in error.message_dict.items()
            )
        return " ".join(error.messages)
    return str(error)


def _checked(row: dict[str, str], lookups: _Lookups) -> dict[str, Any]:
    """A row's values, checked the quick way; a row the quick way refuses is checked again through the
    model (_incident), which words the problem as every other channel does, or, should the quick way have
    been stricter than the model, accepts the row. The quick way never accepts what the model refuses
    (tests/test_import_checks.py holds the two side by side)."""
    try:
        return _row_values(row, lookups)
    except (LookupError, ValueError, ValidationError):
        incident = _incident(row, lookups)
        return {name: getattr(incident, name) for name in lookups.defaults}


def _coordinate_limits(name: str) -> tuple[Decimal, Decimal]:
    """A coordinate field's limits, from its validators. The only other one, the decimal places check,
    passes every value _coordinate rounds that lies within them (or a place's, stored by the same field)."""
    validators = {type(v): getattr(v, "limit_value", None) for v in Incident._meta.get_field(name).validators}
    if set(validators) != {MinValueValidator, MaxValueValidator, DecimalValidator}:
        raise ImproperlyConfigured(f"Incident.{name}'s validators changed: check _row_values against them")
    return validators[MinValueValidator], validators[MaxValueValidator]


_LIMITS = {name: _coordinate_limits(name) for name in ("latitude", "longitude")}
_DESCRIPTION = Incident._meta.get_field("description")


def _row_values(row: dict[str, str], lookups: _Lookups) -> dict[str, Any]:
    """The model's checks (ROW_FIELDS' validators, Incident.clean with its point inside the municipality,
    the name check) without a model object per row, which was most of a large import's time (about 70 µs
    a row)."""
    _check_cells(row)
    # A KeyError (an unknown category, place or organisation), like every other problem, sends the row
    # to the model's check, which words it.
    category = lookups.categories[row.get("kategori", "").lower()]
    occurred_at = _datetime(row.get("intraffade", ""), lookups.latest, lookups.zone)
    occurred_until = _datetime(row["till"], lookups.latest, lookups.zone) if row.get("till") else None
    if ends_before_start(occurred_at, occurred_until):
        raise ValueError("before its start")
    values = {
        **lookups.defaults,
        "public_ref": new_public_ref(),
        "municipality_id": lookups.municipality.pk,
        "category_id": category.pk,
        "source": lookups.source,
        "occurred_at": occurred_at,
        "occurred_until": occurred_until,
        "description": row.get("beskrivning", ""),
    }
    if row.get("plats"):
        place = lookups.places[row["plats"].lower()]
        values.update(
            place_id=place.pk, latitude=place.latitude, longitude=place.longitude, district_id=place.district_id
        )
    else:
        latitude = _coordinate(row.get("latitud", ""), "latitud")
        longitude = _coordinate(row.get("longitud", ""), "longitud")
        district = nearest_district(float(latitude), float(longitude), lookups.places.values())
        values.update(latitude=latitude, longitude=longitude, district_id=district.pk if district else None)
    for name, (low, high) in _LIMITS.items():
        if not low <= values[name] <= high:
            raise ValueError(f"{name} outside its limits")
    if lookups.area is not None and not lookups.area.contains(values["latitude"], values["longitude"]):
        raise ValueError("outside the municipality")
    if row.get("organisation"):
        values["reporting_organisation_id"] = lookups.organisations[row["organisation"].lower()].pk
    if values["description"]:
        _DESCRIPTION.run_validators(values["description"])
        validate_no_names(values["description"])
    return values


# The fields a row's cells reach; the others are constants of the import or come from the lists in
# _Lookups. Cleaning only these (and Incident.clean) finds what full_clean would, without its checks of
# twenty fields no cell reaches (they were a seventh of a large import's time).
ROW_FIELDS = ["occurred_at", "occurred_until", "latitude", "longitude", "description"]


def _clean(incident: Incident) -> None:
    """Model.full_clean's steps (clean_fields, then clean, errors merged) for ROW_FIELDS."""
    errors = {}
    for name in ROW_FIELDS:
        field = Incident._meta.get_field(name)
        raw = getattr(incident, field.attname)
        if field.blank and raw in field.empty_values:
            continue
        try:
            setattr(incident, field.attname, field.clean(raw, incident))
        except ValidationError as error:
            errors[name] = error.error_list
    try:
        incident.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _incident(row: dict[str, str], lookups: _Lookups) -> Incident:
    _check_cells(row)
    category = lookups.categories.get(row.get("kategori", "").lower())
    if category is None:
        raise ValueError(f"okänd kategori {row.get('kategori')!r}")
    incident = Incident(
        municipality=lookups.municipality,
        category=category,
        source=lookups.source,
        occurred_at=_datetime(row.get("intraffade", ""), lookups.latest),
        occurred_until=_datetime(row["till"], lookups.latest) if row.get("till") else None,
        description=row.get("beskrivning", ""),
    )
    if row.get("plats"):
        place = lookups.places.get(row["plats"].lower())
        if place is None:
            raise ValueError(f"okänd plats {row['plats']!r} i {lookups.municipality}")
        incident.place = place
    else:
        incident.latitude = _coordinate(row.get("latitud", ""), "latitud")
        incident.longitude = _coordinate(row.get("longitud", ""), "longitud")
    locate(incident, lookups.places.values())
    if row.get("organisation"):
        incident.reporting_organisation = lookups.organisations.get(row["organisation"].lower())
        if incident.reporting_organisation is None:
            raise ValueError(f"okänd organisation {row['organisation']!r} i {lookups.municipality}")
    _clean(incident)
    validate_no_names(incident.description)
    return incident
