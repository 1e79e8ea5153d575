from django.db import migrations, models

import incidents.models


def fill(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    for pk in Incident.objects.filter(public_ref__isnull=True).values_list("pk", flat=True).iterator():
        Incident.objects.filter(pk=pk).update(public_ref=incidents.models.new_public_ref())


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_report_figures_blank")]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="public_ref",
            field=models.CharField(editable=False, max_length=10, null=True, verbose_name="referensnummer"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="incident",
            name="public_ref",
            field=models.CharField(
                default=incidents.models.new_public_ref,
                editable=False,
                max_length=10,
                unique=True,
                verbose_name="referensnummer",
            ),
        ),
    ]
