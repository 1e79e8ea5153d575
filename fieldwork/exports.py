"""CSV and XLSX exports of the follow-up table, with one stable column set."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from .selectors import FollowUp

COLUMNS = [
    "fokusomrade",
    "lofte",
    "aktivitet",
    "indikator",
    "typ",
    "enhet",
    "utgangsvarde",
    "malvarde",
    "varde",
    "planerat",
    "genomfort_enligt_plan",
    "andel_av_mal_procent",
    "lofte_procent",
    "fokusomrade_procent",
    "period_fran",
    "period_till",
]


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _rows(result: FollowUp):
    for fa, promise, _activity, row in result.rows():
        indicator = row.indicator
        yield [
            fa.item.title,
            promise.item.text,
            indicator.activity.title,
            indicator.name,
            indicator.get_kind_display(),
            indicator.unit,
            indicator.baseline,
            indicator.target,
            row.value,
            row.planned,
            row.delivered,
            _percent(row.progress),
            _percent(promise.progress),
            _percent(fa.progress),
            result.first.isoformat(),
            result.last.isoformat(),
        ]


def _filename(result: FollowUp, extension: str) -> str:
    return f"uppfoljning-{result.promise_set.municipality.slug}-{result.first}-{result.last}.{extension}"


def follow_up_csv(result: FollowUp) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Swedish Excel opens semicolon-separated files directly
    writer.writerow(COLUMNS)
    writer.writerows([("" if v is None else v) for v in row] for row in _rows(result))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "csv")}"'
    return response


def follow_up_xlsx(result: FollowUp) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Uppföljning"
    sheet.append(COLUMNS)
    for row in _rows(result):
        sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "xlsx")}"'
    return response
