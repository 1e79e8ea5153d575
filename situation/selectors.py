from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import SituationReport


def reports_for(user: User) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")


def reports_of(municipality) -> QuerySet[SituationReport]:
    """The municipality's weekly reports, newest week and version first."""
    return SituationReport.objects.filter(municipality=municipality)


def week_reports(municipality, year: int, week: int) -> QuerySet[SituationReport]:
    """Every version of one week's report."""
    return reports_of(municipality).filter(year=year, week=week)
