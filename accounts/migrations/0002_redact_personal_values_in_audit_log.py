"""Removes personal values already copied into the audit log (e-mail, descriptions, observations)."""

from django.db import migrations

PERSONAL = {
    "incidents.Incident": ("description", "contact_email"),
    "fieldwork.ActivityLog": ("observations",),
}
PERSONAL_VALUE = "(personuppgift – värdet loggas inte)"


def redact(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    for object_type, fields in PERSONAL.items():
        for entry in AuditEntry.objects.filter(object_type=object_type).iterator():
            changes = dict(entry.changes)
            touched = False
            for field in fields:
                if field in changes:
                    changes[field] = [PERSONAL_VALUE if v not in (None, "") else v for v in changes[field]]
                    touched = True
            if touched:
                AuditEntry.objects.filter(pk=entry.pk).update(changes=changes)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(redact, migrations.RunPython.noop)]
