import datetime
import os
import socket

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import services
from jobs.models import WorkerHeartbeat
from situation.tasks import build_weekly_drafts


def _running(*workers):
    result = DBTaskResult.objects.get(pk=build_weekly_drafts.enqueue().id)
    result.status, result.worker_ids, result.started_at = "RUNNING", list(workers), timezone.now()
    result.save()
    return result


@pytest.mark.django_db
def test_a_live_workers_task_is_left_alone():
    services.beat("alive")  # this process: alive
    result = _running("alive")
    assert services.recover_abandoned() == (0, 0)
    result.refresh_from_db()
    assert result.status == "RUNNING"


@pytest.mark.django_db
def test_a_dead_workers_task_is_queued_again(settings):
    WorkerHeartbeat.objects.create(
        worker_id="gone", hostname=socket.gethostname(), pid=2**22 + 7, last_seen=timezone.now()
    )
    result = _running("gone")
    assert services.recover_abandoned() == (1, 0)
    result.refresh_from_db()
    assert result.status == "READY" and not WorkerHeartbeat.objects.filter(worker_id="gone").exists()


@pytest.mark.django_db
def test_a_silent_worker_on_another_machine_counts_as_dead_after_the_stale_time(settings):
    settings.WORKER_STALE_SECONDS = 600
    old = timezone.now() - datetime.timedelta(seconds=601)
    WorkerHeartbeat.objects.create(worker_id="far", hostname="other-host", pid=os.getpid(), last_seen=old)
    _running("far")
    assert services.recover_abandoned() == (1, 0)


@pytest.mark.django_db
def test_a_task_that_kills_its_worker_every_time_fails_after_the_last_attempt(settings):
    settings.JOB_MAX_ATTEMPTS = 3
    result = _running("a", "b", "c")  # no heartbeats: all gone
    assert services.recover_abandoned() == (0, 1)
    result.refresh_from_db()
    assert result.status == "FAILED" and "WorkerLost" in result.exception_class_path
