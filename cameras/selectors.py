from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import CameraSite


def camera_sites_for(user: User) -> QuerySet[CameraSite]:
    return CameraSite.objects.filter(municipality__in=municipalities_for(user)).select_related(
        "place", "municipality", "evaluation"
    )
