"""CSV and XLSX exports of the log list, with one stable column set."""

from django.http import HttpResponse
from django.utils import timezone

from trygg.exports import table_response

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
