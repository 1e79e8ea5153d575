from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for
from jobs.selectors import task_ended

from .models import Recalculation, SituationReport


def reports_for(user: User) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")


def reports_of(municipality) -> QuerySet[SituationReport]:
    """The municipality's weekly reports, newest week and version first."""
    return SituationReport.objects.filter(municipality=municipality)


def week_reports(municipality, year: int, week: int) -> QuerySet[SituationReport]:
    """Every version of one week's report."""
    return reports_of(municipality).filter(year=year, week=week)


def recalculation_of(report: SituationReport) -> Recalculation | None:
    """The report's latest recalculation, as the page shows it: one whose task has ended while it still says
    queued or running lost its worker (killed too often: jobs.services.recover_abandoned), and is failed."""
    recalculation = Recalculation.objects.filter(report=report).first()
    if recalculation is not None and recalculation.is_under_way and task_ended(recalculation.task_id):
        recalculation.status = Recalculation.Status.FAILED
        recalculation.reason = Recalculation.Reason.WORKER_LOST
    return recalculation
