from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import AuditEntry, Municipality, User


def municipalities_for(user: User) -> QuerySet[Municipality]:
    """The tenants a user may work in: those its organisation serves (all for a superuser)."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    if user.organisation_id is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(organisations=user.organisation_id)


def municipality_for(user: User, slug: str) -> Municipality:
    """One of the user's municipalities by its slug; 404 for any other (its existence does not leak)."""
    return get_object_or_404(municipalities_for(user), slug=slug)


def audit_entries_for(user: User) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(municipality__in=municipalities_for(user)).select_related("user", "municipality")


def all_municipalities() -> QuerySet[Municipality]:
    """Every municipality: the public side serves them all."""
    return Municipality.objects.all()
