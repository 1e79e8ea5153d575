"""Background jobs of incident reports and police events (run by `manage.py run_worker`; apps.py puts the
periodic one on jobs.schedule)."""

import datetime
import logging

from django.conf import settings
from django_tasks import task

from jobs.queues import IMPORTS_QUEUE
from jobs.schedule import Periodic

from . import services
from .police_feed import load_events

logger = logging.getLogger("trygg.jobs")


def _log_progress(stage: str, done: int, total: int) -> None:
    logger.info("polisens händelser, %s: %d/%d", stage, done, total)


@task()
def fetch_police_feed() -> dict:
    """The police's open events from settings.POLICE_FEED_URL, upserted by id in one transaction: a fetch
    that fails or a worker that dies leaves the table as it was, and the next run (or the retry) is the
    same import again."""
    events = load_events(settings.POLICE_FEED_URL, settings.IMPORT_MAX_UNCOMPRESSED_BYTES)
    result = services.upsert_police_events(events, progress=_log_progress)
    logger.info("polisens händelser: %d nya, %d ändrade", result.created, result.updated)
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


def police_feed_job() -> Periodic | None:
    """The feed every POLICE_FEED_MINUTES, read when the schedule is: off without a URL or with 0 minutes."""
    if settings.POLICE_FEED_MINUTES <= 0 or not settings.POLICE_FEED_URL:
        return None
    return Periodic("police_feed", fetch_police_feed, every=datetime.timedelta(minutes=settings.POLICE_FEED_MINUTES))


@task(queue_name=IMPORTS_QUEUE)
def import_file(import_pk: int) -> str:
    """A CSV/XLSX file of incidents stored by the import page (incidents.imports)."""
    from .imports import run

    return run(import_pk)
