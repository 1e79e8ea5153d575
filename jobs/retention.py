"""How long finished background jobs and the schedule's slots are kept; privacy.retention applies it
(registered by PrivacyConfig.ready(): privacy sits above jobs)."""

from django_tasks_db.models import DBTaskResult

from .models import ScheduledRun


def finished_jobs(cutoff):
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)


def scheduled_runs(cutoff):
    return ScheduledRun.objects.filter(slot__lt=cutoff)


def register_plans(register) -> None:
    # Finished background jobs and the schedule's slots: a month, for troubleshooting.
    register("finished_jobs", 30, finished_jobs)
    register("scheduled_runs", 30, scheduled_runs)
