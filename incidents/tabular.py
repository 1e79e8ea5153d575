"""Incidents from CSV or XLSX, validated row by row before anything is written (the columns and their
help, in Swedish, are COLUMN_HELP; the import page shows them). CSV as Swedish Excel saves it: UTF-8
with or without BOM, or Windows-1252; semicolon, comma or tab; decimal comma or point."""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from openpyxl import load_workbook

from accounts.models import Municipality, Organisation
from fieldwork.models import Place
from privacy.screening import validate_no_names
from trygg.bounds import year_in_range

from .location import locate, nearest_district
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


class TableError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(problems[:30])
        more = f"\n… och {len(problems) - 30} fel till" if len(problems) > 30 else ""
        super().__init__(f"{len(problems)} fel, inget har importerats:\n{shown}{more}")


MAX_CELL = 10_000  # characters; the longest column, beskrivning, holds 1,000


def _limits() -> tuple[int, int]:
    return settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_UNCOMPRESSED_BYTES


def _xlsx_rows(content: bytes) -> list[list[str]]:
    max_rows, max_bytes = _limits()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise TableError(["filen kunde inte läsas som XLSX (den är inte en giltig XLSX-fil)"]) from None
    if unpacked > max_bytes:
        # Checked before parsing: a small file can inflate to gigabytes of XML.
        raise TableError(
            [f"filen är {unpacked // 1_000_000} MB uppackad; högst {max_bytes // 1_000_000} MB tas emot. Dela upp den."]
        )
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if len(rows) > max_rows + 1:
                raise TableError([f"filen har fler än {max_rows} rader; högst {max_rows} rader tas emot per import"])
    except TableError:
        raise
    except Exception as error:  # openpyxl raises many types for a broken file
        raise TableError([f"filen kunde inte läsas som XLSX: {error}"]) from None
    return rows


ENCODING_HINT = "spara filen i Excel som ”CSV UTF-8 (kommaavgränsad)” eller ”CSV (semikolonavgränsad)”, eller som XLSX"


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM) first, then Windows-1252, which Swedish Excel's plain "CSV" saves.
    UTF-16 ("Unicode-text") and other encodings get a hint on how to save the file instead."""
    head = content[:400]
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 20 and head.count(0) > len(head) // 3):
        raise TableError([f"filen är sparad som UTF-16 (”Unicode-text”): {ENCODING_HINT}"])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise TableError([f"filens teckenkodning känns inte igen: {ENCODING_HINT}"]) from None


def _csv_rows(content: bytes) -> list[list[str]]:
    max_rows, _max_bytes = _limits()
    text = decode_csv(content)
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";"
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append(row)
            if len(rows) > max_rows + 1:
                raise TableError([f"filen har fler än {max_rows} rader; högst {max_rows} rader tas emot per import"])
    except csv.Error as error:
        line = len(rows) + 1
        raise TableError([f"rad {line}: kunde inte läsas ({error}); en cell får ha högst {MAX_CELL} tecken"]) from None
    return rows


def read_rows(
    content: bytes, filename: str, columns: list[str] = COLUMNS, required: set[str] = REQUIRED
) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings (dates from XLSX as ÅÅÅÅ-MM-DD TT:MM). Bounded in rows and size.
    The header must name the required columns and no unknown ones (incidents' by default)."""
    rows = _xlsx_rows(content) if filename.lower().endswith(".xlsx") else _csv_rows(content)
    rows = [r for r in rows if any(cell for cell in r)]
    if not rows:
        raise TableError(["filen är tom"])
    header = [h.strip().lower() for h in rows[0]]
    missing = required - set(header)
    unknown = set(header) - set(columns) - {""}
    if missing or unknown:
        problems = [f"kolumn saknas: {c}" for c in sorted(missing)] + [f"okänd kolumn: {c}" for c in sorted(unknown)]
        raise TableError(problems)
    return [dict(zip(header, [c.strip() for c in row], strict=False)) for row in rows[1:]]


def _cell(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


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
        if "\x00" in value:
            raise ValueError(f"kolumnen {column} innehåller ett NUL-tecken")
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
            return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
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
    """The model's checks (ROW_FIELDS' validators, Incident.clean, the name check) without a model object
    per row, which was most of a large import's time (about 70 µs a row)."""
    _check_cells(row)
    # A KeyError (an unknown category, place or organisation), like every other problem, sends the row
    # to the model's check, which words it.
    category = lookups.categories[row.get("kategori", "").lower()]
    occurred_at = _datetime(row.get("intraffade", ""), lookups.latest, lookups.zone)
    occurred_until = _datetime(row["till"], lookups.latest, lookups.zone) if row.get("till") else None
    if occurred_until is not None and occurred_until < occurred_at:
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
