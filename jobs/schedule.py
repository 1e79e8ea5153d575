"""The periodic jobs and when each is due. Every worker looks at the schedule; the unique slot row in
ScheduledRun makes sure a slot is enqueued once, however many workers there are and on however many
machines they run."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun

MAX_CATCH_UP = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: str  # dotted path of a django-tasks task without arguments
    every: datetime.timedelta | None = None  # every N minutes from midnight, or
    at: datetime.time | None = None  # daily at a local time,
    weekday: int | None = None  # on this ISO weekday only (1 = Monday)

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime | None:
        """The latest start of this job at or before ``now`` (local time), or None if it is off."""
        local = timezone.localtime(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.every is not None:
            if self.every <= datetime.timedelta(0):
                return None
            steps = (local - midnight) // self.every
            return midnight + steps * self.every
        slot = midnight.replace(hour=self.at.hour, minute=self.at.minute)
        while slot > local or (self.weekday is not None and slot.isoweekday() != self.weekday):
            slot = (slot - datetime.timedelta(days=1)).replace(hour=self.at.hour, minute=self.at.minute)
        return slot

    def grace(self) -> datetime.timedelta:
        """How late a slot may still start: a worker that was down does not replay a backlog."""
        return min(self.every, MAX_CATCH_UP) if self.every else MAX_CATCH_UP


def jobs() -> list[Periodic]:
    every = datetime.timedelta(minutes=settings.POLICE_FEED_MINUTES)
    police_on = settings.POLICE_FEED_MINUTES > 0 and settings.POLICE_FEED_URL
    police = [Periodic("police_feed", "incidents.tasks.fetch_police_feed", every=every)] if police_on else []
    return [
        *police,
        Periodic("weekly_drafts", "situation.tasks.build_weekly_drafts", at=datetime.time(6, 0), weekday=1),
        Periodic("retention", "privacy.tasks.nightly_retention", at=datetime.time(2, 30)),
        Periodic("reporter_reminders", "fieldwork.tasks.remind_missing_logs", at=datetime.time(7, 0)),
        Periodic("item_reminders", "actions.tasks.remind_items_due", at=datetime.time(7, 5)),
        Periodic("shifts_at_risk", "shifts.tasks.warn_shifts_at_risk", every=datetime.timedelta(hours=1)),
    ]


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every job whose latest slot has not been enqueued yet; the names of those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        slot = job.latest_slot(now)
        if slot is None or now - slot > job.grace():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, slot=slot)
                result = import_string(job.task).enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker took this slot
        enqueued.append(job.name)
    return enqueued
