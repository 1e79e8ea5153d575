"""State changes of the weekly lägesbild: building its figures, the analysis, approval. Each change is one
transaction; an approved report is frozen (trygg.freezing: a change to it raises Frozen), and building
its figures again makes a new version. The figures take seconds at a large municipality, so they are
computed before the row is locked, and a draft's are computed again by the background worker
(request_recalculation, then recalculate in situation.tasks): no request waits for them."""

import logging

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from accounts.models import AuditEntry, User
from accounts.services import record, record_publication, save_audited
from trygg.freezing import locked_unfrozen

from .figures import build_figures, iso_monday
from .models import Recalculation, SituationReport
from .selectors import recalculation_of

logger = logging.getLogger("trygg.jobs")

# Sent inside the transaction that makes a new version of an approved report (previous=, report=), so that
# what hangs on a report (the meeting's decisions) is carried over by the app that owns it.
new_version = Signal()


def build_situation_report(*, user: User | None, municipality, monday) -> SituationReport:
    """Compute the week's figures into its open draft; after an approval, into a new version. The figures
    depend on the incidents only, so they are computed first and the row is locked just to store them."""
    figures = build_figures(municipality, monday)
    return _store_build(user=user, municipality=municipality, monday=monday, figures=figures)


@transaction.atomic
def _store_build(*, user: User | None, municipality, monday, figures: dict) -> SituationReport:
    year, week, _weekday = monday.isocalendar()
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
    report.figures = figures
    report.built_at = timezone.now()
    # A draft is updated in its figures only: a full save would write back the status it was read with.
    report.save(update_fields=["figures", "built_at"] if action == AuditEntry.Action.UPDATE else None)
    if latest is not None and latest.is_frozen:
        new_version.send(sender=SituationReport, previous=latest, report=report)
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
    report = locked_unfrozen(report)
    report.analysis = analysis
    return save_audited(user=user, instance=report)


@transaction.atomic
def approve_report(*, user: User, report: SituationReport) -> SituationReport:
    report = locked_unfrozen(report)
    status = SituationReport.Status.APPROVED
    return record_publication(user=user, instance=report, status=status, when="approved_at", by="approved_by")


@transaction.atomic
def request_recalculation(*, user: User, report: SituationReport) -> tuple[Recalculation, bool]:
    """Queue the draft's figures to be computed again by the worker: (the recalculation, whether it was queued
    now). One already queued or running is given back instead of a second. The report's row is read, never
    locked, and nothing is computed here; Frozen for an approved report."""
    from .tasks import recalculate_report

    report = SituationReport.objects.get(pk=report.pk)
    report.check_not_frozen()
    latest = recalculation_of(report)
    if latest is not None and latest.is_under_way:
        return latest, False
    if latest is not None and latest.status == Recalculation.Status.FAILED and not latest.finished_at:
        _settle(latest, status=latest.status, reason=latest.reason)  # its worker was lost: say so for good
    # A report keeps its latest finished recalculation only: what the page says about the last one.
    Recalculation.objects.filter(report=report).exclude(status__in=Recalculation.UNDER_WAY).delete()
    try:
        with transaction.atomic():
            recalculation = Recalculation.objects.create(report=report, requested_by=user)
    except IntegrityError:  # another request queued one a moment ago (one_recalculation_under_way)
        return Recalculation.objects.get(report=report, status__in=Recalculation.UNDER_WAY), False
    recalculation.task_id = str(recalculate_report.enqueue(recalculation.pk).id)
    recalculation.save(update_fields=["task_id"])
    return recalculation, True


def recalculate(recalculation_pk: int) -> str:
    """The worker's part: the figures computed outside any transaction, then saved in a short one if the
    report is still the draft it was when they were begun (not approved, not built by anyone else meanwhile);
    otherwise they are discarded and the reason recorded. Run again after a lost worker, it starts over."""
    recalculation = Recalculation.objects.select_related("report__municipality", "requested_by").get(
        pk=recalculation_pk
    )
    if not recalculation.is_under_way:
        return recalculation.status
    _settle(recalculation, status=Recalculation.Status.RUNNING, started_at=timezone.now(), finished_at=None)
    report = recalculation.report
    try:
        figures = build_figures(report.municipality, iso_monday(report.year, report.week))
    except Exception as error:
        _settle(
            recalculation,
            status=Recalculation.Status.FAILED,
            reason=Recalculation.Reason.BUILD_FAILED,
            error=type(error).__name__[:200],
        )
        raise  # the worker records the traceback on its task
    with transaction.atomic():
        # FOR NO KEY UPDATE on PostgreSQL: a request queuing a recalculation (a row pointing at this one) is
        # not held up by this short lock.
        current = SituationReport.objects.select_for_update(no_key=True).get(pk=report.pk)
        if current.is_frozen:
            reason = Recalculation.Reason.APPROVED_MEANWHILE
        elif current.built_at != report.built_at:
            reason = Recalculation.Reason.BUILT_MEANWHILE
        else:
            before = current.built_at
            current.figures, current.built_at = figures, timezone.now()
            current.save(update_fields=["figures", "built_at"])
            record(
                user=recalculation.requested_by,
                municipality=current.municipality,
                action=AuditEntry.Action.UPDATE,
                instance=current,
                changes={"built_at": [str(before) if before else None, str(current.built_at)]},
            )
            _settle(recalculation, status=Recalculation.Status.DONE)
            return recalculation.status
        _settle(recalculation, status=Recalculation.Status.DISCARDED, reason=reason)
    logger.info("omräkning av %s sparades inte: %s", report, reason)
    return recalculation.status


def _settle(recalculation: Recalculation, **fields) -> None:
    """Written at once (outside a transaction: the page sees it while the figures are computed)."""
    if fields.get("status") in {Recalculation.Status.DONE, Recalculation.Status.FAILED, Recalculation.Status.DISCARDED}:
        fields.setdefault("finished_at", timezone.now())
    for name, value in fields.items():
        setattr(recalculation, name, value)
    Recalculation.objects.filter(pk=recalculation.pk).update(**fields)
