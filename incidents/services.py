"""State changes of incident reports and police events. Each function is one transaction."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from accounts.models import AuditEntry, Municipality, User
from accounts.services import audit_values, creation, delete_audited, diff, field_values, record, save_audited
from notifications.tasks import notify
from places.geometry import municipality_area
from trygg import bulk, collector, ratelimit
from trygg.page_cache import invalidate as invalidate_public_pages

from .location import locate
from .models import (
    Incident,
    IncidentCategory,
    IncidentImport,
    IncidentPhoto,
    PoliceEvent,
    outside_message,
)
from .police_feed import FIELDS, ParsedEvent

CHUNK = 5000
IMPORT_BATCH = 6000  # rows a transaction: about a third of a second of write lock on SQLite
SQLITE_PAUSE_SECONDS = 0.1


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _stored_digests(events: list[ParsedEvent]) -> dict[int, str]:
    """The stored events' fingerprints, in one range query (feed ids are close together)."""
    if not events:
        return {}
    ids = [e.id for e in events]
    return dict(PoliceEvent.objects.filter(id__range=(min(ids), max(ids))).values_list("id", "digest"))


def _datetime_parameter() -> Callable:
    """Aware UTC datetimes as the backend stores them, without Django's per-value field machinery (it was
    most of the import's time): psycopg takes them as they are; SQLite gets Django's text form."""
    if connection.vendor == "sqlite":
        return bulk.utc_text
    return lambda value: value


def _upsert_many(events: list[ParsedEvent]) -> None:
    """Insert or update many events in a few statements: on PostgreSQL through COPY into a temporary
    table (executemany was a round trip per row); on SQLite one prepared INSERT … ON CONFLICT executed
    for every row (bulk_create is capped at 999 parameters per statement, about 70 rows here)."""
    columns = ["id", *FIELDS, "digest"]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    on_conflict = f"ON CONFLICT ({quote('id')}) DO UPDATE SET " + ", ".join(
        f"{quote(c)} = excluded.{quote(c)}" for c in columns[1:]
    )
    table = quote(PoliceEvent._meta.db_table)
    as_db = _datetime_parameter()
    rows = [(e.id, as_db(e.published_at), as_db(e.occurred_at), *e.values()[2:], e.digest) for e in events]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TEMPORARY TABLE police_import (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY police_import ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM police_import {on_conflict}")
            cursor.execute("DROP TABLE police_import")
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))}) {on_conflict}", rows
            )


@collector.paused()
@transaction.atomic
def upsert_police_events(
    events: list[ParsedEvent], progress: Callable[[str, int, int], None] | None = None
) -> ImportResult:
    """Insert new events, update changed ones, leave identical ones alone: a re-import changes nothing."""
    progress = progress or (lambda stage, done, total: None)
    stored = _stored_digests(events)
    new = [e for e in events if e.id not in stored]
    changed = [e for e in events if e.id in stored and stored[e.id] != e.digest]
    for stage, batch in (("nya", new), ("ändrade", changed)):
        for start in range(0, len(batch), CHUNK):
            _upsert_many(batch[start : start + CHUNK])
            progress(stage, min(start + CHUNK, len(batch)), len(batch))
    return ImportResult(len(new), len(changed), len(events) - len(new) - len(changed))


@transaction.atomic
def report_incident(
    *, user: User | None, incident: Incident, photo: tuple[bytes, tuple[int, int]] | None = None
) -> Incident:
    """A new report lands in the review queue; its point is its place's when a place is given. `photo` is
    a re-encoded JPEG and its size (trygg.images), saved with the report or not at all."""
    locate(incident)
    incident.status = Incident.Status.NEW
    incident.reported_by = user if user and user.is_authenticated else None
    if incident.contact_email and not _receipt_allowed(incident.contact_email):
        incident.contact_email = ""  # nobody confirmed the address: past the day's cap it is neither kept nor mailed
    save_audited(user=user, instance=incident)
    if photo is not None:
        jpeg, (width, height) = photo
        save_audited(user=user, instance=IncidentPhoto(incident=incident, jpeg=jpeg, width=width, height=height))
    if incident.contact_email:
        notify("report_received", incident.pk)
    return incident


def _mailbox(address: str) -> str:
    """The mailbox an address reaches: case, a +tag in the local part, and a domain written in Unicode or
    in its ASCII (IDNA) form, with or without its final dot, do not make another one."""
    local, _at, domain = address.strip().casefold().rpartition("@")
    domain = domain.rstrip(".")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # not a name IDNA can encode: the address is refused before it is sent to anyway
    return f"{local.split('+', 1)[0]}@{domain}"


def _receipt_allowed(address: str) -> bool:
    """Receipts to one mailbox a day are capped, so that nobody can mail-bomb an address by naming it."""
    usage = ratelimit.hit("receipt-mail", f"mailbox:{_mailbox(address)}", settings.RECEIPT_MAIL_DAILY_LIMIT, 86400)
    return usage.allowed


def _save_recorded(user: User | None, incident: Incident, before: dict) -> None:
    incident.save()
    record(
        user=user,
        municipality=incident.municipality,
        action=AuditEntry.Action.UPDATE,
        instance=incident,
        changes=diff(before, field_values(incident)),
    )


@transaction.atomic
def forget_contact(incident: Incident) -> None:
    """The reporter asked for no more messages: the address is erased (the log records that, not it)."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.contact_email:
        before = field_values(incident)
        incident.contact_email = ""
        _save_recorded(None, incident, before)


@transaction.atomic
def remove_photo(*, user: User, photo: IncidentPhoto) -> None:
    """The reviewer removes a photo that shows people (or is of no use); the log keeps that it happened."""
    delete_audited(user=user, instance=photo)


@transaction.atomic
def review_incident(*, user: User, incident: Incident, status: str, category=None, answer: str = "") -> Incident:
    """Approve or reject a report, perhaps with an answer to its reporter; a reporter who left an address
    is told (the message is queued in this transaction, so only a saved review is told of)."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    before = field_values(incident)
    incident.status = status
    if category is not None:
        incident.category = category
    incident.reviewed_by, incident.reviewed_at = user, timezone.now()
    if answer:
        incident.public_answer, incident.answered_at = answer, incident.reviewed_at
    _save_recorded(user, incident, before)
    if incident.contact_email:
        notify("report_updated", incident.pk)
    return incident


@transaction.atomic
def review_many(*, user: User, incidents, status: str) -> int:
    """Review several reports in one transaction: all of them, or none if one fails."""
    count = 0
    for incident in incidents:
        review_incident(user=user, incident=incident, status=status)
        count += 1
    return count


def _refuse_outside(rows: list[dict]) -> None:
    """Incident.check_point for many rows ({attname: value}) at once, before any is written: the writes
    that skip the model's clean (an import, the demo) meet the same rule. ValidationError naming each row
    outside (by its file row: the first row of data is row 2), and nothing is written."""
    problems = []
    for municipality_id in {row["municipality_id"] for row in rows}:
        municipality = Municipality.objects.get(pk=municipality_id)
        area = municipality_area(municipality.code)
        if area is None:
            continue
        numbered = [(n, row) for n, row in enumerate(rows, start=2) if row["municipality_id"] == municipality_id]
        inside = area.contains_all([r["latitude"] for _n, r in numbered], [r["longitude"] for _n, r in numbered])
        for (number, row), ok in zip(numbered, inside, strict=True):
            if not ok:
                problems.append(f"rad {number}: {outside_message(municipality, row['latitude'], row['longitude'])}")
    if problems:
        raise ValidationError(problems[:500])


@transaction.atomic
def add_generated(incidents: list[Incident]) -> int:
    """Incidents made by a program (the demo's synthetic ones), written in bulk without a log entry each,
    all or none: every point must lie inside its municipality (Incident.check_point)."""
    _refuse_outside(
        [{"municipality_id": i.municipality_id, "latitude": i.latitude, "longitude": i.longitude} for i in incidents]
    )
    Incident.objects.bulk_create(incidents, batch_size=1000)
    return len(incidents)


def _created_entries(user: User | None, rows: list[dict]) -> list[dict]:
    """The log entry of each new row, as column values: ``id`` is added once the row is written."""
    categories = {c.pk: str(c) for c in IncidentCategory.objects.select_related("parent")}
    return [
        audit_values(
            user=user,
            municipality_id=row["municipality_id"],
            action=AuditEntry.Action.CREATE,
            model=Incident,
            object_id=None,
            object_repr=Incident.label(categories[row["category_id"]], row["occurred_at"]),
            changes={**creation(row), "import": [None, True]},
        )
        for row in rows
    ]


@transaction.atomic
def import_incidents(*, user: User | None, rows: list[dict]) -> int:
    """Save incidents checked by incidents.tabular.check_rows ({attname: value}) in one transaction, each
    one logged; a row outside its municipality fails them all (_refuse_outside)."""
    _refuse_outside(rows)
    for start in range(0, len(rows), IMPORT_BATCH):
        batch = rows[start : start + IMPORT_BATCH]
        _write_batch(batch, _created_entries(user, batch))
    invalidate_public_pages()  # no post_save is sent
    return len(rows)


def import_staged(
    *,
    user: User | None,
    job,
    rows: list[dict],
    progress: Callable[[int], None],
    done: Callable[[int], None],
) -> int:
    """A large import without a long write lock (SQLite has one writer at a time): the rows are written
    in short transactions, each with its job, and no reader sees a row whose job is not done
    (Incident.objects); ``done(count)`` then marks the job done, in a one-row transaction that makes
    every row visible at once. A run that died half-way is cleaned up by the next. A row outside its
    municipality fails the import before anything is written (_refuse_outside)."""
    _refuse_outside(rows)
    discard_staged(job)
    for row in rows:
        row["import_job_id"] = job.pk
    batches = [rows[start : start + IMPORT_BATCH] for start in range(0, len(rows), IMPORT_BATCH)]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _write_alongside(user, batches, progress)
    else:
        _write_in_turn(user, batches, progress)
    with transaction.atomic():
        invalidate_public_pages()
        done(len(rows))
    return len(rows)


def _write_in_turn(user: User | None, batches: list[list[dict]], progress: Callable[[int], None]) -> None:
    written, unlocked_at = 0, time.monotonic()
    for batch in batches:
        # The log entries are made before the write lock is taken: they are much of a batch's work, and
        # others can write meanwhile.
        entries = _created_entries(user, batch)
        _let_others_write(unlocked_at)
        _write_batch(batch, entries)
        written += len(batch)
        progress(written)
        unlocked_at = time.monotonic()


def _write_alongside(user: User | None, batches: list[list[dict]], progress: Callable[[int], None]) -> None:
    """PostgreSQL: each batch is written on a thread of its own, with its own connection, while this one
    prepares the next. The server's half of a batch (the COPY, then the foreign keys checked at commit)
    was 40 % of a large import, and Python only waited for it. Keys come from the sequences outside any
    transaction, so a batch is complete, log entries and all, before it is handed over. Not inside a
    transaction (a test, a caller's atomic block): the other connection would not see its rows."""
    written = 0

    def write(prepared: list[bulk.Prepared], count: int) -> None:
        nonlocal written
        _write_prepared(prepared)
        written += count
        progress(written)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer") as writer:
        try:
            pending = None
            for batch in batches:
                prepared = _prepared_batch(user, batch)
                if pending is not None:
                    pending.result()  # one batch in flight; an error in it stops the import here
                pending = writer.submit(write, prepared, len(batch))
            if pending is not None:
                pending.result()
        finally:
            writer.submit(connections.close_all).result()


def _prepared_batch(user: User | None, batch: list[dict]) -> list[bulk.Prepared]:
    ids = bulk.reserve_ids(Incident, len(batch))
    entries = _keyed(_created_entries(user, batch), ids)
    return [
        bulk.prepare(Incident, batch, ids),
        bulk.prepare(AuditEntry, entries, bulk.reserve_ids(AuditEntry, len(entries))),
    ]


@transaction.atomic
def _write_prepared(prepared: list[bulk.Prepared]) -> None:
    for part in prepared:
        bulk.write(part)


@transaction.atomic
def _write_batch(rows: list[dict], entries: list[dict]) -> None:
    """One batch and its log entries (trygg.bulk: a tenth of bulk_create's time), each entry with its
    row's primary key."""
    bulk.insert_values(AuditEntry, _keyed(entries, bulk.insert_values(Incident, rows)))


def _keyed(entries: list[dict], ids: list[int]) -> list[dict]:
    """Each log entry with the primary key of its row."""
    for pk, entry in zip(ids, entries, strict=True):
        entry["object_id"] = str(pk)
        entry["changes"]["id"] = [None, pk]
    return entries


def _let_others_write(unlocked_at: float) -> None:
    """On SQLite a waiting writer polls for the lock, at last every 100 ms: the lock stays free that long
    between two batches (counted from ``unlocked_at``, so that preparing the next batch counts), which lets
    a citizen's report in instead of after the whole import."""
    if connection.vendor == "sqlite":
        time.sleep(max(0.0, SQLITE_PAUSE_SECONDS - (time.monotonic() - unlocked_at)))


@transaction.atomic
def discard_staged(job) -> None:
    """The rows (and their log entries) of an import attempt that did not finish; never a done import's."""
    staged = Incident.everything.filter(import_job=job).exclude(import_job__status=IncidentImport.Status.DONE)
    ids = [str(pk) for pk in staged.values_list("pk", flat=True)]
    for start in range(0, len(ids), CHUNK):
        AuditEntry.objects.filter(object_type="incidents.Incident", object_id__in=ids[start : start + CHUNK]).delete()
    staged.delete()
