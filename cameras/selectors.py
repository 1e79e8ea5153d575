from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import municipalities_for

from .models import CameraSite


def camera_sites_for(user: User) -> QuerySet[CameraSite]:
    return CameraSite.objects.filter(municipality__in=municipalities_for(user)).select_related(
        "place", "municipality", "evaluation"
    )


def camera_site_in(municipality, pk) -> CameraSite | None:
    """The municipality's camera site with this id, or None."""
    return CameraSite.objects.filter(municipality=municipality, pk=pk or 0).first()
