"""A worker killed in the middle of the police import leaves nothing half-written, and the job is run
again by the next worker. Real processes on the configured database (SQLite file or PostgreSQL)."""

import gzip
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.test_durability import ROOT, SODERMANLAND, _count, _run, file_database  # noqa: F401 - the fixture

STATE = (
    "from django_tasks_db.models import DBTaskResult as R; "
    "r = R.objects.get(task_path='incidents.tasks.fetch_police_feed'); print(r.status, ','.join(r.worker_ids))"
)


def _worker(env, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-schedule", "--interval", "0.2", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _state(env) -> str:
    return _run(env, "shell", "-c", STATE).stdout.strip().splitlines()[-1]


@pytest.mark.django_db
def test_killed_worker_leaves_nothing_half_written_and_the_job_is_retried(file_database, feed_server):  # noqa: F811
    records = json.loads(gzip.decompress(SODERMANLAND.read_bytes()))
    feed_server.body = json.dumps([dict(r, id=r["id"] + n * 10_000_000) for n in range(20) for r in records]).encode()
    env = dict(file_database, POLICE_FEED_URL=feed_server.url, LOG_LEVEL="INFO")
    _run(env, "shell", "-c", "from incidents.tasks import fetch_police_feed; fetch_police_feed.enqueue()")

    first = _worker(env, "--worker-id", "first")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until the import has written its first chunk, inside its transaction
        if "nya:" in first.stderr.readline():
            break
    else:
        first.kill()
        pytest.fail("the worker never reported import progress")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert _count(env, "incidents.PoliceEvent") == 0
    assert _state(env) == "RUNNING first"  # claimed by a worker that is gone

    second = _worker(env, "--worker-id", "second", "--batch")
    second.wait(timeout=300)
    assert second.returncode == 0, second.stderr.read()
    assert _state(env) == "SUCCESSFUL first,second"
    assert _count(env, "incidents.PoliceEvent") == 20 * len(records)
