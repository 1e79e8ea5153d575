from django.db import migrations

from incidents.taxonomy import seed


def seed_taxonomy(apps, schema_editor):
    seed(apps.get_model("incidents", "IncidentCategory"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(seed_taxonomy, migrations.RunPython.noop)]
