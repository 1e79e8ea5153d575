"""Audit entries name their object's model by its label ("places.Place"). When a model moves to another
app its table stays, and this keeps its history attached to it: the entries are relabelled both ways."""

from django.db import migrations


def relabel_audit(*moves: tuple[str, str]) -> migrations.RunPython:
    def forwards(apps, schema_editor, pairs=moves):
        entries = apps.get_model("accounts", "AuditEntry").objects
        for old, new in pairs:
            entries.filter(object_type=old).update(object_type=new)

    def backwards(apps, schema_editor):
        forwards(apps, schema_editor, [(new, old) for old, new in moves])

    return migrations.RunPython(forwards, backwards)
