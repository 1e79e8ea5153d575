from django.db.models import QuerySet

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


def audit_entries_for(user: User) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(municipality__in=municipalities_for(user)).select_related("user", "municipality")
