"""The worker's bookkeeping: heartbeats, and tasks left running by a worker that died."""

import os
import socket

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat


class WorkerLost(Exception):
    """The task's worker stopped (killed, machine lost) too many times while running it."""


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname(), "pid": os.getpid(), "last_seen": timezone.now()},
    )


def forget(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    return True


def _is_dead(heartbeat: WorkerHeartbeat | None, now) -> bool:
    if heartbeat is None:
        return True
    if heartbeat.hostname == socket.gethostname() and not _process_alive(heartbeat.pid):
        return True
    return (now - heartbeat.last_seen).total_seconds() > settings.WORKER_STALE_SECONDS


@transaction.atomic
def recover_abandoned() -> tuple[int, int]:
    """Tasks claimed by a dead worker go back to the queue, or fail after JOB_MAX_ATTEMPTS claims.
    Their writes were one transaction that died with the worker, so running them again is safe.
    Returns (requeued, failed)."""
    now = timezone.now()
    requeued = failed = 0
    for result in DBTaskResult.objects.select_for_update(skip_locked=True).filter(status=TaskResultStatus.RUNNING):
        last_worker = result.worker_ids[-1] if result.worker_ids else None
        if not _is_dead(WorkerHeartbeat.objects.filter(worker_id=last_worker).first(), now):
            continue
        if len(result.worker_ids) >= settings.JOB_MAX_ATTEMPTS:
            result.set_failed(WorkerLost(f"Arbetaren stannade {len(result.worker_ids)} gånger under uppgiften."))
            failed += 1
        else:
            result.status, result.started_at = TaskResultStatus.READY, None
            result.save(update_fields=["status", "started_at"])
            requeued += 1
        forget(last_worker)
    return requeued, failed
