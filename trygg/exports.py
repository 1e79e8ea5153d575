"""Tables as CSV, XLSX and GeoJSON responses: one place for every download, with stable columns."""

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

from .text import printable

# A cell starting with one of these is a formula to Excel and LibreOffice (=HYPERLINK(…) runs when opened).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def neutralise(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe (OWASP's advice for CSV
    injection), and loses control characters (XLSX cannot hold them); numbers stay numbers."""
    if isinstance(value, str):
        value = printable(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def swedish_cell(value):
    """A CSV cell as Swedish Excel reads it: decimal comma for non-whole numbers, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, (float, Decimal)) and not isinstance(value, bool):
        return str(value).replace(".", ",")
    return neutralise(value)


def csv_response(columns: Sequence[str], rows: Iterable[Sequence], filename: str) -> HttpResponse:
    """Semicolons, decimal commas and UTF-8 with a BOM: what Swedish Excel opens directly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(columns)
    writer.writerows([swedish_cell(v) for v in row] for row in rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(columns: Sequence[str], rows: Iterable[Sequence], filename: str, title: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(columns))
    for row in rows:
        sheet.append([neutralise(_plain(v)) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def geojson_response(
    columns: Sequence[str], rows: Iterable[Sequence], geometries: Iterable[dict | None], filename: str
) -> HttpResponse:
    """A FeatureCollection: one feature per row, the columns as properties (geometry may be null)."""
    features = [
        {"type": "Feature", "geometry": geometry, "properties": dict(zip(columns, map(_plain, row), strict=True))}
        for row, geometry in zip(rows, geometries, strict=True)
    ]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.geojson"'
    return response


def table_response(fmt: str, columns, rows, filename: str, title: str, geometries=None) -> HttpResponse:
    rows = list(rows)
    if fmt == "csv":
        return csv_response(columns, rows, filename)
    if fmt == "xlsx":
        return xlsx_response(columns, rows, filename, title)
    if fmt == "geojson":
        return geojson_response(columns, rows, geometries or [None] * len(rows), filename)
    raise ValueError(fmt)
