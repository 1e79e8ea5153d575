"""CSV and XLSX exports of the follow-up table and of the log list, each with one stable column set."""

from django.http import HttpResponse
from django.utils import timezone

from programme.rollup import RollUp
from trygg.exports import csv_response, table_response, xlsx_response

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


LOG_COLUMNS = [
    "typ",
    "start",
    "slut",
    "timmar",
    "kommun",
    "platser",
    "organisation",
    "planerat_pass",
    "personal",
    "kontakter_unga",
    "kontakter_ovriga",
    "deltagare",
]


def logs_table(fmt: str, logs) -> HttpResponse:
    """The filtered log list. Observations are left out: free text about situations stays in the app."""
    rows = (
        [
            log.get_log_type_display(),
            timezone.localtime(log.started_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(log.ended_at).strftime("%Y-%m-%d %H:%M"),
            round(log.duration_hours, 2),
            log.municipality.name,
            ", ".join(place.name for place in log.places.all()),
            log.organisation.name,
            log.plan.title if log.plan else "",
            log.staff_count,
            log.youth_contacts,
            log.citizen_contacts,
            log.audience_size,
        ]
        for log in logs
    )
    return table_response(fmt, LOG_COLUMNS, rows, "pass", "Pass")
