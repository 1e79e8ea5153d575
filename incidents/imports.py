"""Long imports in the background: the file is stored, a worker checks every row (the page shows how far
it has come) and saves all of them (invisible until the job is done, then all at once:
services.import_staged), or none and every problem by row."""

import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, User
from trygg import collector

from . import services, tabular
from .models import Incident, IncidentImport

PROGRESS_EVERY = 500  # rows checked between two looks at the clock
# Each progress update rewrites the job's row, stored file included, so a large import updated often would
# spend seconds on it: at most one a second, which the waiting page shows soon enough.
PROGRESS_SECONDS = 1.0


def runs_in_background(content: bytes, filename: str) -> bool:
    """A file that parses to more than IMPORT_INLINE_BYTES (an XLSX counted unpacked) goes to the imports
    queue; a small one is imported while the page waits. TableError, before any parsing, for a file above
    the incidents' limits."""
    return tabular.parse_size(content, filename) > settings.IMPORT_INLINE_BYTES


@transaction.atomic
def start(*, user: User, municipality: Municipality, filename: str, content: bytes) -> IncidentImport:
    from .tasks import import_file

    job = IncidentImport.objects.create(
        municipality=municipality, created_by=user, filename=filename[:200], content=content
    )
    import_file.enqueue(job.pk)
    return job


def run(job_pk: int) -> str:
    """Import one stored file; run again after a worker died, it starts over (what the dead run staged is
    discarded first; none of it was ever visible)."""
    job = IncidentImport.objects.select_related("municipality", "created_by").get(pk=job_pk)
    if job.is_finished:
        return job.status
    _progress(job, status=IncidentImport.Status.CHECKING, checked=0)
    with collector.paused():
        try:
            rows = tabular.read_rows(bytes(job.content), job.filename)
            _progress(job, total=len(rows))
            checked = tabular.check_rows(
                rows,
                job.municipality,
                Incident.Source.IMPORT,
                progress=_now_and_then(lambda n: _progress(job, checked=n)),
                every=PROGRESS_EVERY,
            )
        except tabular.TableError as error:
            _finish(job, status=IncidentImport.Status.FAILED, problems=error.problems[:500])
            return job.status
        _progress(job, status=IncidentImport.Status.SAVING, checked=len(rows))
        services.import_staged(
            user=job.created_by,
            job=job,
            rows=checked,
            progress=_now_and_then(lambda n: _progress(job, imported=n)),
            done=lambda count: _finish(job, status=IncidentImport.Status.DONE, imported=count),
        )
    return job.status


def _now_and_then(update: Callable[[int], None]) -> Callable[[int], None]:
    """``update``, passed on at most once every PROGRESS_SECONDS (the first call included)."""
    last = time.monotonic()

    def throttled(count: int) -> None:
        nonlocal last
        if time.monotonic() - last >= PROGRESS_SECONDS:
            last = time.monotonic()
            update(count)

    return throttled


def _progress(job: IncidentImport, **fields) -> None:
    """Written at once, outside the import's transaction, so that the waiting page sees it."""
    for name, value in fields.items():
        setattr(job, name, value)
    IncidentImport.objects.filter(pk=job.pk).update(**fields)


def _finish(job: IncidentImport, **fields) -> None:
    _progress(job, content=b"", finished_at=timezone.now(), **fields)
