"""Two app nodes sharing PostgreSQL and Redis (issue 15, targets 4 and 5).

    .venv-bench/bin/python bench/two_nodes.py [--requests 10000] [--concurrency 200]

Sets up a fresh PostgreSQL database (127.0.0.1:5432, trust auth) with the Strängnäs demo and a Redis
database (127.0.0.1:6379/7), starts two gunicorn nodes (ports 8765 and 8766, production settings) and a
task worker beside each, then checks that the nodes behave as one:
- a session begun on one node is valid on the other;
- the citizen-report rate limit counts across nodes (the limit, not twice it);
- a public page cached by one node is served by the other from the shared cache, and a change made
  through either node is seen on both at once (the cache's generation);
- both workers are alive and a job queued on one node is run.
Then it drives the public pages, alternating between the nodes, and reports p50/p95/p99 and errors.
Targets: every check holds; p99 < 100 ms with 0 errors. Prints OK or MISSED; exits 1 on a miss.
"""

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import uvloop

sys.path.insert(0, str(Path(__file__).parent))
from load import (  # noqa: E402
    HEADERS,
    PUBLIC,
    ROOT,
    Connection,
    client_share,
    login,
    percentile,
    production_site,
    serve,
    wait_until_up,
)

PORTS = (8765, 8766)
DATABASE = "trygg_bench_nodes"
REDIS_URL = "redis://127.0.0.1:6379/7"
RATE_LIMIT = 4


def prepare(tmp: Path) -> dict:
    import psycopg
    import redis

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    return production_site(
        tmp,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL=REDIS_URL,
        SECRET_KEY="bench-two-nodes-" + "x" * 40,  # the same on every node, as in production
        CITIZEN_REPORT_LIMIT=str(RATE_LIMIT),
        POLICE_FEED_MINUTES="0",
    )


def url(port: int, path: str) -> str:
    return f"http://127.0.0.1:{port}{path}"


def check_session() -> bool:
    cookie = login(PORTS[0], "nattvandrare")  # a volunteer: no second factor to pass in a benchmark
    response = httpx.get(url(PORTS[1], "/start/"), headers={**HEADERS, "Cookie": cookie})
    return response.status_code == 200 and "Hej Nora" in response.text


def check_rate_limit() -> bool:
    """Post reports alternately to the two nodes: the shared counter refuses the one after the limit."""
    form = httpx.get(url(PORTS[0], "/strangnas/rapportera/"), headers=HEADERS).text
    category = re.search(r'name="category"[^>]*>.*?<option value="(\d+)"', form, re.S)
    category = category or re.search(r'name="category" value="(\d+)"', form)
    place = re.search(r'<select name="place"[^>]*>.*?<option value="(\d+)"', form, re.S)
    data = {"category": category.group(1), "place": place.group(1), "occurred_at": "2025-06-20T22:00", "website": ""}
    statuses = [
        httpx.post(
            url(PORTS[i % 2], "/strangnas/rapportera/"), data={**data, "description": f"Klotter {i}"}, headers=HEADERS
        ).status_code
        for i in range(RATE_LIMIT + 2)
    ]
    return statuses == [302] * RATE_LIMIT + [429, 429]


def check_shared_cache(env: dict) -> bool:
    """Node A caches the home page; a change that sends no signal (SQL) is not seen on node B, which
    serves A's copy; a change through the app is seen on both at once."""
    import psycopg

    first = httpx.get(url(PORTS[0], "/"), headers=HEADERS).text
    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("UPDATE programme_promiseset SET title = title || ' (ändrad i databasen)'")
    served_by_b = httpx.get(url(PORTS[1], "/"), headers=HEADERS).text
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from trygg.page_cache import _move_on; _move_on()"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    after = [httpx.get(url(port, "/"), headers=HEADERS).text for port in PORTS]
    return served_by_b == first and all("ändrad i databasen" in page for page in after)


def check_workers(env: dict) -> bool:
    script = (
        "import time; from jobs.models import WorkerHeartbeat; from shifts.tasks import warn_shifts_at_risk; "
        "from django_tasks_db.models import DBTaskResult; t = warn_shifts_at_risk.enqueue(); "
        "[time.sleep(0.5) for _ in range(60) if DBTaskResult.objects.get(pk=t.id).status != 'SUCCESSFUL']; "
        "print(WorkerHeartbeat.objects.count(), DBTaskResult.objects.get(pk=t.id).status)"
    )
    out = (
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split()
    )
    if out != ["2", "SUCCESSFUL"]:
        print(f"  (workers alive, job status: {' '.join(out)})")
    return out == ["2", "SUCCESSFUL"]


async def drive(total: int, concurrency: int) -> tuple[list[float], int, float]:
    latencies, errors = [], 0
    counter = iter(range(total))

    async def client(n: int):
        nonlocal errors
        connection = Connection(port=PORTS[n % 2])  # half the clients on each node, as a proxy spreads them
        for i in counter:
            start = time.perf_counter()
            try:
                ok = await connection.get(PUBLIC[i % len(PUBLIC)]) == 200
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                ok = False
            latencies.append(time.perf_counter() - start)
            errors += not ok

    for port in PORTS:
        warm = Connection(port=port)
        for path in PUBLIC * 4:
            await warm.get(path)
    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(client(n) for n in range(concurrency)))
    elapsed = time.perf_counter() - started
    print(client_share(time.process_time() - cpu, elapsed))
    return latencies, errors, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    args = parser.parse_args()
    processes = []
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        try:
            for index, port in enumerate(PORTS):
                processes.append(serve(env, port, args.workers))
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "run_worker", "--worker-id", f"node-{index + 1}"],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            for port in PORTS:
                wait_until_up(port)
            checks = [
                ("a session from node 1 is valid on node 2", check_session()),
                (f"the rate limit counts across nodes ({RATE_LIMIT} accepted, then 429)", check_rate_limit()),
                ("a cached page is shared, and a change is seen on both nodes at once", check_shared_cache(env)),
                ("a worker beside each node, and a queued job runs", check_workers(env)),
            ]
            latencies, errors, elapsed = uvloop.run(drive(args.requests, args.concurrency))
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
    ms = [x * 1000 for x in latencies]
    p99 = percentile(ms, 99)
    print(f"Two nodes (gunicorn {args.workers} sync workers each) on PostgreSQL and Redis, with a worker each:")
    missed = 0
    for text, ok in checks:
        print(f"  {text}: {'OK' if ok else 'MISSED'}")
        missed += not ok
    print(
        f"  {args.concurrency} concurrent clients alternating between the nodes, {len(ms):,} requests to "
        f"{len(PUBLIC)} public URLs: {len(ms) / elapsed:,.0f} requests/s; p50 {percentile(ms, 50):.1f} ms, "
        f"p95 {percentile(ms, 95):.1f} ms, p99 {p99:.1f} ms; errors {errors}"
    )
    ok = p99 < 100 and errors == 0
    print(f"  target p99 < 100 ms and 0 errors: {'OK' if ok else 'MISSED'}")
    return 1 if missed or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
