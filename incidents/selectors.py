from django.db.models import QuerySet

from accounts.models import Municipality

from .models import Incident


def review_queue(municipality: Municipality) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(municipality=municipality, status=Incident.Status.NEW)
        .select_related("category__parent", "place", "reporting_organisation")
        .order_by("occurred_at")
    )
