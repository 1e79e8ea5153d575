"""The periodic jobs and when each is due. Each app that owns a periodic job registers it here from its
AppConfig.ready(); every worker looks at the schedule, and the unique slot row in ScheduledRun makes sure a
slot is enqueued once, however many workers there are and on however many machines they run."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from .models import ScheduledRun

MAX_CATCH_UP = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Task  # a django-tasks task without arguments
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


# A job, or a function that gives it as the settings have it when the schedule is read (None: off).
Source = Periodic | Callable[[], Periodic | None]
_sources: list[Source] = []


def register(source: Source) -> None:
    """From the owning app's AppConfig.ready(); registering the same job again changes nothing."""
    if source not in _sources:
        _sources.append(source)


def jobs() -> list[Periodic]:
    """The jobs that are on now, in the order they were registered (the apps' order in INSTALLED_APPS)."""
    found = (source if isinstance(source, Periodic) else source() for source in _sources)
    return [job for job in found if job is not None]


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
                result = job.task.enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker took this slot
        enqueued.append(job.name)
    return enqueued
