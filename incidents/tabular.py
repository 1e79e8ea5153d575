"""Incidents from CSV or XLSX, validated row by row before anything is written.

Columns (first row, in any order; Swedish names without å/ä/ö):
  intraffade   required  ÅÅÅÅ-MM-DD TT:MM (local time)
  till         optional  ÅÅÅÅ-MM-DD TT:MM, end of a time span
  kategori     required  category code, e.g. klotter, glaskross, belysning (see the taxonomy page)
  plats        optional  name of a place in the municipality; else latitud and longitud
  latitud      optional  WGS84, e.g. 59.3776
  longitud     optional  WGS84, e.g. 17.0313
  organisation optional  name of the reporting organisation
  beskrivning  optional  short description, screened for personal data
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Municipality, Organisation
from fieldwork.models import Place
from privacy.screening import validate_no_names

from .models import Incident, IncidentCategory

COLUMNS = ["intraffade", "till", "kategori", "plats", "latitud", "longitud", "organisation", "beskrivning"]
REQUIRED = {"intraffade", "kategori"}


class TableError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = "\n".join(problems[:30])
        more = f"\n… och {len(problems) - 30} fel till" if len(problems) > 30 else ""
        super().__init__(f"{len(problems)} fel, inget har importerats:\n{shown}{more}")


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings (dates from XLSX as ÅÅÅÅ-MM-DD TT:MM)."""
    if filename.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many types for a broken file
            raise TableError([f"filen kunde inte läsas som XLSX: {error}"]) from None
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableError(["filen är inte UTF-8-kodad text"]) from None
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t") if text.strip() else csv.excel
        rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [r for r in rows if any(cell for cell in r)]
    if not rows:
        raise TableError(["filen är tom"])
    header = [h.strip().lower() for h in rows[0]]
    missing = REQUIRED - set(header)
    unknown = set(header) - set(COLUMNS) - {""}
    if missing or unknown:
        problems = [f"kolumn saknas: {c}" for c in sorted(missing)] + [f"okänd kolumn: {c}" for c in sorted(unknown)]
        raise TableError(problems)
    return [dict(zip(header, [c.strip() for c in row], strict=False)) for row in rows[1:]]


def _cell(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


def _datetime(text: str) -> datetime.datetime:
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return timezone.make_aware(datetime.datetime.strptime(text, fmt))
        except ValueError:
            continue
    raise ValueError(f"ogiltig tid {text!r}, skriv ÅÅÅÅ-MM-DD TT:MM")


def build_incidents(rows: list[dict[str, str]], municipality: Municipality, source: str) -> list[Incident]:
    """Validate every row; raise TableError with every problem, by row number, if any row is bad."""
    categories = {c.code: c for c in IncidentCategory.objects.filter(active=True)}
    places = {p.name.lower(): p for p in Place.objects.filter(municipality=municipality).select_related("district")}
    organisations = {o.name.lower(): o for o in Organisation.objects.all()}
    incidents, problems = [], []
    for number, row in enumerate(rows, start=2):
        try:
            incidents.append(_incident(row, municipality, source, categories, places, organisations))
        except (ValueError, ValidationError) as error:
            problems.append(f"rad {number}: {_message(error)}")
    if problems:
        raise TableError(problems)
    return incidents


def _message(error) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        return " ".join(error.messages)
    return str(error)


def _incident(row, municipality, source, categories, places, organisations) -> Incident:
    category = categories.get(row.get("kategori", "").lower())
    if category is None:
        raise ValueError(f"okänd kategori {row.get('kategori')!r}")
    incident = Incident(
        municipality=municipality,
        category=category,
        source=source,
        occurred_at=_datetime(row["intraffade"]),
        occurred_until=_datetime(row["till"]) if row.get("till") else None,
        description=row.get("beskrivning", ""),
    )
    if row.get("plats"):
        place = places.get(row["plats"].lower())
        if place is None:
            raise ValueError(f"okänd plats {row['plats']!r} i {municipality}")
        incident.place, incident.district = place, place.district
        incident.latitude, incident.longitude = place.latitude, place.longitude
    else:
        try:
            incident.latitude, incident.longitude = Decimal(row.get("latitud", "")), Decimal(row.get("longitud", ""))
        except InvalidOperation:
            raise ValueError("ange plats eller latitud och longitud") from None
        incident.latitude, incident.longitude = round(incident.latitude, 6), round(incident.longitude, 6)
        incident.district = nearest_district(float(incident.latitude), float(incident.longitude), places.values())
    if row.get("organisation"):
        incident.reporting_organisation = organisations.get(row["organisation"].lower())
        if incident.reporting_organisation is None:
            raise ValueError(f"okänd organisation {row['organisation']!r}")
    incident.full_clean(exclude=["reported_by", "reviewed_by"])
    validate_no_names(incident.description)
    return incident


def nearest_district(lat: float, lon: float, places, within_km: float = 3.0):
    """The district of the nearest named place within ``within_km``, else None."""
    best, best_km = None, within_km
    for place in places:
        # Equirectangular distance: accurate to well under a percent at these distances.
        dy = (float(place.latitude) - lat) * 111.2
        dx = (float(place.longitude) - lon) * 111.2 * 0.5  # cos(60°) ≈ 0.5 in Sweden's middle latitudes
        km = (dx * dx + dy * dy) ** 0.5
        if km < best_km:
            best, best_km = place.district, km
    return best
