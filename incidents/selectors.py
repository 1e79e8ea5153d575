"""Reads of the situation picture. Every object a view fetches comes through a *_for(user) queryset here,
scoped to the user's municipalities: one place where tenancy is decided (as Healthchecks' _get_check_for_user)."""

from django.db.models import QuerySet

from accounts.models import Municipality, User
from accounts.selectors import municipalities_for

from .models import Incident, SituationReport


def incidents_for(user: User) -> QuerySet[Incident]:
    return Incident.objects.filter(municipality__in=municipalities_for(user))


def reports_for(user: User) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(municipality__in=municipalities_for(user)).select_related("municipality")


def review_queue(municipality: Municipality) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(municipality=municipality, status=Incident.Status.NEW)
        .select_related("category__parent", "place", "district", "reporting_organisation")
        .order_by("occurred_at")
    )
