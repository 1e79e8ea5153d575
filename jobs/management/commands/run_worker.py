import logging
import os
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jobs import schedule, services
from jobs.queues import IMPORTS_QUEUE

HEARTBEAT_SECONDS = 30
logger = logging.getLogger("trygg.jobs")


def _worker(worker_id: str, queues: list[str], excluded: list[str]) -> Worker:
    return Worker(
        queue_names=queues,
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=excluded,
    )


class Command(BaseCommand):
    help = (
        "Kör bakgrundsjobben (e-post, import, påminnelser) och schemat (polisens händelser, veckans lägesbild, "
        "gallring). Importerna har en egen kö, som körs vid sidan av de andra: e-post väntar aldrig på en import. "
        "Flera arbetare kan köras samtidigt, också på flera datorer mot samma PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Kör det som väntar och avsluta.")
        parser.add_argument("--interval", type=float, default=2.0, help="Sekunder mellan titt i kön.")
        parser.add_argument("--no-schedule", action="store_true", help="Köa inga schemalagda jobb.")
        parser.add_argument("--worker-id", default=None, help="Unikt namn på arbetaren (annars slumpat).")

    def handle(self, *, batch, interval, no_schedule, worker_id, verbosity, **options):
        worker_id = worker_id or get_random_string(32)
        services.beat(worker_id)
        beating = threading.Event()
        threading.Thread(target=_keep_beating, args=(worker_id, beating), daemon=True).start()
        if batch:  # every queue in turn, in this thread
            try:
                self._tick(worker_id, no_schedule, verbosity)
                _worker(worker_id, ["*"], []).run()
            finally:
                beating.set()
                services.forget(worker_id)
            return
        main = _worker(worker_id, ["*"], [IMPORTS_QUEUE])
        imports = _worker(worker_id, [IMPORTS_QUEUE], [])
        stopping = threading.Event()
        _stop_on_signals([main, imports], stopping)
        serving_imports = threading.Thread(target=_serve, args=(imports, interval, stopping), name="imports")
        serving_imports.start()
        try:
            while main.running:
                self._tick(worker_id, no_schedule, verbosity)
                main.run()
                stopping.wait(interval)
        finally:
            main.running = imports.running = False
            serving_imports.join()  # the running import ends first; this worker's heartbeat covers it meanwhile
            beating.set()
            services.forget(worker_id)

    def _tick(self, worker_id: str, no_schedule: bool, verbosity: int) -> None:
        close_old_connections()
        services.beat(worker_id)
        requeued, failed = services.recover_abandoned()
        enqueued = [] if no_schedule else schedule.enqueue_due()
        if verbosity > 1 or requeued or failed or enqueued:
            self.stdout.write(f"köade {enqueued}, åter i kön {requeued}, misslyckade {failed}")


def _stop_on_signals(workers: list[Worker], stopping: threading.Event) -> None:
    """The first SIGINT/SIGTERM lets the running tasks end and takes no new ones; the second ends the process
    at once, as kill -9 does (its tasks go back to the queue as a dead worker's do). The handler only sets
    flags: an exception raised in the main thread mid-transaction would keep SQLite's write lock while the
    other loop waits for it."""

    def stop(signum, frame) -> None:
        if stopping.is_set():
            logger.warning("arbetaren avbryts under pågående uppgift (%s)", signal.strsignal(signum))
            os._exit(1)
        logger.warning("arbetaren stannar när pågående uppgifter är klara (%s)", signal.strsignal(signum))
        for worker in workers:
            worker.running = False
        stopping.set()

    for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def _serve(worker: Worker, interval: float, stopping: threading.Event) -> None:
    """One queue's loop, on its own thread and database connection, until the worker is stopped."""
    while worker.running:
        try:
            worker.run()
        except Exception:  # the queue must outlive a database hiccup; the main loop's tick recovers tasks
            logger.exception("kön %s: fel i arbetaren", ",".join(worker.queue_names))
        finally:
            connection.close()
        stopping.wait(interval)


def _keep_beating(worker_id: str, stop: threading.Event) -> None:
    """Heartbeats while a long task runs, on the thread's own connection."""
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            services.beat(worker_id)
        except OperationalError:
            pass  # the database is busy with the task's write; the next beat will do
        finally:
            connection.close()
