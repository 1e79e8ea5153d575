"""How long the audit log is kept; privacy.retention applies it (registered by PrivacyConfig.ready():
privacy sits above accounts)."""

from .models import AuditEntry


def audit_entries(cutoff):
    return AuditEntry.objects.filter(at__lt=cutoff)


def register_plans(register) -> None:
    # The audit log: ten years.
    register("audit_entries", 10 * 365, audit_entries)
