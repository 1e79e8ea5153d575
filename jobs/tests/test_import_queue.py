"""Imports run on a queue of their own: a worker busy with a long incident import still sends e-mail at
once. A real worker process, a real SMTP server, the configured database (SQLite file or PostgreSQL)."""

import os
import signal
import sqlite3
import time
from contextlib import closing

import dj_database_url
import psycopg
import pytest

from jobs.tests.test_worker_recovery import _worker
from tests.test_durability import _count, _run, file_database  # noqa: F401 - the fixture

ADDRESS = "tipsare@example.se"
ROWS = 20_000  # a few seconds of checking and saving

IMPORT = f"""
from accounts.models import Municipality
from incidents import imports
m, _ = Municipality.objects.get_or_create(code="0486", defaults={{"name": "Strängnäs", "slug": "strangnas"}})
lines = ["intraffade;kategori;latitud;longitud"]
lines += [f"2025-06-03 10:{{i % 60:02d}};klotter;59,37{{i % 90:02d}};17,03{{i % 70:02d}}" for i in range({ROWS})]
imports.start(user=None, municipality=m, filename="stor.csv", content=("\\n".join(lines) + "\\n").encode())
"""
MAIL = f"""
import datetime
from django.utils import timezone
from accounts.models import Municipality
from incidents.models import Incident, IncidentCategory
from notifications.tasks import notify
m = Municipality.objects.get(code="0486")
incident = Incident.objects.create(
    municipality=m, category=IncidentCategory.objects.get(code="klotter"), source="citizen",
    occurred_at=timezone.now() - datetime.timedelta(hours=1), latitude=59.37, longitude=17.03,
    contact_email="{ADDRESS}",
)
notify("report_received", incident.pk)
"""

STATE = """
from django_tasks_db.models import DBTaskResult as R
for path in ["incidents.tasks.import_file", "notifications.tasks.deliver"]:
    r = R.objects.filter(task_path=path).latest("enqueued_at")
    times = [t.timestamp() if t else None for t in (r.started_at, r.finished_at, r.enqueued_at)]
    print(path, r.status, r.queue_name, *times)
"""


def _states(env) -> dict[str, list[str]]:
    lines = _run(env, "shell", "-c", STATE).stdout.strip().splitlines()[-2:]
    return {line.split()[0]: line.split()[1:] for line in lines}


@pytest.mark.django_db
def test_mail_is_sent_while_an_import_runs(file_database, smtp, settings):  # noqa: F811
    env = dict(
        file_database,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(settings.EMAIL_PORT),  # the test's SMTP server (the smtp fixture)
        SITE_URL="https://trygg.example.se",
    )
    _run(env, "shell", "-c", IMPORT + MAIL)  # the import first: a single queue would run it before the mail
    worker = _worker(env, "--worker-id", "both")
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            states = _states(env)
            if all(state[0] in ("SUCCESSFUL", "FAILED") for state in states.values()):
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"the tasks did not finish: {states}")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    imported, mailed = states["incidents.tasks.import_file"], states["notifications.tasks.deliver"]
    assert len(smtp.to(ADDRESS)) == 1
    import_started, import_finished = float(imported[2]), float(imported[3])
    mail_finished = float(mailed[3])
    assert import_started < mail_finished < import_finished, states  # sent while the import ran, not after it
    assert imported[:2] == ["SUCCESSFUL", "imports"] and mailed[:2] == ["SUCCESSFUL", "default"]
    assert worker.returncode == 0, worker.stderr.read()


LATEST_IMPORT = "SELECT status, imported FROM incidents_incidentimport ORDER BY id DESC LIMIT 1"


def _job(env) -> list[str]:
    """The latest import's status and rows, read straight from the database: milliseconds, where a
    `manage.py shell` takes a second or more and could miss a short import's working states."""
    config = dj_database_url.parse(env["DATABASE_URL"])
    if config["ENGINE"].endswith("sqlite3"):
        with closing(sqlite3.connect(config["NAME"], timeout=20)) as conn:
            row = conn.execute(LATEST_IMPORT).fetchone()
    else:
        dsn = f"host={config['HOST']} port={config['PORT'] or 5432} user={config['USER']} dbname={config['NAME']}"
        with psycopg.connect(dsn) as conn:
            row = conn.execute(LATEST_IMPORT).fetchone()
    return [row[0], str(row[1])] if row else ["none", "0"]


@pytest.mark.django_db
def test_a_worker_killed_during_an_import_loses_nothing_and_the_import_runs_again(file_database):  # noqa: F811
    before = _count(file_database, "incidents.Incident")
    _run(file_database, "shell", "-c", IMPORT)
    first = _worker(file_database, "--worker-id", "killed")
    try:
        deadline = time.monotonic() + 120
        while _job(file_database)[0] not in ("checking", "saving"):  # on the imports thread
            if time.monotonic() > deadline:
                pytest.fail("the import never started")
            time.sleep(0.02)
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    assert _count(file_database, "incidents.Incident") == before  # nothing of it is visible
    second = _worker(file_database, "--worker-id", "next", "--batch")
    second.wait(timeout=300)
    assert second.returncode == 0, second.stderr.read()
    assert _job(file_database) == ["done", str(ROWS)]
    assert _count(file_database, "incidents.Incident") == before + ROWS


@pytest.mark.django_db
def test_sigterm_during_an_import_lets_it_end_before_the_worker_stops(file_database):  # noqa: F811
    before = _count(file_database, "incidents.Incident")
    _run(file_database, "shell", "-c", IMPORT)
    worker = _worker(file_database, "--worker-id", "stopped")
    deadline = time.monotonic() + 120
    while _job(file_database)[0] not in ("checking", "saving"):
        if time.monotonic() > deadline:
            worker.kill()
            pytest.fail("the import never started")
        time.sleep(0.02)
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=300)
    assert worker.returncode == 0, worker.stderr.read()
    assert _job(file_database) == ["done", str(ROWS)]  # ended by the stopping worker itself
    assert _count(file_database, "incidents.Incident") == before + ROWS
    beats = "from jobs.models import WorkerHeartbeat as W; print(W.objects.filter(worker_id='stopped').count())"
    assert _run(file_database, "shell", "-c", beats).stdout.strip().splitlines()[-1] == "0"
