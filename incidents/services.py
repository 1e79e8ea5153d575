"""State changes of the situation picture. Each function is one transaction."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import AuditEntry, User
from accounts.services import audit_entry, delete_audited, diff, record, save_audited, snapshot
from notifications.tasks import notify

from .location import locate
from .models import FocusDecision, Incident, IncidentIndicator, IncidentPhoto, PoliceEvent, SituationReport
from .police_feed import FIELDS, ParsedEvent

CHUNK = 5000


class ReportFrozen(Exception):
    """The report was approved (perhaps a moment ago, by someone else): it no longer changes."""

    message = "Lägesbilden har godkänts och är låst. Ändringen sparades inte; skapa en ny version."

    def __init__(self):
        super().__init__(self.message)


def _locked_draft(report: SituationReport) -> SituationReport:
    """The report's row, locked until the transaction ends, and still a draft; else ReportFrozen.

    On PostgreSQL the row lock serialises approval against every other change; on SQLite every
    transaction begins IMMEDIATE (one writer at a time), which does the same.
    """
    locked = SituationReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_frozen:
        raise ReportFrozen()
    return locked


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _existing_values(ids: list[int]) -> dict[int, tuple]:
    existing = {}
    for start in range(0, len(ids), CHUNK):
        rows = PoliceEvent.objects.filter(id__in=ids[start : start + CHUNK]).values_list("id", *FIELDS)
        existing.update({row[0]: row[1:] for row in rows})
    return existing


def _insert_many(events: list[ParsedEvent]) -> None:
    """One prepared INSERT executed for many rows: bulk_create on SQLite is capped at 999 parameters
    per statement (about 70 rows here), which made an 85k-event import several times slower."""
    fields = [PoliceEvent._meta.get_field(name) for name in ["id", *FIELDS]]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(PoliceEvent._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    # Only datetimes need the backend's adaptation; ints, floats, strings and booleans pass as they are.
    dates = [i for i, field in enumerate(fields) if field.get_internal_type() == "DateTimeField"]
    rows = []
    for event in events:
        row = [event.id, *event.values()]
        for i in dates:
            row[i] = fields[i].get_db_prep_save(row[i], connection)
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@transaction.atomic
def upsert_police_events(
    events: list[ParsedEvent], progress: Callable[[str, int, int], None] | None = None
) -> ImportResult:
    """Insert new events, update changed ones, leave identical ones alone: a re-import changes nothing."""
    progress = progress or (lambda stage, done, total: None)
    existing = _existing_values([e.id for e in events])
    new, changed = [], []
    for event in events:
        old = existing.get(event.id)
        if old is None:
            new.append(event)
        elif old != event.values():
            changed.append(PoliceEvent(id=event.id, **dict(zip(FIELDS, event.values(), strict=True))))
    for start in range(0, len(new), CHUNK):
        _insert_many(new[start : start + CHUNK])
        progress("nya", min(start + CHUNK, len(new)), len(new))
    for start in range(0, len(changed), CHUNK):
        PoliceEvent.objects.bulk_update(changed[start : start + CHUNK], FIELDS, batch_size=500)
        progress("ändrade", min(start + CHUNK, len(changed)), len(changed))
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
    save_audited(user=user, instance=incident)
    if photo is not None:
        jpeg, (width, height) = photo
        save_audited(user=user, instance=IncidentPhoto(incident=incident, jpeg=jpeg, width=width, height=height))
    if incident.contact_email:
        notify("report_received", incident.pk)
    return incident


def _save_recorded(user: User | None, incident: Incident, before: dict) -> None:
    incident.save()
    record(
        user=user,
        municipality=incident.municipality,
        action=AuditEntry.Action.UPDATE,
        instance=incident,
        changes=diff(before, snapshot(incident)),
    )


@transaction.atomic
def forget_contact(incident: Incident) -> None:
    """The reporter asked for no more messages: the address is erased (the log records that, not it)."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.contact_email:
        before = snapshot(incident)
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
    before = snapshot(incident)
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


@transaction.atomic
def import_incidents(*, user: User | None, incidents: list[Incident]) -> int:
    """Save already validated incidents (see incidents.tabular) in one transaction, each one audited."""
    for incident in incidents:
        incident.save()
    AuditEntry.objects.bulk_create(
        audit_entry(
            user=user,
            municipality=incident.municipality,
            action=AuditEntry.Action.CREATE,
            instance=incident,
            changes={**diff({}, snapshot(incident)), "import": [None, True]},
        )
        for incident in incidents
    )
    return len(incidents)


@transaction.atomic
def build_situation_report(*, user: User | None, municipality, monday) -> SituationReport:
    """Compute the week's figures into its open draft; after an approval, into a new version."""
    from .report import build_figures

    year, week, _ = monday.isocalendar()
    latest = (
        SituationReport.objects.select_for_update()
        .filter(municipality=municipality, year=year, week=week)
        .order_by("-version")
        .first()
    )
    if latest is None or latest.is_frozen:
        report = SituationReport(
            municipality=municipality,
            year=year,
            week=week,
            version=(latest.version + 1) if latest else 1,
            analysis=latest.analysis if latest else "",
        )
        action = AuditEntry.Action.CREATE
    else:
        report, action = latest, AuditEntry.Action.UPDATE
    report.figures = build_figures(municipality, monday)
    report.built_at = timezone.now()
    # A draft is updated in its figures only: a full save would write back the status it was read with.
    report.save(update_fields=["figures", "built_at"] if action == AuditEntry.Action.UPDATE else None)
    if latest is not None and latest.is_frozen:
        for decision in latest.decisions.all():
            decision.pk, decision.report = None, report
            decision.save()
    record(
        user=user,
        municipality=municipality,
        action=action,
        instance=report,
        changes={"built_at": [None, str(report.built_at)]},
    )
    return report


@transaction.atomic
def save_analysis(*, user: User, report: SituationReport, analysis: str) -> SituationReport:
    report = _locked_draft(report)
    report.analysis = analysis
    return save_audited(user=user, instance=report)


@transaction.atomic
def add_decision(*, user: User, decision: FocusDecision) -> FocusDecision:
    decision.report = _locked_draft(decision.report)
    return save_audited(user=user, instance=decision)


@transaction.atomic
def approve_report(*, user: User, report: SituationReport) -> SituationReport:
    report = _locked_draft(report)
    report.status, report.approved_by, report.approved_at = SituationReport.Status.APPROVED, user, timezone.now()
    SituationReport.objects.filter(pk=report.pk).update(
        status=report.status, approved_by=user, approved_at=report.approved_at
    )
    record(
        user=user,
        municipality=report.municipality,
        action=AuditEntry.Action.PUBLISH,
        instance=report,
        changes={"status": ["draft", "approved"]},
    )
    return report


@transaction.atomic
def save_incident_indicator(
    *, user: User, binding: IncidentIndicator, categories, places, districts
) -> IncidentIndicator:
    """Bind an outcome indicator to reviewed incidents (audited, with its choices)."""
    save_audited(user=user, instance=binding)
    binding.categories.set(categories)
    binding.places.set(places)
    binding.districts.set(districts)
    return binding
