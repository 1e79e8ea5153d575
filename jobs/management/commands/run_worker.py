import threading
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jobs import schedule, services

HEARTBEAT_SECONDS = 30


class Command(BaseCommand):
    help = (
        "Kör bakgrundsjobben (e-post, import, påminnelser) och schemat (polisens händelser, veckans lägesbild, "
        "gallring). Flera arbetare kan köras samtidigt, också på flera datorer mot samma PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Kör det som väntar och avsluta.")
        parser.add_argument("--interval", type=float, default=2.0, help="Sekunder mellan titt i kön.")
        parser.add_argument("--no-schedule", action="store_true", help="Köa inga schemalagda jobb.")
        parser.add_argument("--worker-id", default=None, help="Unikt namn på arbetaren (annars slumpat).")

    def handle(self, *, batch, interval, no_schedule, worker_id, verbosity, **options):
        worker_id = worker_id or get_random_string(32)
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        services.beat(worker_id)
        stop = threading.Event()
        threading.Thread(target=_keep_beating, args=(worker_id, stop), daemon=True).start()
        try:
            while worker.running:
                self._tick(worker_id, no_schedule, verbosity)
                worker.run()
                if batch:
                    break
                time.sleep(interval)
        finally:
            stop.set()
            services.forget(worker_id)

    def _tick(self, worker_id: str, no_schedule: bool, verbosity: int) -> None:
        close_old_connections()
        services.beat(worker_id)
        requeued, failed = services.recover_abandoned()
        enqueued = [] if no_schedule else schedule.enqueue_due()
        if verbosity > 1 or requeued or failed or enqueued:
            self.stdout.write(f"köade {enqueued}, åter i kön {requeued}, misslyckade {failed}")


def _keep_beating(worker_id: str, stop: threading.Event) -> None:
    """Heartbeats while a long task runs, on the thread's own connection."""
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            services.beat(worker_id)
        except OperationalError:
            pass  # the database is busy with the task's write; the next beat will do
        finally:
            connection.close()
