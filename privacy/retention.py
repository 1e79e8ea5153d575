"""Retention: delete or anonymise what has passed its retention period.

Periods are days, configurable per record type in settings.RETENTION_DAYS. Counts and places are kept
where they feed follow-ups; what identifies or describes is removed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

DEFAULT_DAYS = {
    # A citizen's e-mail for feedback: one year after the report.
    "incident_contact_email": 365,
    # Rejected reports, as a whole: one year after the report.
    "rejected_incidents": 365,
    # Free-text observations of field work: three years; the counts stay for the follow-up.
    "activity_log_observations": 3 * 365,
    # Photos attached to reports: half a year, long enough to review and act on the damage.
    "incident_photos": 183,
    # Incident descriptions: five years; category, time and place stay for trends.
    "incident_descriptions": 5 * 365,
    # The police's open events: five years.
    "police_events": 5 * 365,
    # Camera register documentation: five years after the site's end.
    "camera_sites_after_end": 5 * 365,
    # Finished background jobs and the schedule's slots: a month, for troubleshooting.
    "finished_jobs": 30,
    "scheduled_runs": 30,
    "finished_imports": 30,  # the file itself is erased as soon as its import ends
    "abandoned_staged_rows": 2,  # an import whose worker died and was not retried left them, unseen
    # The audit log: ten years.
    "audit_entries": 10 * 365,
}


@dataclass(frozen=True)
class Outcome:
    record_type: str
    action: str
    count: int


def days(record_type: str) -> int:
    return {**DEFAULT_DAYS, **getattr(settings, "RETENTION_DAYS", {})}[record_type]


def _cutoff(record_type: str, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=days(record_type))


@transaction.atomic
def apply(now: datetime.datetime | None = None, dry_run: bool = False) -> list[Outcome]:
    from django_tasks_db.models import DBTaskResult

    from accounts.models import AuditEntry
    from fieldwork.models import ActivityLog, CameraSite
    from incidents.models import Incident, IncidentImport, IncidentPhoto, PoliceEvent
    from jobs.models import ScheduledRun

    now = now or timezone.now()
    # An import's rows are invisible until it is done (incidents.services.import_staged).
    not_done = IncidentImport.objects.exclude(status=IncidentImport.Status.DONE)
    with_rows = Incident.everything.filter(import_job__isnull=False).values("import_job")
    plans = [
        (
            "incident_contact_email",
            "anonymised",
            Incident.objects.filter(created_at__lt=_cutoff("incident_contact_email", now)).exclude(contact_email=""),
            {"contact_email": ""},
        ),
        (
            "rejected_incidents",
            "deleted",
            Incident.objects.filter(status=Incident.Status.REJECTED, created_at__lt=_cutoff("rejected_incidents", now)),
            None,
        ),
        (
            "activity_log_observations",
            "anonymised",
            ActivityLog.objects.filter(started_at__lt=_cutoff("activity_log_observations", now)).exclude(
                observations=""
            ),
            {"observations": ""},
        ),
        (
            "incident_descriptions",
            "anonymised",
            Incident.objects.filter(created_at__lt=_cutoff("incident_descriptions", now)).exclude(description=""),
            {"description": ""},
        ),
        (
            "incident_photos",
            "deleted",
            IncidentPhoto.objects.filter(created_at__lt=_cutoff("incident_photos", now)),
            None,
        ),
        ("police_events", "deleted", PoliceEvent.objects.filter(occurred_at__lt=_cutoff("police_events", now)), None),
        (
            "camera_sites_after_end",
            "deleted",
            CameraSite.objects.filter(ended_on__lt=_cutoff("camera_sites_after_end", now).date()),
            None,
        ),
        (
            "finished_jobs",
            "deleted",
            DBTaskResult.objects.finished().filter(finished_at__lt=_cutoff("finished_jobs", now)),
            None,
        ),
        ("scheduled_runs", "deleted", ScheduledRun.objects.filter(slot__lt=_cutoff("scheduled_runs", now)), None),
        # Before the imports themselves: a deleted job leaves its rows without one, and so visible.
        (
            "abandoned_staged_rows",
            "deleted",
            Incident.everything.filter(
                import_job__in=not_done.values("pk"), created_at__lt=_cutoff("abandoned_staged_rows", now)
            ),
            None,
        ),
        (
            "finished_imports",
            "deleted",
            IncidentImport.objects.filter(
                Q(finished_at__lt=_cutoff("finished_imports", now))
                | Q(finished_at=None, created_at__lt=_cutoff("finished_imports", now))
            ).exclude(pk__in=not_done.filter(pk__in=with_rows).values("pk")),
            None,
        ),
        ("audit_entries", "deleted", AuditEntry.objects.filter(at__lt=_cutoff("audit_entries", now)), None),
    ]
    outcomes = []
    for record_type, action, queryset, changes in plans:
        count = queryset.count()
        if count and not dry_run:
            queryset.update(**changes) if changes else queryset.delete()
        outcomes.append(Outcome(record_type, action, count))
    return outcomes
