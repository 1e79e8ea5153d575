"""Load benchmark: the public pages, Open311 and the REST API served by gunicorn on loopback.

    make load     (or: .venv-bench/bin/python bench/load.py [--requests 5000] [--concurrency 50])

Sets up a fresh SQLite database with the Strängnäs demo, collects static files, starts gunicorn with
the production settings, and drives it with a small asyncio HTTP/1.1 client for a bounded number of
requests. Prints requests/s, p50/p95/p99 latency and the error count. Target (issue 6): p99 < 100 ms
and 0 errors at 50 concurrent clients on this 2-core machine.
"""

import argparse
import asyncio
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
# Behind a TLS proxy in production: the proxy's header makes the requests count as HTTPS.
HEADERS = {"X-Forwarded-Proto": "https"}
PUBLIC = [
    "/",
    "/strangnas/medborgarloften/2024-2025/",
    "/strangnas/medborgarloften/2024-2025/uppfoljning/2/",
    "/strangnas/trygghetskarta/",
    "/strangnas/rapportera/",
    "/oppna-data/",
    "/open311/v2/services.json?jurisdiction_id=strangnas",
    "/open311/v2/requests.json?jurisdiction_id=strangnas",
]
API = ["/api/v1/places/", "/api/v1/logs/?limit=20"]


def production_site(tmp: Path, **settings: str) -> dict:
    """The environment of a node with the production settings (``settings`` add to or override them), and
    its database migrated, the demo loaded and the static files collected."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygg.settings_production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "CITIZEN_REPORT_LIMIT": "100000",
        "MAP_TILE_URL": "",
        "STATIC_ROOT": str(tmp / "static"),
        **settings,
    }
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def prepare(tmp: Path) -> dict:
    return production_site(tmp, DATABASE_URL=f"sqlite:///{tmp / 'load.sqlite3'}")


def login(port: int = PORT, username: str = "lasare") -> str:
    """A viewer's session cookie (viewers need no second factor) for the API requests.

    The production cookies are Secure, which a client on plain loopback HTTP would not send back,
    so the cookies are passed by hand as the TLS proxy would pass them.
    """
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=HEADERS)
    page = client.get("/konto/logga-in/")
    csrf = page.cookies["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/konto/logga-in/",
        data={"username": username, "password": "trygg-demo-2024", "csrfmiddlewaretoken": token},
        headers={"Referer": f"https://127.0.0.1:{port}/konto/logga-in/", "Cookie": f"csrftoken={csrf}"},
    )
    assert response.status_code == 302, response.text[:300]
    return f"sessionid={response.cookies['sessionid']}"


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: cheap enough that the client, which
    shares the two cores with the server, is not what the benchmark measures."""

    def __init__(self, cookie: str = "", port: int = PORT):
        self.cookie, self.port = cookie, port
        self.reader = self.writer = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n{cookie}\r\n".encode()
        )
        status_line = await self.reader.readline()
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.writer = None
        return int(status_line.split()[1])


async def drive(total: int, concurrency: int, session_cookie: str) -> tuple[list[float], int, float]:
    latencies, errors = [], 0
    by_path: dict[str, list[float]] = {}
    paths = PUBLIC * 4 + API
    counter = iter(range(total))

    async def worker():
        nonlocal errors
        citizen, viewer = Connection(), Connection(session_cookie)  # citizens are anonymous, the API is not
        for i in counter:
            path = paths[i % len(paths)]
            start = time.perf_counter()
            try:
                ok = await (viewer if path.startswith("/api/") else citizen).get(path) == 200
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                ok = False
            latencies.append(time.perf_counter() - start)
            by_path.setdefault(path, []).append(time.perf_counter() - start)
            errors += not ok

    warm = Connection()
    for _ in range(8):  # warm up the workers' caches
        for path in PUBLIC:
            await warm.get(path)
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    for path, values in sorted(by_path.items(), key=lambda item: -statistics.median(item[1])):
        print(f"  {statistics.median(values) * 1000:7.1f} ms median  {path}")
    return latencies, errors, elapsed


def serve(env: dict, port: int, workers: int = 3, worker_class: str = "sync", threads: int = 1) -> subprocess.Popen:
    """gunicorn with the production settings on one port: one node."""
    command = [sys.executable, "-m", "gunicorn", "trygg.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads)]
    return subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env)


def wait_until_up(port: int) -> None:
    for _ in range(150):
        try:
            httpx.get(f"http://127.0.0.1:{port}/", headers=HEADERS, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not start")


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", default="sync")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        server = serve(env, PORT, args.workers, args.worker_class, args.threads)
        try:
            wait_until_up(PORT)
            latencies, errors, elapsed = asyncio.run(drive(args.requests, args.concurrency, login()))
        finally:
            server.terminate()
            server.wait(timeout=30)
    ms = [x * 1000 for x in latencies]
    p99 = percentile(ms, 99)
    print(
        f"gunicorn {args.workers} {args.worker_class} workers × {args.threads} threads, {args.concurrency} concurrent "
        f"clients, {len(ms):,} requests ({len(PUBLIC)} public URLs, {len(API)} API URLs)"
    )
    print(
        f"  {len(ms) / elapsed:,.0f} requests/s; p50 {percentile(ms, 50):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
        f"p99 {p99:.1f} ms; errors {errors}"
    )
    ok = p99 < 100 and errors == 0
    print(f"  target p99 < 100 ms and 0 errors: {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
