"""The database cache's table (settings.CACHES without REDIS_URL), created with the schema so that a fresh
install, the tests and every worker share it. createcachetable does nothing when it exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_redact_personal_values_in_audit_log")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
