from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import SituationReport


def reports_for(user: User) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")
