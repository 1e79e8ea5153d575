"""Attack: rate limits that checked, then counted. 30 citizen reports sent at once against a limit of 5 were
all accepted, and an Open311 key went past its hourly limit, each report mailing an unconfirmed address;
an API key had no limit at all.

Real threads post at once (a barrier) to a real server (gunicorn: two worker processes of 16 threads, on
the test database), with each shared cache production uses: the database table and Redis. Exactly `limit`
are accepted; every other answer is 429 with Retry-After.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
import requests
from django.db import connection

from api.services import create_token
from incidents import taxonomy
from incidents.models import Incident, IncidentCategory
from public.models import Open311ApiKey
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
SENDERS = 32
CITIZEN_LIMIT, OPEN311_LIMIT, WINDOW = 5, 10, 3600
API_LIMIT = 10  # a minute
# A Redis database per pytest-xdist worker (gw0: 13, gw1: 12, …): each test flushes its own.
REDIS_URL = f"redis://127.0.0.1:6379/{13 - int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0')[2:]) % 13}"


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


@pytest.fixture(params=["database", "redis"])
def server(request, transactional_db):
    """The base URL of a gunicorn server on the test database, with the shared cache of the parameter."""
    taxonomy.seed(IncidentCategory)  # a transactional test empties the tables the migration seeded
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygg.settings",
        "DATABASE_URL": _database_url(),
        "CITIZEN_REPORT_LIMIT": str(CITIZEN_LIMIT),
        "OPEN311_LIMIT": str(OPEN311_LIMIT),
        "API_RATE_LIMIT": str(API_LIMIT),
        "PUBLIC_CACHE_SECONDS": "0",
    }
    env.pop("REDIS_URL", None)
    if request.param == "redis":
        _redis_or_skip().flushdb()
        env["REDIS_URL"] = REDIS_URL
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "trygg.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "2", "--worker-class", "gthread", "--threads", "16", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        _wait_until_up(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        if request.param == "redis":
            _redis_or_skip().flushdb()


def _wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            requests.get(f"http://127.0.0.1:{port}/tillganglighet/", timeout=20)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("the test server did not start")


def _all_at_once(send, count: int) -> list[requests.Response]:
    barrier = threading.Barrier(count)
    responses: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        responses[i] = send(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def _assert_refused_with_retry_after(responses, accepted_status: int, limit: int, window: int) -> None:
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [accepted_status] * limit + [429] * (len(responses) - limit)
    for refused in (r for r in responses if r.status_code == 429):
        assert 0 < int(refused.headers["Retry-After"]) <= window


def test_concurrent_citizen_reports_accept_exactly_the_limit(server, station):
    klotter = IncidentCategory.objects.get(code="klotter")
    form = {"category": klotter.pk, "place": station.pk, "occurred_at": "2025-06-20T22:00", "website": ""}
    url = f"{server}/strangnas/rapportera/"

    def send(i):
        data = {**form, "description": f"Klotter på väntkuren {i}"}
        return requests.post(url, data=data, allow_redirects=False, timeout=60)

    responses = _all_at_once(send, SENDERS)
    _assert_refused_with_retry_after(responses, 302, CITIZEN_LIMIT, WINDOW)
    assert Incident.objects.count() == CITIZEN_LIMIT
    refused = next(r for r in responses if r.status_code == 429).text
    assert "många rapporter" in refused and "Rätta fälten" not in refused


def test_concurrent_open311_posts_accept_exactly_the_key_limit(server, strangnas):
    _, key = Open311ApiKey.issue("Felanmälningsappen", strangnas)
    url = f"{server}/open311/v2/requests.json"
    post = {"api_key": key, "jurisdiction_id": "strangnas", "service_code": "klotter", "lat": "59.3776"}

    def send(i):
        data = {**post, "long": "17.0313", "description": f"Klotter på busskuren {i}"}
        return requests.post(url, data=data, timeout=60)

    responses = _all_at_once(send, SENDERS)
    _assert_refused_with_retry_after(responses, 201, OPEN311_LIMIT, WINDOW)
    assert Incident.objects.filter(source=Incident.Source.OPEN311).count() == OPEN311_LIMIT
    error = next(r for r in responses if r.status_code == 429).json()
    assert error[0]["code"] == 429 and "förfrågningar" in error[0]["description"]


def test_concurrent_api_requests_with_one_key_get_exactly_the_limit(server, police, station):
    user = UserFactory(username="samordnare-api", organisation=police, role="coordinator")
    _token, secret = create_token(created_by=None, user=user, municipality=station.municipality, name="GIS")
    url = f"{server}/api/v1/places/"

    def send(i):
        return requests.get(url, headers={"Authorization": f"Token {secret}"}, timeout=60)

    responses = _all_at_once(send, SENDERS)
    _assert_refused_with_retry_after(responses, 200, API_LIMIT, 60)
    assert "API-nyckel" in next(r for r in responses if r.status_code == 429).json()["detail"]
