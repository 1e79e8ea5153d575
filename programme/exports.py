"""CSV and XLSX exports of the live follow-up table, with one stable column set."""

from django.http import HttpResponse

from trygg.exports import csv_response, xlsx_response

from .rollup import RollUp

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
    "kalla_for_vardet",
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


def _rows(result: RollUp):
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
            row.source,
            row.planned,
            row.delivered,
            _percent(row.progress),
            _percent(promise.progress),
            _percent(fa.progress),
            result.first.isoformat(),
            result.last.isoformat(),
        ]


def _filename(result: RollUp) -> str:
    return f"uppfoljning-{result.promise_set.municipality.slug}-{result.first}-{result.last}"


def follow_up_csv(result: RollUp) -> HttpResponse:
    return csv_response(COLUMNS, _rows(result), _filename(result))


def follow_up_xlsx(result: RollUp) -> HttpResponse:
    return xlsx_response(COLUMNS, _rows(result), _filename(result), "Uppföljning")
