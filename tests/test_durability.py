"""Durability on the configured database (SQLite file or PostgreSQL): concurrent writers, backup/restore,
a killed import. Each test works in a database of its own, created here and removed afterwards."""

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
SODERMANLAND = ROOT / "incidents" / "data" / "polisen_events_sodermanland_2023-2026.json.gz"


def _run(env, *args, timeout=300, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode:
        raise AssertionError(result.stdout + result.stderr)
    return result


@pytest.fixture(scope="module")
def file_database(migrated_template, tmp_path_factory):
    """Environment for subprocesses pointing at a fresh, migrated database of the configured kind."""
    template, server = migrated_template
    if server:
        config = dj_database_url.parse(os.environ["DATABASE_URL"])
        name = f"trygg_durability_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}/{name}"
    else:
        path = tmp_path_factory.mktemp("db") / "durability.sqlite3"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
    yield dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="trygg.settings")
    if server:
        with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _count(env, model: str) -> int:
    code = f"from django.apps import apps; print(apps.get_model('{model}').objects.count())"
    return int(_run(env, "shell", "-c", code).stdout.strip().splitlines()[-1])


WRITER = """
import django, os, sys
django.setup()
from django.db import transaction
from accounts.models import AuditEntry, Municipality
m, _ = Municipality.objects.get_or_create(code="0486", defaults={"name": "Strängnäs", "slug": "strangnas"}) \\
    if sys.argv[1] == "0" else (Municipality.objects.get(code="0486"), False)
for i in range(int(sys.argv[2])):
    with transaction.atomic():
        AuditEntry.objects.create(
            municipality=m, action="create", object_type="test", object_id=f"{sys.argv[1]}-{i}", object_repr="x"
        )
"""


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(file_database):
    if "sqlite" not in file_database["DATABASE_URL"]:
        pytest.skip("SQLite only")
    code = (
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(c.fetchone()[0], connection.settings_dict['OPTIONS']['timeout'])"
    )
    assert _run(file_database, "shell", "-c", code).stdout.strip().splitlines()[-1].split() == ["wal", "20"]


def test_concurrent_writers_lose_nothing(file_database):
    subprocess.run([sys.executable, "-c", WRITER, "0", "1"], cwd=ROOT, env=file_database, check=True, timeout=120)
    before = _count(file_database, "accounts.AuditEntry")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(n + 1), "150"],
            cwd=ROOT,
            env=file_database,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    assert _count(file_database, "accounts.AuditEntry") == before + 4 * 150


def test_backup_and_restore_round_trip_exactly(file_database, tmp_path):
    _run(file_database, "load_demo")
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    _run(file_database, "backup", str(first))
    assert first.stat().st_mode & 0o777 == 0o600  # password hashes and TOTP keys: the owner's eyes only
    assert _run(file_database, "restore", str(first), check=False).returncode != 0  # needs --yes
    _run(
        file_database,
        "shell",
        "-c",
        "from programme.models import PromiseSet; PromiseSet.objects.update(title='ändrad')",
    )
    _run(file_database, "restore", str(first), "--yes")
    _run(file_database, "backup", str(second))
    a, b = gzip.decompress(first.read_bytes()), gzip.decompress(second.read_bytes())
    if a != b:
        i = next(i for i in range(len(a)) if a[i] != b[i])
        pytest.fail(f"dumps differ: {a[i - 300 : i + 80]!r} vs {b[i - 300 : i + 80]!r}")
    models = {obj["model"] for obj in json.loads(a)}
    assert {"incidents.policeevent", "fieldwork.activitylog", "programme.promiseset", "accounts.auditentry"} <= models
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "programme.promiseset", "pk": 1, "fields": {"title": null}}]')
    assert _run(file_database, "restore", str(broken), "--yes", check=False).returncode != 0
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(first.read_bytes()[: len(first.read_bytes()) // 2])
    failed = _run(file_database, "restore", str(truncated), "--yes", check=False)
    assert failed.returncode != 0 and "avkortad eller skadad" in failed.stderr and "Traceback" not in failed.stderr
    _run(file_database, "backup", str(second))
    assert gzip.decompress(second.read_bytes()) == a  # a failed restore changed nothing


def test_killed_import_leaves_the_database_unchanged(file_database, tmp_path):
    records = json.loads(gzip.decompress(SODERMANLAND.read_bytes()))
    many = [dict(r, id=r["id"] + copy * 10_000_000) for copy in range(20) for r in records]  # ~49k events
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(many))
    before = _count(file_database, "incidents.PoliceEvent")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_police_events", str(feed)],
        cwd=ROOT,
        env=file_database,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until the import has written its first chunk, inside its transaction
        line = process.stderr.readline()
        if "nya:" in line:
            break
    else:
        pytest.fail("the import never reported progress")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _count(file_database, "incidents.PoliceEvent") == before
