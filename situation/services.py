"""State changes of the weekly lägesbild: building its figures, the analysis, approval. Each function is one
transaction; an approved report is frozen (trygg.freezing: a change to it raises Frozen), and building
its figures again makes a new version."""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from accounts.models import AuditEntry, User
from accounts.services import record, record_publication, save_audited
from trygg.freezing import locked_unfrozen

from .figures import build_figures
from .models import SituationReport

# Sent inside the transaction that makes a new version of an approved report (previous=, report=), so that
# what hangs on a report (the meeting's decisions) is carried over by the app that owns it.
new_version = Signal()


@transaction.atomic
def build_situation_report(*, user: User | None, municipality, monday) -> SituationReport:
    """Compute the week's figures into its open draft; after an approval, into a new version."""
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
