import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0017_plain_reply_addresses'),
        ('places', '0001_initial'),
    ]

    operations = [
        # The model moved between apps; its table stays, so only Django's picture of it changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='focusdecision',
                    name='place',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='places.place', verbose_name='fokusplats'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='district',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='incidents', to='places.district', verbose_name='kommundel'),
                ),
                migrations.AlterField(
                    model_name='incident',
                    name='place',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='places.place', verbose_name='plats'),
                ),
                migrations.AlterField(
                    model_name='incidentindicator',
                    name='districts',
                    field=models.ManyToManyField(blank=True, help_text='Tomt, liksom platser, betyder hela kommunen.', related_name='incident_indicator_bindings', to='places.district', verbose_name='kommundelar'),
                ),
                migrations.AlterField(
                    model_name='incidentindicator',
                    name='places',
                    field=models.ManyToManyField(blank=True, related_name='incident_indicator_bindings', to='places.place', verbose_name='platser'),
                ),
                ],
        ),
    ]
